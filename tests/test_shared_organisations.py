"""Organisations are shared by every record: contributors add them, and the public sees one only once a
published record names it; after that, reviewers alone change it."""

import csv
import io
import json
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse

from opendata.exports import BOM
from records import workflow
from records.workflow import CONTRIBUTORS, REVIEWERS
from taxonomy.models import Organisation
from tests.admin_forms import management_form

pytestmark = pytest.mark.django_db

PUBLIC_NAME = "Harbour Authority"
DRAFTS_NAME = "Quietwater Collective"
UNKNOWN_ID = 999999
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def contributor(make_staff):
    return make_staff(CONTRIBUTORS)


@pytest.fixture
def reviewer(make_staff):
    return make_staff(REVIEWERS)


@pytest.fixture
def named_in_public(make_practice):
    """An organisation that a published practice names."""
    organisation = Organisation.objects.create(name_en=PUBLIC_NAME, website="https://harbour.example")
    make_practice(countries=["SN"], objectives=[15]).organisation_roles.create(organisation=organisation, role="lead")
    return organisation


@pytest.fixture
def draft(contributor, make_practice):
    return make_practice(
        status="draft", created_by=contributor.user, slug="quietwater", countries=["SN"], objectives=[15]
    )


@pytest.fixture
def drafts_organisation(draft):
    """The organisation a contributor added for their draft: no published record names it yet."""
    organisation = Organisation.objects.create(name_en=DRAFTS_NAME)
    draft.organisation_roles.create(organisation=organisation, role="lead")
    return organisation


def publish(draft, reviewer):
    """Submitted by its author, published by a reviewer."""
    workflow.apply(draft, "submit", draft.created_by)
    workflow.apply(draft, "publish", reviewer.user)


def change_url(organisation):
    return reverse("admin:taxonomy_organisation_change", args=[organisation.pk])


def organisation_form(organisation, **fields):
    return {
        "name_en": organisation.name_en,
        "website": organisation.website,
        "country": "",
        "country_provenance": "stated",
        **management_form("aliases", 0),
        **fields,
    }


def refresh(organisation):
    organisation.refresh_from_db()
    return organisation


# Who may change an organisation.


def test_a_contributor_gets_a_read_only_form_for_an_organisation_a_published_record_names(contributor, named_in_public):
    response = contributor.get(change_url(named_in_public))
    assert response.status_code == 200
    assert 'name="name_en"' not in response.text


def test_a_contributor_cannot_rename_an_organisation_a_published_record_names(contributor, named_in_public):
    form = organisation_form(named_in_public, name_en="Renamed behind the review", website="https://elsewhere.example")
    response = contributor.post(change_url(named_in_public), form)
    assert response.status_code == 403
    assert (refresh(named_in_public).name_en, named_in_public.website) == (PUBLIC_NAME, "https://harbour.example")


def test_a_contributor_cannot_delete_an_organisation_a_published_record_names_even_with_the_permission(
    contributor, named_in_public
):
    # Neither group holds delete_organisation today: the refusal must not rest on that alone.
    contributor.user.user_permissions.add(Permission.objects.get(codename="delete_organisation"))
    delete_url = reverse("admin:taxonomy_organisation_delete", args=[named_in_public.pk])
    assert contributor.post(delete_url, {"post": "yes"}).status_code == 403
    assert Organisation.objects.filter(pk=named_in_public.pk).exists()


def test_a_contributor_adds_an_organisation_and_finds_it_for_their_records_inline(contributor):
    form = {"name_en": DRAFTS_NAME, "country": "", "country_provenance": "stated", **management_form("aliases", 0)}
    response = contributor.post(reverse("admin:taxonomy_organisation_add"), form)
    assert response.status_code == 302
    suggestions = contributor.get(
        reverse("admin:autocomplete"),
        {
            "term": "Quietwater",
            "app_label": "practices",
            "model_name": "practiceorganisation",
            "field_name": "organisation",
        },
    )
    assert [result["text"] for result in suggestions.json()["results"]] == [DRAFTS_NAME]


def test_a_contributor_edits_an_organisation_that_only_their_unpublished_record_names(contributor, drafts_organisation):
    form = organisation_form(drafts_organisation, name_en="Quietwater Collective Trust")
    assert contributor.post(change_url(drafts_organisation), form).status_code == 302
    assert refresh(drafts_organisation).name_en == "Quietwater Collective Trust"


def test_a_reviewer_renames_an_organisation_a_published_record_names(reviewer, named_in_public):
    response = reviewer.post(change_url(named_in_public), organisation_form(named_in_public, name_en="Port Authority"))
    assert response.status_code == 302
    assert refresh(named_in_public).name_en == "Port Authority"


@pytest.mark.parametrize("group", [CONTRIBUTORS, REVIEWERS])
@pytest.mark.parametrize(
    "model", ["region", "country", "gcmobjective", "guidingprinciple", "gcrobjective", "sdg", "beneficiary"]
)
def test_the_other_reference_lists_stay_read_only_for_both_groups(make_staff, group, model):
    # So before organisations were guarded too (both groups may only view these lists): kept so.
    entry = apps.get_model("taxonomy", model).objects.order_by("pk").first()
    response = make_staff(group).post(reverse(f"admin:taxonomy_{model}_change", args=[entry.pk]), {})
    assert response.status_code == 403


# What the public sees of an organisation that only an unpublished record names.


def api_organisations(client):
    return client.get("/api/v1/organisations/", {"page_size": 100}).json()


def names(answer):
    return [entry["name"] for entry in answer["results"]]


