"""A record that is not published appears nowhere: not in the API, the downloads, the feeds or the sitemap."""

import json

import pytest

from practices.models import Practice, PracticeOrganisation
from projects.models import Project
from records.models import Status
from taxonomy.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_practice):
    return make_practice(status=Status.DRAFT, slug="secret-draft", countries=["SN"], objectives=[15])


def test_draft_is_not_in_the_api_list(client, draft):
    response = client.get("/api/v1/practices/", {"country": "SN", "page_size": 100})
    assert "secret-draft" not in response.text
    assert response.json()["count"] == 1


def test_draft_api_detail_is_not_found(client, draft):
    assert client.get("/api/v1/practices/secret-draft/").status_code == 404


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW, Status.ARCHIVED])
def test_project_in_any_unpublished_state_is_not_in_the_api(client, make_project, status):
    project = make_project(status=status)
    assert client.get(f"/api/v1/projects/{project.slug}/").status_code == 404


def test_draft_is_not_counted_in_a_reference_list(client, draft):
    for entry in ["/api/v1/countries/SN/", "/api/v1/gcm-objectives/15/"]:
        practices = client.get(entry).json()["practices"]
        listed = client.get(practices["api_url"]).json()
        assert practices["count"] == listed["count"] == 1
        assert "secret-draft" not in str(listed)


def test_organisation_with_only_a_draft_lists_no_record_and_no_page(client, draft):
    organisation = Organisation.objects.create(name_en="Quiet partner")
    PracticeOrganisation.objects.create(record=draft, organisation=organisation, role="lead")
    assert client.get(f"/api/v1/organisations/{organisation.pk}/").status_code == 404
    assert client.get(f"/en/organisations/{organisation.pk}/").status_code == 404
    assert "Quiet partner" not in client.get("/api/v1/organisations/", {"page_size": 100}).text


@pytest.mark.parametrize("format", ["csv", "json"])
def test_draft_is_not_in_the_exports(client, draft, format):
    response = client.get(f"/en/practices/export.{format}", {"country": "SN"})
    assert b"secret-draft" not in b"".join(response.streaming_content)


def test_draft_is_not_in_the_json_export_count(client, draft):
    response = client.get("/en/practices/export.json")
    assert len(json.loads(b"".join(response.streaming_content))) == 3


@pytest.mark.parametrize("feed", ["feed.rss", "feed.atom"])
def test_draft_is_not_in_the_feeds(client, draft, feed):
    assert "secret-draft" not in client.get(f"/en/practices/{feed}").text


def test_draft_is_not_in_the_sitemap(client, draft):
    assert "secret-draft" not in client.get("/sitemap-practices.xml").text


def test_draft_page_has_no_linked_data_to_leak(client, draft):
    assert client.get("/en/practices/secret-draft/").status_code == 404


def test_draft_is_not_in_a_list_pdf(client, draft):
    response = client.get("/en/practices/export.pdf", {"country": "SN"})
    assert b"secret-draft" not in response.content


def test_draft_is_not_counted_on_the_coverage_page_nor_its_csv(client, draft):
    organisation = Organisation.objects.create(name_en="Quiet partner")
    PracticeOrganisation.objects.create(record=draft, organisation=organisation, role="lead")
    response = client.get("/en/coverage/", {"gcm": "15"})
    matrix = next(matrix for matrix, _chart in response.context["matrices"] if matrix.name == "gcm")
    published = [model.objects.published().filter(gcm_objectives=15).count() for model in (Practice, Project)]
    assert next(row.total.count for row in matrix.rows if row.entry.pk == 15) == sum(published)
    assert "Quiet partner" not in client.get("/en/coverage/organisations.csv").content.decode()
