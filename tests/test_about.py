"""The About page: what the catalogue is, who runs it, its policy, licence and citation, how to submit,
a contact; linked from every page's footer, with the open data."""

import pytest

pytestmark = pytest.mark.django_db

HEADINGS = {
    "en": ["About the catalogue", "Who runs it", "Editorial policy", "How to cite a record", "Submitting a practice"],
    "fr": [
        "À propos du catalogue",
        "Qui le gère",
        "Politique éditoriale",
        "Comment citer une fiche",
        "Proposer une pratique",
    ],
    "es": [
        "Acerca del catálogo",
        "Quién lo gestiona",
        "Política editorial",
        "Cómo citar una ficha",
        "Proponer una práctica",
    ],
}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_about_page_says_what_the_catalogue_is_in_each_language(client, language):
    response = client.get(f"/{language}/about/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    for heading in HEADINGS[language]:
        assert heading in response.text


def test_the_owner_logo_contact_and_licence_come_from_settings(client, settings):
    settings.CATALOGUE = {
        "owner": "Réseau des villes accueillantes",
        "owner_url": "https://owner.example.org/",
        "logo": "img/favicon.svg",
        "contact_email": "hub@owner.example.org",
        "licence": "CC BY-SA 4.0",
        "licence_url": "https://creativecommons.org/licenses/by-sa/4.0/",
    }
    text = client.get("/fr/about/").text
    assert '<a href="https://owner.example.org/">Réseau des villes accueillantes</a>' in text
    assert 'src="/static/img/favicon.svg"' in text
    assert 'href="mailto:hub@owner.example.org"' in text
    assert '<a href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a>' in text


def test_the_about_page_names_the_hubs_criteria_and_the_editors_assignments(client):
    text = client.get("/en/about/").text
    assert "23 objectives of the GCM" in text
    assert "ten guiding principles" in text
    assert "December 2018" in text
    assert "marked with an asterisk" in text


@pytest.mark.parametrize("address", ["/en/", "/fr/practices/", "/es/projects/i-migr/", "/en/search/?q=migrants"])
def test_every_page_footer_links_the_about_page_and_the_open_data(client, address):
    text = client.get(address).text
    footer = text[text.index('<footer class="site-footer">') :]
    language = address.split("/")[1]
    for link in [
        f"/{language}/about/",
        "/api/v1/docs/",
        f"/{language}/practices/export.csv",
        f"/{language}/practices/export.json",
        f"/{language}/practices/feed.atom",
        f"/{language}/projects/export.csv",
        f"/{language}/projects/feed.atom",
    ]:
        assert f'href="{link}"' in footer, link
