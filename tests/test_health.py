"""Health endpoints and the behaviour when the database cannot be reached."""

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_liveness_needs_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.json() == {"status": "ok"}


def test_readiness_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_readiness_says_503_when_the_database_is_unreachable(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_public_pages_answer_503_with_a_friendly_page_when_the_database_is_unreachable(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    response = client.get("/fr/practices/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Rien n'est perdu" in response.content.decode()
