"""The world map: countries shaded by their records, each a link to them, in words as well as shades."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from browse.worldmap import _split_at_antimeridian, borders, world_map

pytestmark = pytest.mark.django_db


def map_countries(response):
    return {country.code: country for country in response.context["world_map"].countries}


def test_a_country_with_records_is_a_link_named_with_its_count(client):
    text = client.get("/en/practices/").text
    assert '<a class="country shade-4" href="/en/practices/?country=SN"><title>Senegal: 1 practice</title>' in text


def test_a_country_without_records_is_not_a_link(client):
    response = client.get("/en/practices/")
    assert "BR" not in map_countries(response)
    assert "country=BR" not in response.text


def test_the_shade_darkens_with_the_count(client, make_practice):
    for _ in range(4):
        make_practice(countries=["FR"])
    countries = map_countries(client.get("/en/practices/"))
    assert (countries["SN"].shade, countries["FR"].shade) == (1, 4)
    assert countries["FR"].label == "France: 4 practices"


def test_a_click_on_a_country_keeps_the_other_filters_from_the_first_page(client):
    countries = map_countries(client.get("/en/practices/", {"q": "covid", "page": "2"}))
    assert countries["SN"].link == "/en/practices/?q=covid&country=SN"


def test_a_click_on_another_country_adds_it_to_those_ticked(client):
    countries = map_countries(client.get("/en/practices/", {"country": ["SN", "MA"], "gcm": "16"}))
    assert countries["PE"].link == "/en/practices/?country=SN&country=MA&country=PE&gcm=16"
    assert countries["MA"].link == "/en/practices/?country=SN&country=MA&gcm=16"  # ticked already: as it is


def test_the_counts_follow_the_other_filters(client):
    countries = map_countries(client.get("/en/practices/", {"gcm": "16"}))
    assert "MA" in countries
    assert "SN" not in countries


def test_gene_sis_is_a_point_on_the_projects_list(client):
    response = client.get("/en/projects/")
    [point] = response.context["world_map"].points
    assert point.link == "/en/projects/gene-sis/"
    assert '<circle cx="255.6" cy="-51.0" r="4"/>' in response.text


def test_a_point_keeps_its_decimal_point_in_french_and_its_title_is_escaped(client):
    from projects.models import Project

    Project.objects.filter(slug="gene-sis").update(title_fr="Gene-Sis <b>&</b> « retour »")
    text = client.get("/fr/projects/").text
    assert (
        '<a class="point" href="/fr/projects/gene-sis/"><title>Gene-Sis &lt;b&gt;&amp;&lt;/b&gt; « retour »</title>'
        '<circle cx="255.6" cy="-51.0" r="4"/></a>'
    ) in text


def test_the_home_page_map_leads_to_the_practices_of_a_country(client):
    response = client.get("/en/")
    assert map_countries(response)["MA"].link == "/en/practices/?country=MA"
    assert len(response.context["world_map"].points) == 1


def test_the_map_is_in_words_on_french_pages(client):
    text = client.get("/fr/practices/").text
    assert "<title>Sénégal\u00a0: 1 pratique</title>" in text
    assert "Pays sur la carte" in text


def test_the_borders_give_france_its_mainland_and_its_islands():
    assert borders().paths["FR"].count("M") >= 3


def test_a_ring_across_longitude_180_is_cut_in_two():
    ring = [(179, 0), (180, 1), (-180, 1), (-179, 0), (-180, -1), (180, -1), (179, 0)]
    east, west = _split_at_antimeridian(ring)
    assert all(longitude > 0 for longitude, _latitude in east)
    assert all(longitude < 0 for longitude, _latitude in west)


def test_the_whole_map_stays_under_60_kb_with_every_country_linked():
    request = RequestFactory().get("/en/practices/")
    every_country = world_map(dict.fromkeys(borders().paths, 1000), [], lambda code: f"/en/practices/?country={code}")
    html = render_to_string("includes/world_map.html", {"world_map": every_country, "title": "Map"}, request)
    svg = re.search(r"<svg.*</svg>", html, re.DOTALL).group()
    assert len(svg.encode()) < 60_000


@pytest.mark.parametrize(
    ("address", "legend", "label"),
    [
        ("/en/", "Practices per country:", "Senegal: 1 practice"),
        ("/en/practices/", "Practices per country:", "Senegal: 1 practice"),
        ("/en/projects/", "Projects per country:", "El Salvador: 1 project"),
        ("/es/projects/", "Proyectos por país:", "El Salvador: 1 proyecto"),
    ],
)
def test_the_title_legend_and_labels_of_a_map_name_the_same_kind_of_record(client, address, legend, label):
    text = client.get(address).text
    assert legend in text
    assert f"<title>{label}</title>" in text
    assert "record" not in text[text.index('<div class="world-map">') : text.index("</figure>")]


def test_generated_projects_are_placed_on_the_land_of_one_of_their_countries(db):
    from django.core.management import call_command

    from browse.worldmap import _crosses, outlines
    from projects.models import Project

    def on_land(code, latitude, longitude):
        return sum(_crosses(ring, float(longitude), float(latitude)) for ring in outlines().get(code, [])) % 2

    call_command("generate_demo_data", practices=0, projects=40, seed=7, verbosity=0)
    placed = 0
    for project in Project.objects.filter(slug__startswith="demo-").prefetch_related("country_links"):
        codes = [link.country_id for link in project.country_links.all()]
        if project.latitude is None:
            assert not all(outlines().get(code) for code in codes)  # a country too small for the outlines
            continue
        assert any(on_land(code, project.latitude, project.longitude) for code in codes), codes
        placed += 1
    assert placed == 40


def test_the_map_escapes_each_countrys_name_and_link():
    request = RequestFactory().get("/fr/practices/")
    with translation.override("fr"):
        drawn = world_map({"CI": 2}, [], lambda code: f"/fr/practices/?q=a&country={code}")
        html = render_to_string("includes/world_map.html", {"world_map": drawn, "title": "Carte"}, request)
    assert html.count('href="/fr/practices/?q=a&amp;country=CI"') == 2  # on the map and in the list under it
    assert html.count("<title>Côte d&#x27;Ivoire\xa0: 2 pratiques</title>") == 1
