"""Every error under /api/ is JSON in the shape the schema documents, in the client's language; pages
elsewhere keep their HTML error pages."""

import pytest
from django.db import OperationalError
from django.test import Client

from api import views as api_views

pytestmark = pytest.mark.django_db


def detail(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail"}
    assert body["detail"]
    return body["detail"]


def test_an_address_the_api_does_not_have_answers_a_json_404(client):
    assert detail(client.get("/api/v1/nothing-here/"), 404) == "Not found."
    assert detail(client.get("/api/v1/practices/no-such-practice/"), 404)


def test_a_nul_byte_answers_a_json_400(client):
    detail(client.get("/api/v1/practices/", {"country": "S\x00N"}), 400)


def test_a_server_error_under_the_api_answers_json_in_the_clients_language(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api_views.PracticeViewSet, "list", fail)
    client = Client(raise_request_exception=False)
    english = detail(client.get("/api/v1/practices/"), 500)
    french = detail(client.get("/api/v1/practices/", headers={"accept-language": "fr"}), 500)
    assert french != english


def test_a_database_outage_under_the_api_answers_json_503_with_a_retry_time(monkeypatch, client):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(api_views.PracticeViewSet, "list", down)
    response = client.get("/api/v1/practices/", headers={"accept-language": "es"})
    assert detail(response, 503) != "The catalogue is unavailable for a moment. Please try again shortly."
    assert response["Retry-After"] == "30"


def test_pages_outside_the_api_keep_their_html_error_pages(client):
    response = client.get("/en/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_schema_documents_the_error_bodies_of_every_list():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    responses = schema["paths"]["/api/v1/practices/"]["get"]["responses"]
    assert {"400", "404", "429", "500", "503"} <= set(responses)


def test_a_404_under_the_api_is_in_the_clients_language(client):
    assert detail(client.get("/api/v1/nothing-here/", headers={"accept-language": "fr"}), 404) == "Introuvable."
