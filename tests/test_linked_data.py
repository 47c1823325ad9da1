"""What search engines and link previews read on a record page: schema.org JSON-LD and Open Graph tags."""

import html
import json
import re

import pytest

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def linked_data(response):
    (data,) = SCRIPT.findall(response.text)
    return json.loads(data)


def test_practice_page_describes_a_creative_work(client):
    data = linked_data(client.get("/en/practices/amuddu/"))
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Amuddu"
    assert data["temporalCoverage"] == "2018-03/.."


def test_practice_linked_data_names_places_and_objectives(client):
    data = linked_data(client.get("/en/practices/amuddu/"))
    assert data["spatialCoverage"] == [{"@type": "Country", "name": "Morocco", "identifier": "MA"}]
    assert [term["termCode"] for term in data["about"]] == ["16", "3"]


def test_project_page_describes_a_project_with_its_dates_and_places(client):
    data = linked_data(client.get("/en/projects/gene-sis/"))
    assert (data["@type"], data["foundingDate"], data["dissolutionDate"]) == ("Project", "2021", "2023")
    assert data["location"][1]["geo"]["@type"] == "GeoCoordinates"


def test_project_linked_data_names_its_organisations_by_role(client):
    data = linked_data(client.get("/en/projects/gene-sis/"))
    assert [organisation["name"] for organisation in data["funder"]] == ["European Union"]
    assert len(data["member"]) == 10


def test_linked_data_follows_the_page_language(client, make_practice):
    practice = make_practice(title_en="Water points", title_es="Puntos de agua")
    assert linked_data(client.get(f"/es/practices/{practice.slug}/"))["name"] == "Puntos de agua"


def test_linked_data_cannot_be_closed_by_the_records_text(client, make_practice):
    title = "</script><script>alert(1)</script>"
    practice = make_practice(title_en=title)
    response = client.get(practice.get_absolute_url())
    assert "<script>alert(1)" not in response.text
    assert linked_data(response)["name"] == title


def test_open_graph_tags_preview_the_record(client):
    text = client.get("/fr/projects/i-migr/").text
    assert '<meta property="og:title" content="I-MIGR">' in text
    assert '<meta property="og:url" content="http://testserver/fr/projects/i-migr/">' in text
    assert '<meta name="twitter:card" content="summary">' in text


def test_preview_description_is_a_short_excerpt(client):
    text = client.get("/en/projects/gene-sis/").text
    (description,) = re.findall(r'<meta property="og:description" content="([^"]*)">', text)
    assert 0 < len(html.unescape(description)) <= 200
