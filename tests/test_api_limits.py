"""The API's rate limits per client, and CORS for reading the API, and nothing else, from other sites."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db

ORIGIN = {"origin": "https://research.example.org"}


@pytest.fixture
def low_limits(monkeypatch):
    # DRF's throttles read their rates once, when imported: override the class attribute, not the settings.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})


def test_request_over_the_anonymous_limit_is_refused_with_429(client, low_limits):
    for _ in range(3):
        client.get("/api/v1/gcm-objectives/")
    response = client.get("/api/v1/gcm-objectives/")
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_429_message_follows_the_language(client, low_limits):
    for _ in range(3):
        client.get("/api/v1/gcm-objectives/")
    response = client.get("/api/v1/gcm-objectives/", headers={"accept-language": "fr"})
    assert "Requête ralentie" in response.json()["detail"]


def test_requests_under_the_limit_are_answered(client, low_limits):
    statuses = [client.get("/api/v1/gcm-objectives/").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]


def test_each_client_address_is_counted_apart(client, low_limits):
    for _ in range(3):
        client.get("/api/v1/gcm-objectives/", REMOTE_ADDR="192.0.2.1")
    assert client.get("/api/v1/gcm-objectives/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_forwarded_addresses_are_ignored_without_a_proxy(client, low_limits):
    for number in range(3):
        client.get("/api/v1/gcm-objectives/", headers={"x-forwarded-for": f"198.51.100.{number}"})
    assert client.get("/api/v1/gcm-objectives/", headers={"x-forwarded-for": "198.51.100.9"}).status_code == 429


def test_behind_a_proxy_clients_are_told_apart_by_their_forwarded_address(client, low_limits, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _ in range(3):
        client.get("/api/v1/gcm-objectives/", headers={"x-forwarded-for": "198.51.100.1"})
    assert client.get("/api/v1/gcm-objectives/", headers={"x-forwarded-for": "198.51.100.2"}).status_code == 200


def test_logged_in_users_have_the_user_limit(client, low_limits, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="a long enough password"))
    statuses = [client.get("/api/v1/gcm-objectives/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_pages_are_not_rate_limited(client, low_limits):
    statuses = [client.get("/en/objectives/21/").status_code for _ in range(4)]
    assert statuses == [200] * 4


def test_api_allows_any_site_to_read_it(client):
    response = client.get("/api/v1/practices/", headers=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == "*"


def test_api_preflight_allows_only_reading_methods(client):
    response = client.options("/api/v1/practices/", headers={**ORIGIN, "access-control-request-method": "GET"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_pages_send_no_cors_headers(client):
    response = client.get("/en/practices/", headers=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response


def test_exports_send_no_cors_headers(client):
    response = client.get("/en/practices/export.json", headers=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response


def test_an_api_answer_from_the_page_cache_carries_the_cors_headers_its_request_asks_for(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/api/v1/practices/")  # kept by a request from no other site
    assert client.get("/api/v1/practices/", headers=ORIGIN)["Access-Control-Allow-Origin"] == "*"
