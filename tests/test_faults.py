"""With the database unreachable, pages answer a 503 and /healthz says so; the site recovers by itself.
And what gunicorn refuses itself, before the site sees a request, is what the API's schema says.

A real gunicorn serves the site from a real PostgreSQL database reached through a TCP proxy that the
test cuts and restores (tests/faults.py): the outage is a network one, as in production.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

from tests.faults import DatabaseProxy

pytestmark = pytest.mark.postgres_server

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("FAULTS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "catalogue_faults"


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except urllib.error.URLError:
        return None  # not listening yet


def eventually(url, expected, seconds=30):
    deadline = time.monotonic() + seconds
    while (answer := status(url)) != expected and time.monotonic() < deadline:
        time.sleep(0.5)
    return answer


@pytest.fixture(scope="module")
def site():
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    proxy = DatabaseProxy()
    proxy.restore()
    port = DatabaseProxy().port  # a free port for gunicorn
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{proxy.port}/{DATABASE}",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "faults-test-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "PAGE_CACHE_SECONDS": "0",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "DATABASE_POOL_TIMEOUT": "2",
        "WEB_CONCURRENCY": "1",
        "PORT": str(port),
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    fixtures = sorted(path.stem for path in (ROOT / "fixtures").glob("*.json"))
    subprocess.run([sys.executable, "manage.py", "loaddata", "-v0", *fixtures], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert eventually(f"{base}/healthz/live", 200) == 200
        yield base, proxy
    finally:
        server.terminate()
        server.wait(timeout=30)
        proxy.cut()
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def test_an_outage_gives_503_and_the_site_recovers_when_the_database_returns(site):
    base, proxy = site
    assert status(f"{base}/en/practices/amuddu/") == 200
    proxy.cut()
    assert eventually(f"{base}/en/practices/amuddu/", 503) == 503
    assert status(f"{base}/healthz") == 503
    assert status(f"{base}/healthz/live") == 200
    # An outage long enough for a pool's retries to space out (1 s, 2 s, 4 s...).
    deadline = time.monotonic() + 12
    while time.monotonic() < deadline:
        assert status(f"{base}/en/practices/amuddu/") == 503
    proxy.restore()
    # The first request after the outage connects afresh: no waiting out the old pool's retry delays.
    assert status(f"{base}/en/practices/amuddu/") == 200
    assert status(f"{base}/healthz") == 200


def test_the_503_page_is_friendly_and_in_the_visitors_language(site):
    base, proxy = site
    proxy.cut()
    try:
        eventually(f"{base}/fr/projects/", 503)
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(f"{base}/fr/projects/", timeout=20)
        page = answer.value.read().decode()
        assert "Rien n'est perdu" in page
        assert "Traceback" not in page
        assert answer.value.headers["Retry-After"] == "30"
    finally:
        proxy.restore()
        eventually(f"{base}/healthz", 200)


def answer(url):
    """The status and content type of a GET, error or not."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type()


def test_an_address_too_long_for_gunicorn_gets_the_answer_the_api_schema_documents(site):
    base, _proxy = site
    path = "/api/v1/practices/?q="
    # Up to gunicorn's limit, the site answers, in JSON: here a 400 for words over 200 characters.
    assert answer(base + path + "a" * (8000 - len(path))) == (400, "application/json")
    # Past it, gunicorn answers with its own page, as the schema says of every operation.
    status, content_type = answer(base + path + "a" * 9000)
    with urllib.request.urlopen(f"{base}/api/v1/schema/?format=json", timeout=20) as response:
        documented = json.load(response)["paths"]["/api/v1/practices/"]["get"]["responses"]
    assert (status, content_type) == (414, "text/html")
    assert content_type in documented[str(status)]["content"]
