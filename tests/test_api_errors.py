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


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page_size=null", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=5&page_size=7", "page_size"),
        ("page=0", "page"),
        ("page=last", "page"),
        ("page=2&page=3", "page"),
    ],
)
def test_a_page_or_page_size_the_schema_does_not_allow_is_a_400_naming_it(client, query, parameter):
    response = client.get(f"/api/v1/practices/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_a_page_past_the_last_is_a_json_404_and_a_valid_page_size_is_kept(client):
    detail(client.get("/api/v1/practices/?page=99"), 404)
    assert len(client.get("/api/v1/practices/?page_size=2").json()["results"]) == 2


def test_an_empty_filter_value_filters_nothing(client):
    everything = client.get("/api/v1/practices/").json()["count"]
    assert client.get("/api/v1/practices/?country=").json()["count"] == everything


def test_the_schema_gives_the_bounds_of_pages_and_years():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]}
    assert parameters["page"]["minimum"] == 1
    assert (parameters["page_size"]["minimum"], parameters["page_size"]["maximum"]) == (1, 100)
    assert (parameters["year_from"]["minimum"], parameters["year_from"]["maximum"]) == (1900, 2100)
    assert "" in parameters["sort"]["enum"]  # the default, which the site's form sends
