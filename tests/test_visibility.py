"""Nothing unpublished reaches the public, through any door; staff may preview what they may edit."""

import pytest

from records.workflow import CONTRIBUTORS, REVIEWERS

pytestmark = pytest.mark.django_db

HIDDEN_STATUSES = ["draft", "submitted", "in_review", "changes_requested", "archived"]
TITLE = "Zanzibar ferry welcome desk"


@pytest.fixture(params=HIDDEN_STATUSES)
def hidden(request, make_practice, make_project):
    """An unpublished practice and project that share every classification with the seeds."""
    practice = make_practice(title_en=TITLE, status=request.param, countries=["SN"], objectives=[15])
    project = make_project(title_en=TITLE, status=request.param, countries=["SV"], objectives=[21])
    return practice, project


def test_hidden_records_are_absent_from_lists_and_counts(client, hidden):
    for path in ["/en/practices/", "/en/projects/"]:
        response = client.get(path)
        assert TITLE not in response.text
        assert response.context["page_obj"].paginator.count == 3 if "practices" in path else 2
    country_counts = {o.value: o.count for f in client.get("/en/practices/").context["facets"] for o in f.options}
    assert country_counts["SN"] == 1


def test_hidden_records_have_no_public_page(client, hidden):
    practice, project = hidden
    assert client.get(practice.get_absolute_url()).status_code == 404
    assert client.get(project.get_absolute_url()).status_code == 404


def test_hidden_records_are_not_found_by_search(client, hidden):
    assert TITLE not in client.get("/en/search/", {"q": "Zanzibar"}).text
    assert TITLE not in client.get("/en/practices/", {"q": "Zanzibar"}).text


def test_hidden_records_are_not_related_or_on_reference_pages(client, hidden):
    assert TITLE not in client.get("/en/practices/protection-migrants-covid-19-relance-activites-economiques/").text
    assert TITLE not in client.get("/en/projects/gene-sis/").text
    assert TITLE not in client.get("/en/objectives/15/").text
    assert TITLE not in client.get("/en/countries/SV/").text


def test_hidden_records_are_not_on_the_home_page(client, hidden):
    response = client.get("/en/")
    assert TITLE not in response.text
    assert response.context["practice_count"] == 3


def test_author_previews_their_draft_with_a_banner(make_staff, make_practice):
    contributor = make_staff(CONTRIBUTORS)
    draft = make_practice(title_en=TITLE, status="draft", created_by=contributor.user)
    response = contributor.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Not published." in response.text


def test_a_preview_is_private_and_never_stored_and_a_published_page_is_not(make_staff, make_practice, client):
    reviewer = make_staff(REVIEWERS)
    submitted = make_practice(title_en=TITLE, status="submitted")
    preview = reviewer.get(submitted.get_absolute_url())
    assert preview.status_code == 200
    assert {part.strip() for part in preview["Cache-Control"].split(",")} >= {"private", "no-store"}
    published = client.get("/en/projects/gene-sis/")
    assert "private" not in published.get("Cache-Control", "")
    assert "no-store" not in reviewer.get("/en/projects/gene-sis/").get("Cache-Control", "")


def test_reviewer_previews_any_unpublished_record(make_staff, make_practice):
    submitted = make_practice(title_en=TITLE, status="submitted")
    assert make_staff(REVIEWERS).get(submitted.get_absolute_url()).status_code == 200


def test_other_contributors_cannot_preview_a_draft(make_staff, make_practice):
    draft = make_practice(title_en=TITLE, status="draft")
    assert make_staff(CONTRIBUTORS).get(draft.get_absolute_url()).status_code == 404


def test_published_page_has_no_preview_banner(client):
    assert "Not published." not in client.get("/en/projects/gene-sis/").text


def test_public_reviewer_comments_are_shown_and_private_ones_are_not(client):
    from projects.models import Project

    project = Project.objects.get(slug="gene-sis")
    project.review_comments.create(text="A model of civil-society leadership.", public=True)
    project.review_comments.create(text="Check the 2023 figures.", public=False)
    text = client.get("/en/projects/gene-sis/").text
    assert "A model of civil-society leadership." in text
    assert "Check the 2023 figures." not in text