def test_the_api_lists_a_drafts_organisation_only_once_its_record_is_published(
    client, draft, drafts_organisation, reviewer
):
    before = api_organisations(client)
    assert DRAFTS_NAME not in names(before)
    publish(draft, reviewer)
    after = api_organisations(client)
    assert DRAFTS_NAME in names(after)
    assert after["count"] == before["count"] + 1


def test_the_api_has_no_detail_of_a_drafts_organisation_until_its_record_is_published(
    client, draft, drafts_organisation, reviewer
):
    detail = f"/api/v1/organisations/{drafts_organisation.pk}/"
    assert client.get(detail).status_code == 404
    publish(draft, reviewer)
    body = client.get(detail).json()
    assert (body["name"], body["practices"]["count"]) == (DRAFTS_NAME, 1)


def test_the_api_knows_a_drafts_organisation_as_a_filter_value_no_more_than_an_unknown_one(
    client, draft, drafts_organisation, reviewer
):
    unknown = client.get("/api/v1/practices/", {"organisation": UNKNOWN_ID})
    response = client.get("/api/v1/practices/", {"organisation": drafts_organisation.pk})
    assert (response.status_code, unknown.status_code) == (404, 404)
    assert response.json() == unknown.json()
    publish(draft, reviewer)
    results = client.get("/api/v1/practices/", {"organisation": drafts_organisation.pk}).json()["results"]
    assert [record["slug"] for record in results] == ["quietwater"]


def test_the_list_names_a_drafts_organisation_in_no_chip_or_facet_until_its_record_is_published(
    client, draft, drafts_organisation, reviewer
):
    response = client.get("/en/practices/", {"organisation": drafts_organisation.pk})
    # Left out like any value the catalogue does not offer, with the usual message.
    assert (DRAFTS_NAME in response.text, "is not one of the available choices" in response.text) == (False, True)
    publish(draft, reviewer)
    response = client.get("/en/practices/", {"organisation": drafts_organisation.pk})
    facet = next(facet for facet in response.context["facets"] if facet.name == "organisation")
    assert [chip.value_label for chip in response.context["chips"]] == [DRAFTS_NAME]
    assert [option.label for option in facet.selected] == [DRAFTS_NAME]


def test_a_drafts_organisation_has_its_page_once_its_record_is_published(client, draft, drafts_organisation, reviewer):
    # Already hidden before organisations were guarded: kept so, now through Organisation.objects.public().
    page = drafts_organisation.get_absolute_url()
    assert client.get(page).status_code == 404
    publish(draft, reviewer)
    assert DRAFTS_NAME in client.get(page).text


def test_the_autocomplete_suggests_a_drafts_organisation_once_its_record_is_published(
    client, draft, drafts_organisation, reviewer
):
    # Already hidden before organisations were guarded: kept so, now through Organisation.objects.public().
    def suggested():
        results = client.get("/en/organisations/autocomplete/", {"q": "quietwater"}).json()["results"]
        return [result["name"] for result in results]

    assert suggested() == []
    publish(draft, reviewer)
    assert suggested() == [DRAFTS_NAME]


def export(client, format, organisation):
    """(the exported slugs, the file's text) of the practices filtered by `organisation`."""
    response = client.get(f"/en/practices/export.{format}", {"organisation": organisation})
    text = b"".join(response.streaming_content).decode()
    if format == "json":
        return [row["slug"] for row in json.loads(text)], text
    return [row["slug"] for row in csv.DictReader(io.StringIO(text.removeprefix(BOM), newline=""))], text


@pytest.mark.parametrize("format", ["csv", "json"])
def test_the_exports_refuse_a_drafts_organisation_until_its_record_is_published(
    client, draft, drafts_organisation, reviewer, format
):
    # Refused like an unknown value, with the same answer, which does not name it.
    refused = client.get(f"/en/practices/export.{format}", {"organisation": drafts_organisation.pk})
    unknown = client.get(f"/en/practices/export.{format}", {"organisation": UNKNOWN_ID})
    assert (refused.status_code, unknown.status_code) == (400, 400)
    assert DRAFTS_NAME not in refused.content.decode()
    assert refused.content.decode().replace(str(drafts_organisation.pk), "?") == unknown.content.decode().replace(
        str(UNKNOWN_ID), "?"
    )
    publish(draft, reviewer)
    slugs, text = export(client, format, drafts_organisation.pk)
    assert (slugs, DRAFTS_NAME in text) == (["quietwater"], True)


def feed_records(client, feed, organisation):
    """The addresses of the records in a feed of the practices filtered by `organisation`."""
    root = ElementTree.fromstring(client.get(f"/en/practices/{feed}", {"organisation": organisation}).content)
    if feed == "feed.rss":
        return [item.findtext("link") for item in root.iter("item")]
    return [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]


@pytest.mark.parametrize("feed", ["feed.rss", "feed.atom"])
def test_the_feeds_refuse_a_drafts_organisation_until_its_record_is_published(
    client, draft, drafts_organisation, reviewer, feed
):
    refused = client.get(f"/en/practices/{feed}", {"organisation": drafts_organisation.pk})
    unknown = client.get(f"/en/practices/{feed}", {"organisation": UNKNOWN_ID})
    assert (refused.status_code, unknown.status_code) == (400, 400)
    assert DRAFTS_NAME not in refused.content.decode()
    publish(draft, reviewer)
    assert feed_records(client, feed, drafts_organisation.pk) == ["http://testserver/en/practices/quietwater/"]


def test_the_sitemap_has_no_address_of_a_drafts_organisation(client, drafts_organisation):
    # The sitemap lists no organisation page at all, today as before: this keeps a later one from listing drafts'.
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    sections = [urlsplit(location.text).path for location in index.iter() if location.tag.endswith("loc")]
    text = "".join(client.get(section).text for section in sections)
    assert drafts_organisation.get_absolute_url() not in text
