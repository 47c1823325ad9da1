"""Every page in English, French and Spanish, and content that falls back honestly."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("path", ["", "practices/", "projects/", "practices/amuddu/", "projects/i-migr/"])
def test_every_page_answers_in_each_language(client, language, path):
    response = client.get(f"/{language}/{path}")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text


def test_unprefixed_address_redirects_by_the_browsers_language(client):
    response = client.get("/practices/", headers={"accept-language": "es"})
    assert response.status_code == 302
    assert response["Location"] == "/es/practices/"


def test_interface_is_translated(client):
    assert "Pratiques" in client.get("/fr/practices/").text
    assert "Proyectos" in client.get("/es/projects/").text


def test_country_names_follow_the_page_language(client):
    assert ">Salvador</a>" in client.get("/fr/projects/gene-sis/").text
    assert ">El Salvador</a>" in client.get("/es/projects/gene-sis/").text


def test_language_links_keep_the_page_and_its_filters(client):
    text = client.get("/en/practices/", {"country": "SN", "gcm": "15"}).text
    assert 'href="/fr/practices/?country=SN&amp;gcm=15"' in text
    assert 'href="/es/practices/?country=SN&amp;gcm=15"' in text


def test_dates_are_written_in_the_page_language(client):
    assert "mars 2018" in client.get("/fr/practices/amuddu/").text
    assert "marzo de 2018" in client.get("/es/practices/amuddu/").text


def test_head_lists_the_page_in_each_language_with_its_filters(client):
    text = client.get("/en/practices/", {"country": "SN"}).text
    assert '<link rel="alternate" hreflang="fr" href="http://testserver/fr/practices/?country=SN">' in text
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/en/practices/?country=SN">' in text


def test_numbers_are_written_in_the_page_language(client, make_project):
    project = make_project(start_year=2021)
    project.results.create(year=2022, figure=19000, description_en="people trained")
    assert "19,000" in client.get(f"/en/projects/{project.slug}/").text
    assert "19\xa0000" in client.get(f"/fr/projects/{project.slug}/").text
    assert "19\xa0000" in client.get(f"/es/projects/{project.slug}/").text  # Django's Spanish format


def test_years_are_never_written_with_a_thousands_separator(client):
    text = client.get("/en/projects/gene-sis/").text
    assert "2021 – 2023" in text
    assert "2,02" not in text
