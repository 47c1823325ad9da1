"""What search engines and link previews read on a record page: schema.org JSON-LD and Open Graph tags."""

import html
import json
import re
from decimal import Decimal

import pytest

from practices.models import PracticeObjective, PracticeOrganisation
from projects.models import ProjectOrganisation
from records.models import Provenance
from taxonomy.models import Organisation, OrganisationAlias

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


def test_practice_linked_data_names_places_and_objectives(client, make_practice):
    practice = make_practice(countries=["MA"], objectives=[16, 3])
    data = linked_data(client.get(practice.get_absolute_url()))
    assert data["spatialCoverage"] == [{"@type": "Country", "name": "Morocco", "identifier": "MA"}]
    assert [term["termCode"] for term in data["about"]] == ["16", "3"]


def test_linked_data_leaves_out_what_the_editors_assigned(client):
    # Amuddu's country and objectives were assigned by the editors, its page marks them so: no plain facts here.
    data = linked_data(client.get("/en/practices/amuddu/"))
    assert "Morocco" not in json.dumps(data)
    assert "about" not in data
    assert "audience" not in data


def test_linked_data_keeps_the_stated_links_beside_the_assigned_ones(client, make_practice):
    practice = make_practice(countries=["MA", "SN"], objectives=[16, 3])
    practice.country_links.filter(country="SN").update(provenance=Provenance.ASSIGNED)
    PracticeObjective.objects.filter(record=practice, objective=3).update(provenance=Provenance.ASSIGNED)
    data = linked_data(client.get(practice.get_absolute_url()))
    assert [place["identifier"] for place in data["spatialCoverage"]] == ["MA"]
    assert [term["termCode"] for term in data["about"]] == ["16"]


def test_an_organisation_the_editors_assigned_is_left_out(client):
    # The Hub practice's donors and its other partner were assigned by the editors.
    data = linked_data(client.get("/en/practices/protection-migrants-covid-19-relance-activites-economiques/"))
    assert "funder" not in data
    assert "NEXUS" not in json.dumps(data)


def test_an_organisation_a_practice_only_mentions_is_among_what_it_mentions(client, make_practice):
    practice = make_practice()
    city = Organisation.objects.create(name_en="City of Tunis")
    PracticeOrganisation.objects.create(record=practice, organisation=city, role="mentioned")
    data = linked_data(client.get(practice.get_absolute_url()))
    assert data["mentions"] == [{"@type": "Organization", "name": "City of Tunis"}]
    assert "contributor" not in data


def test_an_organisation_a_project_only_mentions_is_not_one_of_its_members(client, make_project):
    project = make_project()
    city = Organisation.objects.create(name_en="City of Tunis")
    ProjectOrganisation.objects.create(record=project, organisation=city, role="mentioned")
    assert "City of Tunis" not in json.dumps(linked_data(client.get(project.get_absolute_url())))


def test_linked_data_places_the_locality_and_the_region_as_written(client, make_practice):
    practice = make_practice(countries=["PE"], locality_en="Lima metropolitan area", region_as_written="Andean region")
    places = linked_data(client.get(practice.get_absolute_url()))["spatialCoverage"]
    assert {"@type": "Place", "name": "Lima metropolitan area"} in places
    assert {"@type": "Place", "name": "Andean region"} in places


def test_linked_data_gives_each_identifier_with_its_scheme(client, make_project):
    project = make_project()
    project.identifiers.create(scheme="IOM Prima ID", value="12345")
    data = linked_data(client.get(project.get_absolute_url()))
    assert data["identifier"] == [
        project.slug,
        {"@type": "PropertyValue", "propertyID": "IOM Prima ID", "value": "12345"},
    ]


def test_an_ongoing_record_has_a_start_and_no_end(client, make_practice, make_project):
    practice = make_practice(start_year=2016, ongoing=True)
    assert linked_data(client.get(practice.get_absolute_url()))["temporalCoverage"] == "2016/.."
    data = linked_data(client.get(make_project(start_year=2012, ongoing=True).get_absolute_url()))
    assert (data["foundingDate"], "dissolutionDate" in data) == ("2012", False)


def test_a_project_budget_is_a_grant_of_its_amount_under_its_funding_programme(client, make_project):
    project = make_project(budget_amount=Decimal("280000"), budget_currency="USD", funding_programme="IOM Fund")
    assert linked_data(client.get(project.get_absolute_url()))["funding"] == {
        "@type": "MonetaryGrant",
        "name": "IOM Fund",
        "amount": {"@type": "MonetaryAmount", "value": 280000.0, "currency": "USD"},
    }


def test_the_source_is_cited_and_the_internal_file_is_not(client, make_practice):
    practice = make_practice(
        source_citation="IOM, 2021", source_url="https://example.org/1", source_document="000_b955c21db59c6fb9.txt"
    )
    data = linked_data(client.get(practice.get_absolute_url()))
    assert data["isBasedOn"] == {"@type": "CreativeWork", "name": "IOM, 2021", "url": "https://example.org/1"}
    assert "b955c21db59c6fb9" not in json.dumps(data)


def test_an_organisation_is_named_with_its_aliases_in_every_language(client, make_project):
    unhcr = Organisation.objects.create(name_en="UN Refugee Agency", acronym_en="UNHCR")
    OrganisationAlias.objects.create(organisation=unhcr, name="ACNUR", kind="acronym", language="es")
    project = make_project()
    ProjectOrganisation.objects.create(record=project, organisation=unhcr, role="donor")
    (funder,) = linked_data(client.get(project.get_absolute_url()))["funder"]
    assert (funder["name"], funder["alternateName"]) == ("UN Refugee Agency", ["UNHCR", "ACNUR"])


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
