"""With Redis unreachable, or stopped mid-run, every door of the site answers, uncached.

A real gunicorn serves the site from PostgreSQL with REDIS_URL set, as in production; the tests start
their own Redis server on a free port, and stop it, to play the outage.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest

from tests.ports import free_port

pytestmark = pytest.mark.postgres_server

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("FAULTS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "catalogue_cache_outage"
PASSWORD = "outage-test-password-1234"
OUTAGE_WARNING = "The cache is unreachable"


def answer(url, opener=None, data=None):
    """(status, body) of a GET, or a POST when `data` is given."""
    try:
        with (opener or urllib.request.build_opener()).open(url, data=data, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_until(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    return False


class Redis:
    """A Redis server of the test's own, on a free port, that it can stop and start again."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        assert wait_until(lambda: socket.create_connection(("127.0.0.1", self.port), timeout=1).close() is None)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def environment():
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    env = {
        **os.environ,
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "cache-outage-test-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_SECURE_COOKIES": "False",
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "PAGE_CACHE_SECONDS": "600",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    fixtures = sorted(path.stem for path in (ROOT / "fixtures").glob("*.json"))
    subprocess.run([sys.executable, "manage.py", "loaddata", "-v0", *fixtures], cwd=ROOT, env=env, check=True)
    # Served by whitenoise from the collected folder, as in production.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "createsuperuser", "--no-input", "--username", "staff", "--email", "s@x.org"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    yield env
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


class Site:
    def __init__(self, environment, redis_port, log):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**environment, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "PORT": str(self.port)}
        self.log = log
        self.log_file = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stderr=self.log_file,
        )
        assert wait_until(lambda: answer(f"{self.base}/healthz/live")[0] == 200)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log_file.close()

    def outage_warnings(self):
        return self.log.read_text().count(OUTAGE_WARNING)


# The public doors, the API, a static file and the health endpoints.
ADDRESSES = [
    "/en/",
    "/fr/practices/",
    "/es/projects/?country=SN",
    "/en/practices/amuddu/",
    "/en/search/?q=migrants",
    "/en/objectives/16/",
    "/api/v1/practices/",
    "/api/v1/practices/?lang=fr",
    "/en/practices/export.csv",
    "/static/css/site.css",
    "/healthz/live",
]


def logs_in(site):
    """Whether staff can log in at the admin: the form, its CSRF token, the session it opens."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    status, page = answer(f"{site.base}/admin/login/", opener)
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": "staff", "password": PASSWORD, "next": "/admin/"}
    status, page = answer(f"{site.base}/admin/login/", opener, urllib.parse.urlencode(form).encode())
    return status == 200 and "/admin/logout/" in page


def test_with_redis_unreachable_every_door_answers_and_the_outage_is_logged_once(environment, tmp_path):
    site = Site(environment, free_port(), tmp_path / "gunicorn.log")  # nothing listens on that port
    try:
        for address in ADDRESSES * 3:
            assert answer(f"{site.base}{address}")[0] == 200, address
        status, body = answer(f"{site.base}/healthz")
        assert status == 200
        assert '"cache": "down"' in body
        assert logs_in(site)
        # Once a minute by each process at most: two workers, many requests.
        assert 1 <= site.outage_warnings() <= 2
    finally:
        site.stop()


def test_redis_stopping_mid_run_leaves_the_site_up_and_it_uses_redis_again_when_it_returns(environment, tmp_path):
    redis = Redis()
    redis.start()
    site = Site(environment, redis.port, tmp_path / "gunicorn.log")
    try:
        for address in ADDRESSES:
            assert answer(f"{site.base}{address}")[0] == 200, address
        assert '"cache": "ok"' in answer(f"{site.base}/healthz")[1]
        redis.stop()
        for address in ADDRESSES * 2:
            assert answer(f"{site.base}{address}")[0] == 200, address
        status, body = answer(f"{site.base}/healthz")
        assert (status, '"cache": "down"' in body) == (200, True)
        assert logs_in(site)
        redis.start()
        assert wait_until(lambda: '"cache": "ok"' in answer(f"{site.base}/healthz")[1])
        assert answer(f"{site.base}/en/practices/")[0] == 200
    finally:
        site.stop()
        if redis.process.poll() is None:
            redis.stop()
