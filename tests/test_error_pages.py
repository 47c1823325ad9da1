"""Error pages in the site's design and the visitor's language; the 500 page needs nothing that could fail."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults


@pytest.mark.django_db
def test_a_missing_page_is_a_404_in_the_site_design_and_language(client):
    response = client.get("/fr/nulle-part/")
    assert response.status_code == 404
    assert '<html lang="fr">' in response.text
    assert "<h1>Page introuvable</h1>" in response.text
    assert 'href="/es/" lang="es"' in response.text  # each language's home page: this address has none


@pytest.mark.django_db
def test_a_missing_record_is_a_404_that_offers_search(client):
    response = client.get("/en/practices/no-such-practice/")
    assert response.status_code == 404
    assert 'role="search"' in response.text


def test_the_server_error_page_needs_neither_the_database_nor_a_request():
    # No django_db mark: any query would fail the test.
    with translation.override("es"):
        response = defaults.server_error(RequestFactory().get("/es/"))
    assert response.status_code == 500
    assert '<html lang="es">' in response.content.decode()
    assert "Algo salió mal" in response.content.decode()


def test_the_bad_request_page_needs_no_request_either():
    with translation.override("en"):
        response = defaults.bad_request(RequestFactory().get("/en/"), exception=None)
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


@pytest.mark.django_db
def test_the_permission_denied_page_says_why(rf):
    with translation.override("en"):
        response = defaults.permission_denied(rf.get("/en/"), exception=PermissionDenied())
    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in response.content.decode()
