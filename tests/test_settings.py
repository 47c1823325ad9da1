"""Settings come from the environment, strictly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code, **env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**environment, **env}, capture_output=True, text=True
    )


def test_the_server_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run("import config.wsgi")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_the_server_starts_with_a_secret_key():
    assert run("import config.wsgi", DJANGO_SECRET_KEY="a-key").returncode == 0


def test_booleans_accept_only_true_or_false():
    result = run("import config.wsgi", DJANGO_SECRET_KEY="a-key", DJANGO_DEBUG="yes")
    assert "DJANGO_DEBUG must be True or False" in result.stderr


def test_the_page_cache_is_off_without_a_cache_that_every_worker_shares():
    code = "import config.wsgi; from django.conf import settings; print(settings.PAGE_CACHE_SECONDS)"
    assert run(code, DJANGO_SECRET_KEY="a-key", PAGE_CACHE_SECONDS="", REDIS_URL="").stdout.split()[-1] == "0"
    assert (
        run(
            code, DJANGO_SECRET_KEY="a-key", PAGE_CACHE_SECONDS="", REDIS_URL="redis://127.0.0.1:6379/9"
        ).stdout.split()[-1]
        == "600"
    )
