"""The database router's choices: anonymous reads from the replica, everything else from the primary.

The real replica, its lag and its failures are in tests/test_cluster.py (PostgreSQL pass).
"""

import pytest
from django.conf import settings
from django.db import transaction

from config import replica
from practices.models import Practice

router = replica.PrimaryReplicaRouter()


@pytest.fixture
def reading_from_the_replica():
    token = replica._reading.set(True)
    yield
    replica._reading.reset(token)


def test_reads_go_to_the_primary_outside_a_request_that_reads_from_the_replica():
    assert router.db_for_read(Practice) == "default"


def test_a_public_read_goes_to_the_replica(reading_from_the_replica):
    assert router.db_for_read(Practice) == "replica"


@pytest.mark.django_db
def test_reads_inside_a_transaction_go_to_the_primary(reading_from_the_replica):
    with transaction.atomic():
        assert router.db_for_read(Practice) == "default"


def test_writes_always_go_to_the_primary(reading_from_the_replica):
    assert router.db_for_write(Practice) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "practices")
    assert not router.allow_migrate("replica", "practices")


@pytest.mark.parametrize(
    ("method", "cookies", "public"),
    [
        ("get", {}, True),
        ("head", {}, True),
        ("post", {}, False),
        ("get", {settings.SESSION_COOKIE_NAME: "a-session"}, False),
    ],
)
def test_only_anonymous_gets_are_public_reads(rf, method, cookies, public):
    request = getattr(rf, method)("/en/practices/")
    request.COOKIES.update(cookies)
    assert replica.ReplicaMiddleware.public_read(request) is public


def test_a_write_ahead_log_position_reads_as_a_number():
    assert replica.position("16/B374D848") == (0x16 << 32) + 0xB374D848
    assert replica.position("0/0") == 0


def test_a_replica_that_failed_is_left_alone_for_a_while(monkeypatch, settings):
    settings.REPLICA_RETRY_SECONDS = 5
    monkeypatch.setattr(replica, "_down_until", 0.0)
    monkeypatch.setattr(replica, "connections", {"replica": type("Closed", (), {"close": lambda self: None})()})
    replica.went_down(OSError("stopped"))
    assert not replica.usable()


@pytest.mark.django_db
def test_without_a_replica_every_request_reads_the_primary(client):
    assert not replica.configured()
    assert client.get("/en/practices/").status_code == 200
    assert not replica.reading()
