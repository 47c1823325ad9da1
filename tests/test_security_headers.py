"""Security headers on public and admin pages, and a Content-Security-Policy with nothing inline."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/en/", "/fr/practices/", "/es/projects/gene-sis/", "/en/search/?q=migrants", "/api/v1/practices/"]


def policy(response):
    return dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";") if directive
    )


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_forbid_inline_code_and_other_origins(client, path):
    directives = policy(client.get(path))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/admin/", "/admin/practices/practice/"])
def test_every_page_sends_the_other_security_headers(admin_client, path):
    response = admin_client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response["Permissions-Policy"]


def test_admin_allows_inline_styles_but_never_inline_scripts(admin_client):
    directives = policy(admin_client.get("/admin/practices/practice/"))
    assert "'unsafe-inline'" in directives["style-src"]
    assert directives["script-src"] == "'self'"


@pytest.mark.parametrize("path", ["/en/", "/en/practices/", "/en/projects/gene-sis/"])
def test_public_pages_hold_no_inline_script_or_style(client, path):
    html = client.get(path).text
    assert "<style" not in html
    assert " style=" not in html
    for script in html.split("<script")[1:]:
        head = script.split(">", 1)[0]
        assert "src=" in head or 'type="application/ld+json"' in head or 'type="application/json"' in head
