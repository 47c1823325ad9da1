"""The site as several machines run it: nginx, two app servers, a PostgreSQL primary and its streaming replica.

Real servers, which the test makes and stops: a primary cluster of its own (pg_createcluster), a replica
copied from it (pg_basebackup), two gunicorn app servers and nginx from Debian (bench/cluster.py). The page
cache is off, so that every request reads the database. While clients read public pages through nginx, the
test stops one app server, then the replica, and starts both again.
"""

import os
import shutil
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import cluster  # noqa: E402 (bench/ is no package)
import run as bench  # noqa: E402

pytestmark = pytest.mark.postgres_pass

DATABASE = "catalogue"
ADDRESSES = ["/en/", "/fr/practices/", "/es/projects/?country=SV", "/en/practices/?gcm=16", "/api/v1/practices/"]


def stats(postgres):
    """Rows this server has returned to queries on the catalogue's database, so far."""
    with psycopg.connect(f"{postgres.url}/postgres", autocommit=True) as connection:
        connection.execute("SELECT pg_stat_clear_snapshot()")
        return connection.execute(
            "SELECT tup_returned FROM pg_stat_database WHERE datname = %s", [DATABASE]
        ).fetchone()[0]


def reads_go_to(postgres, seconds=3):
    """Whether the catalogue's reads reach `postgres` over the next few seconds of load (statistics are
    flushed about once a second)."""
    before = stats(postgres)
    time.sleep(seconds)
    return stats(postgres) - before > 1000


class Visitors:
    """Clients reading public pages through nginx, one after another, each request recorded."""

    def __init__(self, base, clients=4):
        self.base, self.results, self.running = base, [], True
        self.threads = [threading.Thread(target=self.visit, args=(number,)) for number in range(clients)]

    def visit(self, number):
        while self.running:
            address = ADDRESSES[(number + len(self.results)) % len(ADDRESSES)]
            started = time.monotonic()
            try:
                with urllib.request.urlopen(self.base + address, timeout=30) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
                error.close()
            except OSError as error:
                status = repr(error)
            self.results.append((started, time.monotonic(), status, address))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.running = False
        for thread in self.threads:
            thread.join()

    def failures(self, since=0):
        return [result for result in self.results if result[0] >= since and result[2] != 200]


@pytest.fixture(scope="module")
def servers():
    for tool in ("pg_createcluster", "pg_basebackup", "nginx"):
        assert shutil.which(tool) or Path(f"/usr/lib/postgresql/{cluster.VERSION}/bin/{tool}").exists(), tool
    primary = cluster.Postgres("catalogue_test_primary", bench.free_port())
    replica = cluster.Postgres("catalogue_test_replica", bench.free_port())
    primary.drop()
    replica.drop()
    primary.create()
    with psycopg.connect(f"{primary.url}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    env = {
        **os.environ,
        "DATABASE_URL": f"{primary.url}/{DATABASE}",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "cluster-test-only-secret-key-not-for-production-use",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_SECURE_COOKIES": "False",
        "PAGE_CACHE_SECONDS": "0",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "REPLICA_RETRY_SECONDS": "1",
        "DJANGO_API_RATE_LIMITS": "False",
    }
    env.pop("REDIS_URL", None)
    bench.manage(env, "migrate", "--no-input", "-v0")
    bench.manage(env, "loaddata", "-v0", *sorted(path.stem for path in (ROOT / "fixtures").glob("*.json")))
    replica.copy_as_standby(primary)
    site = cluster.Cluster(env, DATABASE, port=bench.free_port(), primary=primary, replica=replica)
    try:
        with site:
            yield site
    finally:
        replica.drop()
        primary.drop()


def test_anonymous_reads_go_to_the_replica(servers):
    with Visitors(servers.address) as visitors:
        assert reads_go_to(servers.replica)
    assert visitors.results
    assert not visitors.failures()


def test_a_read_right_after_a_write_sees_it_though_the_replica_is_behind(servers):
    """The replica applies each commit two seconds late: a page asked for at once comes from the primary."""
    with psycopg.connect(f"{servers.replica.url}/postgres", autocommit=True) as connection:
        connection.execute("ALTER SYSTEM SET recovery_min_apply_delay = '2s'")
        connection.execute("SELECT pg_reload_conf()")
    try:
        with psycopg.connect(f"{servers.primary.url}/{DATABASE}", autocommit=True) as connection:
            for number in range(3):
                title = f"Gene-Sis, read back at once {number}"
                connection.execute("UPDATE projects_project SET title_en = %s WHERE slug = 'gene-sis'", [title])
                with urllib.request.urlopen(f"{servers.address}/en/projects/gene-sis/", timeout=30) as response:
                    assert title in response.read().decode()
    finally:
        with psycopg.connect(f"{servers.replica.url}/postgres", autocommit=True) as connection:
            connection.execute("ALTER SYSTEM RESET recovery_min_apply_delay")
            connection.execute("SELECT pg_reload_conf()")


def test_stopping_an_app_server_fails_no_request_but_those_in_flight_on_it(servers):
    with Visitors(servers.address) as visitors:
        time.sleep(2)
        stopped_at = time.monotonic()
        servers.apps[0].stop(hard=True)
        time.sleep(4)
        servers.apps[0].start()
        time.sleep(2)
    in_flight = [result for result in visitors.failures() if result[0] <= stopped_at <= result[1]]
    assert visitors.failures() == in_flight
    assert len([result for result in visitors.results if result[0] > stopped_at]) > 20


def test_stopping_the_replica_moves_reads_to_the_primary_and_back_once_it_returns(servers):
    with Visitors(servers.address) as visitors:
        time.sleep(2)
        stopped_at = time.monotonic()
        servers.replica.stop()
        assert reads_go_to(servers.primary)
        servers.replica.start()
        assert cluster.wait_until(lambda: reads_go_to(servers.replica, seconds=2), seconds=30)
    assert not visitors.failures()
    assert len([result for result in visitors.results if result[0] > stopped_at]) > 20


def test_a_long_request_body_reaches_the_app_servers(servers):
    """An admin form is longer than nginx keeps in memory: nginx's workers write it to their own folder."""
    request = urllib.request.Request(f"{servers.address}/admin/login/", data=b"note=" + b"x" * 100_000)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    refused.value.close()
    assert refused.value.code == 403  # Django's CSRF check answered: the body went through
