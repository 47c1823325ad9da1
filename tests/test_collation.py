"""Names are listed as readers of the page's language order them, on both databases."""

import pytest
from django.utils import translation

from taxonomy.collation import collated, sort_key

pytestmark = pytest.mark.django_db

# Seed 001 names 17 countries; in French, the accented ones sit among the others.
SEED_001 = "/fr/practices/initiative-mondiale-financement-initial-oim-pnud-covid-19/"


def labels(response, name):
    facet = next(facet for facet in response.context["facets"] if facet.name == name)
    return [option.label for option in facet.options]


def test_accents_break_ties_and_never_send_a_name_to_the_end():
    names = ["Zimbabwe", "États-Unis", "Égypte", "Syrie", "Sénégal", "Espagne", "Îles Cook", "Irlande", "équateur"]
    assert collated(names) == [
        "Égypte",
        "équateur",
        "Espagne",
        "États-Unis",
        "Îles Cook",
        "Irlande",
        "Sénégal",
        "Syrie",
        "Zimbabwe",
    ]
    assert sort_key("Perou") < sort_key("Pérou") < sort_key("Peru")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("name", ["country", "region", "beneficiary"])
def test_the_facets_of_names_are_in_the_order_of_the_pages_language(client, language, name):
    shown = labels(client.get(f"/{language}/practices/"), name)
    assert len(shown) > 3
    assert shown == collated(shown)


def test_the_french_country_facet_puts_accented_names_among_the_others(client):
    shown = labels(client.get("/fr/practices/"), "country")
    assert shown.index("Pérou") < shown.index("Salvador") < shown.index("Sénégal") < shown.index("Soudan")
    assert shown.index("Biélorussie") < shown.index("Burkina Faso")


def test_the_spanish_region_facet_puts_africa_first(client):
    assert labels(client.get("/es/practices/"), "region")[:3] == ["África", "Américas", "Antártida"]


def test_ticked_countries_come_first_then_the_others_in_order(client):
    shown = labels(client.get("/fr/practices/", {"country": ["SN", "MA"]}), "country")
    assert shown[:2] == ["Maroc", "Sénégal"]
    assert shown[2:] == collated(shown[2:])


def test_organisations_come_busiest_first_then_by_name(client):
    response = client.get("/es/projects/")
    facet = next(facet for facet in response.context["facets"] if facet.name == "organisation")
    keys = [(-option.count, sort_key(option.label)) for option in facet.options]
    assert keys == sorted(keys)


def test_a_records_countries_are_listed_in_the_order_of_the_pages_language(client):
    response = client.get(SEED_001)
    with translation.override("fr"):
        names = [link.country.name for link in response.context["record"].country_links.all()]
    assert len(names) == 17
    positions = [response.text.index(f">{name}</a>") for name in collated(names)]
    assert positions == sorted(positions)
    assert response.text.index(">Biélorussie</a>") < response.text.index(">Burkina Faso</a>")
