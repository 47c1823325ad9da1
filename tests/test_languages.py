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
    french = 'hreflang="fr" href="http://testserver/fr/practices/?country=SN" id="alternate-fr"'
    default = 'hreflang="x-default" href="http://testserver/en/practices/?country=SN" id="alternate-default"'
    assert f'<link rel="alternate" {french}' in text
    assert f'<link rel="alternate" {default}' in text


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


@pytest.mark.parametrize(
    ("address", "sentence"),
    [
        ("/es/practices/amuddu/", "Esta práctica se muestra en su idioma original: francés."),
        ("/en/practices/amuddu/", "This practice is shown in its original language: French."),
    ],
)
def test_a_language_named_within_a_sentence_is_written_as_that_language_writes_it(client, address, sentence):
    assert sentence in client.get(address).text


def test_french_puts_a_non_breaking_space_before_a_colon(client):
    text = client.get("/fr/practices/", {"country": "SN"}).text
    assert "Pays\u00a0:</span>" in text
    assert "Pays :" not in text
    assert "Retirer le filtre\u00a0: </span>" in text


def test_spanish_questions_start_with_a_capital(client):
    text = client.get("/es/practices/protection-migrants-covid-19-relance-activites-economiques/").text
    assert "¿Ha catalizado esta práctica" in text
    assert "¿ha " not in text


def test_the_region_of_the_world_is_said_in_plain_words(client):
    text = client.get("/fr/countries/SN/").text
    assert "Région du monde" in text
    assert "M49" not in text


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("/fr/objectives/2/", "Aucun projet dans le catalogue pour l’instant."),
        ("/es/objectives/2/", "Ningún proyecto en el catálogo por ahora."),
        ("/fr/objectives/2/", "0 projet</h2>"),
    ],
)
def test_zero_counts_agree_with_the_kind_they_count(client, address, message):
    assert message in client.get(address).text
