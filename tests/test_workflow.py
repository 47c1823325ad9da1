"""Each staff group can do exactly what it may, enforced by the views; every step is recorded, and checked
against the record as it is now."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practices.models import Practice
from records import workflow
from records.workflow import CONTRIBUTORS, REVIEWERS
from tests.admin_forms import PRACTICE_DEFAULTS, change_url, no_inlines

pytestmark = pytest.mark.django_db


def form_data(**fields):
    data = {"language": "en", "source_document": "submission form", **PRACTICE_DEFAULTS, **fields}
    data.update(no_inlines())
    return data


def opened(client, practice):
    """The hidden fields of the change form as `client` opens it now: what the record was when opened."""
    form = client.get(change_url(practice)).context["adminform"].form
    return {field.html_name: field.value() for field in form.hidden_fields()}


def transition_url(practice, name):
    return reverse("admin:practices_practice_transition", args=[practice.pk, name])


@pytest.fixture
def contributor(make_staff):
    return make_staff(CONTRIBUTORS)


@pytest.fixture
def reviewer(make_staff):
    return make_staff(REVIEWERS)


@pytest.fixture
def own_draft(contributor, make_practice):
    return make_practice(status="draft", created_by=contributor.user, countries=["SN"], objectives=[15])


def refresh(practice):
    practice.refresh_from_db()
    return practice


def test_contributor_adds_a_draft_that_is_theirs(contributor):
    data = form_data(title_en="Language classes", slug="language-classes")
    response = contributor.post(reverse("admin:practices_practice_add"), data)
    assert response.status_code == 302
    practice = Practice.objects.get(slug="language-classes")
    assert (practice.status, practice.created_by) == ("draft", contributor.user)


def test_contributor_edits_their_own_draft(contributor, own_draft):
    data = form_data(title_en="New title", slug=own_draft.slug, **opened(contributor, own_draft))
    response = contributor.post(change_url(own_draft), data)
    assert response.status_code == 302
    assert refresh(own_draft).title_en == "New title"


def test_contributor_cannot_edit_someone_elses_record(contributor, make_practice):
    other = make_practice(status="draft")
    response = contributor.post(change_url(other), form_data(title_en="Taken over", slug=other.slug))
    assert response.status_code == 403
    assert refresh(other).title_en != "Taken over"


def test_contributor_cannot_edit_their_record_once_submitted(contributor, own_draft):
    own_draft.status = "submitted"
    own_draft.save()
    response = contributor.post(change_url(own_draft), form_data(title_en="Late change", slug=own_draft.slug))
    assert response.status_code == 403


def test_contributor_submits_their_draft_and_the_step_is_recorded(contributor, own_draft):
    response = contributor.post(transition_url(own_draft, "submit"))
    assert response.status_code == 302
    practice = refresh(own_draft)
    assert practice.status == "submitted"
    assert practice.submitted_at is not None
    change = practice.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("draft", "submitted", contributor.user)


def test_submission_needs_a_country_and_a_gcm_objective(contributor, make_practice):
    bare = make_practice(status="draft", created_by=contributor.user)
    response = contributor.post(transition_url(bare, "submit"), follow=True)
    assert "Add at least one country." in response.text
    assert refresh(bare).status == "draft"


@pytest.mark.parametrize("action", ["publish", "start_review", "request_changes", "archive"])
def test_contributor_gets_403_for_reviewer_actions(contributor, own_draft, action):
    own_draft.status = "submitted" if action != "archive" else "published"
    own_draft.save()
    assert contributor.get(transition_url(own_draft, action)).status_code == 403
    assert contributor.post(transition_url(own_draft, action)).status_code == 403


def test_contributor_cannot_submit_someone_elses_draft(contributor, make_practice):
    other = make_practice(status="draft", countries=["SN"], objectives=[15])
    assert contributor.post(transition_url(other, "submit")).status_code == 403


def test_contributor_cannot_delete(contributor, own_draft):
    response = contributor.post(reverse("admin:practices_practice_delete", args=[own_draft.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Practice.objects.filter(pk=own_draft.pk).exists()


def test_contributor_reads_the_reviewers_comments(contributor, reviewer, own_draft):
    own_draft.status = "submitted"
    own_draft.save()
    reviewer.post(transition_url(own_draft, "request_changes"), {"note": "Please name the partner NGO."})
    assert refresh(own_draft).status == "changes_requested"
    assert "Please name the partner NGO." in contributor.get(change_url(own_draft)).text


def test_another_contributor_reads_neither_the_reviewers_comments_nor_the_history(
    contributor, reviewer, own_draft, make_staff
):
    own_draft.status = "submitted"
    own_draft.save()
    reviewer.post(transition_url(own_draft, "request_changes"), {"note": "Please name the partner NGO."})
    other = make_staff(CONTRIBUTORS)
    page = other.get(change_url(own_draft))
    assert page.status_code == 200  # every staff member may read every record
    assert "Please name the partner NGO." not in page.text
    history = reverse("admin:practices_practice_history", args=[own_draft.pk])
    assert other.get(history).status_code == 403
    assert contributor.get(history).status_code == 200
    assert "Please name the partner NGO." in reviewer.get(change_url(own_draft)).text


def test_reviewer_moves_a_record_from_submission_to_archive(reviewer, own_draft):
    own_draft.status = "submitted"
    own_draft.save()
    for action, status in [("start_review", "in_review"), ("publish", "published"), ("archive", "archived")]:
        assert reviewer.post(transition_url(own_draft, action)).status_code == 302
        assert refresh(own_draft).status == status
    assert own_draft.published_at is not None
    assert own_draft.status_changes.count() == 3


def test_reviewer_cannot_publish_a_draft(reviewer, own_draft):
    response = reviewer.post(transition_url(own_draft, "publish"), follow=True)
    assert "This action does not apply" in response.text
    assert refresh(own_draft).status == "draft"


def test_reviewer_deletes_after_confirmation(reviewer, own_draft):
    url = reverse("admin:practices_practice_delete", args=[own_draft.pk])
    assert "Yes, I’m sure" in reviewer.get(url).text
    assert reviewer.post(url, {"post": "yes"}).status_code == 302
    assert not Practice.objects.filter(pk=own_draft.pk).exists()


def test_reviewer_comments_are_signed_and_dated(reviewer, own_draft):
    data = form_data(title_en=own_draft.title_en, slug=own_draft.slug, **opened(reviewer, own_draft))
    data.update(
        {
            "review_comments-TOTAL_FORMS": "1",
            "review_comments-0-text": "Clear and complete.",
            "review_comments-0-public": "on",
        }
    )
    assert reviewer.post(change_url(own_draft), data).status_code == 302
    comment = own_draft.review_comments.get()
    assert (comment.author, comment.public) == (reviewer.user, True)


def test_staff_without_a_group_can_do_nothing(make_staff, own_draft):
    nobody = make_staff()
    assert nobody.get(change_url(own_draft)).status_code == 403
    assert nobody.post(transition_url(own_draft, "submit")).status_code == 403


def test_superuser_may_publish(admin_client, own_draft):
    own_draft.status = "in_review"
    own_draft.save()
    assert admin_client.post(transition_url(own_draft, "publish")).status_code == 302
    assert refresh(own_draft).status == "published"


def test_status_cannot_be_typed_in_the_form(reviewer, own_draft):
    data = form_data(title_en="x", slug=own_draft.slug, status="published", **opened(reviewer, own_draft))
    assert reviewer.post(change_url(own_draft), data).status_code == 302
    assert refresh(own_draft).status == "draft"


def test_change_page_offers_only_the_allowed_actions(contributor, own_draft):
    text = contributor.get(change_url(own_draft)).text
    assert transition_url(own_draft, "submit") in text
    assert transition_url(own_draft, "publish") not in text


def test_duplicate_titles_are_warned_about(reviewer):
    data = form_data(title_en="Amuddu", slug="amuddu-again")
    response = reviewer.post(reverse("admin:practices_practice_add"), data, follow=True)
    assert "Another record has the same title" in response.text


def test_a_step_is_checked_against_the_record_as_it_is_now_not_as_it_was_read(reviewer, own_draft):
    own_draft.status = "in_review"
    own_draft.save()
    read_before = Practice.objects.get(pk=own_draft.pk)
    workflow.apply(Practice.objects.get(pk=own_draft.pk), "publish", reviewer.user)
    with pytest.raises(ValidationError, match="does not apply to a record that is “Published”"):
        workflow.apply(read_before, "request_changes", reviewer.user)
    assert refresh(own_draft).status == "published"


def test_a_step_gives_the_record_it_was_given_its_new_status(reviewer, own_draft):
    own_draft.status = "submitted"
    own_draft.save()
    workflow.apply(own_draft, "publish", reviewer.user)
    assert own_draft.status == "published"
    assert own_draft.published_at == Practice.objects.get(pk=own_draft.pk).published_at
