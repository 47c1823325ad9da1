"""Every save through the admin is a revision: staff compare versions, restore one, recover a deleted record.

A revert is an edit: only whoever may edit the record now may make it, through the same checks, and it
brings back the content alone, never the status, its dates, the log of steps or the reviewers' comments.
Recovering a deleted record is for reviewers.
"""

import pytest
from django import forms
from django.urls import reverse
from reversion.models import Version

from practices.models import Practice
from records import workflow
from records.workflow import CONTRIBUTORS, REVIEWERS
from tests.admin_forms import PRACTICE_DEFAULTS, change_url, no_inlines

pytestmark = pytest.mark.django_db


def form_data(title, countries, existing=(), **fields):
    """The admin form: `existing` country links are deleted, `countries` added."""
    data = {
        "title_en": title,
        "slug": "water-kiosks",
        "language": "en",
        "source_document": "form",
        **PRACTICE_DEFAULTS,
        **fields,
    }
    data.update(no_inlines())
    forms = [{"id": link.pk, "country": link.country_id, "DELETE": "on"} for link in existing]
    forms += [{"country": code, "provenance": "stated"} for code in countries]
    data["country_links-TOTAL_FORMS"] = str(len(forms))
    data["country_links-INITIAL_FORMS"] = str(len(existing))
    for index, form in enumerate(forms):
        data.update({f"country_links-{index}-{key}": value for key, value in form.items()})
        data.setdefault(f"country_links-{index}-provenance", "stated")
    return data


def revision_url(version):
    return reverse("admin:practices_practice_revision", args=[version.object_id, version.pk])


def opened(client, url):
    """The hidden fields of a change (or revert) form as `client` opens it now."""
    form = client.get(url).context["adminform"].form
    return {field.html_name: field.value() for field in form.hidden_fields()}


def as_shown(response):
    """What pressing Save posts from the change (or revert) form of `response`: its values, no inline rows."""
    form = response.context["adminform"].form
    shown = [field for field in form if not isinstance(field.field, forms.FileField)]
    data = {field.html_name: field.value() for field in shown if field.value() is not None}
    data.update(no_inlines())
    return data


def versions(practice):
    """The record's versions, oldest first."""
    return list(Version.objects.get_for_object(practice).order_by("pk"))


def add_and_edit(client):
    """A practice added, then renamed, by `client` in the admin: two revisions."""
    client.post(reverse("admin:practices_practice_add"), form_data("Water kiosks", ["FR"]))
    practice = Practice.objects.get(slug="water-kiosks")
    data = form_data("Water kiosks, second edition", ["DE"], practice.country_links.all())
    response = client.post(change_url(practice), {**data, **opened(client, change_url(practice))})
    assert response.status_code == 302
    return practice


@pytest.fixture
def edited_twice(admin_client):
    return add_and_edit(admin_client)


@pytest.fixture
def contributor(make_staff):
    return make_staff(CONTRIBUTORS)


@pytest.fixture
def reviewer(make_staff):
    return make_staff(REVIEWERS)


def test_each_admin_save_is_a_revision(edited_twice):
    assert Version.objects.get_for_object(edited_twice).count() == 2


def test_restoring_a_revision_brings_back_the_old_text_and_links(edited_twice):
    edited_twice.refresh_from_db()
    assert [link.country_id for link in edited_twice.country_links.all()] == ["DE"]
    first = Version.objects.get_for_object(edited_twice).last()
    first.revision.revert(delete=True)
    edited_twice.refresh_from_db()
    assert edited_twice.title_en == "Water kiosks"
    assert [link.country_id for link in edited_twice.country_links.all()] == ["FR"]


def test_history_and_comparison_pages_open(admin_client, edited_twice):
    history = admin_client.get(reverse("admin:practices_practice_history", args=[edited_twice.pk]))
    assert history.status_code == 200
    first, second = Version.objects.get_for_object(edited_twice).order_by("pk")
    compare = admin_client.get(
        reverse("admin:practices_practice_compare", args=[edited_twice.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    assert compare.status_code == 200
    assert "second edition" in compare.text


def test_a_deleted_record_can_be_recovered_with_its_links(admin_client, edited_twice):
    admin_client.post(reverse("admin:practices_practice_delete", args=[edited_twice.pk]), {"post": "yes"})
    assert not Practice.objects.filter(slug="water-kiosks").exists()
    assert admin_client.get(reverse("admin:practices_practice_recoverlist")).status_code == 200
    Version.objects.get_deleted(Practice).first().revision.revert()
    recovered = Practice.objects.get(slug="water-kiosks")
    assert [link.country_id for link in recovered.country_links.all()] == ["DE"]


# A revert is an edit.


def test_a_revert_from_the_history_brings_back_the_old_text_and_links(admin_client, edited_twice):
    first = versions(edited_twice)[0]
    page = admin_client.get(revision_url(first))
    assert admin_client.post(revision_url(first), as_shown(page)).status_code == 302
    edited_twice.refresh_from_db()
    assert edited_twice.title_en == "Water kiosks"
    assert [link.country_id for link in edited_twice.country_links.all()] == ["FR"]


def test_a_contributor_reverts_their_own_draft(contributor):
    practice = add_and_edit(contributor)
    first = versions(practice)[0]
    page = contributor.get(revision_url(first))
    assert contributor.post(revision_url(first), as_shown(page)).status_code == 302
    practice.refresh_from_db()
    assert practice.title_en == "Water kiosks"


@pytest.mark.parametrize("status", ["published", "submitted"])
def test_a_contributor_cannot_revert_their_record_once_out_of_their_hands(contributor, status):
    practice = add_and_edit(contributor)
    shown = as_shown(contributor.get(revision_url(versions(practice)[0])))
    Practice.objects.filter(pk=practice.pk).update(status=status)
    assert contributor.get(revision_url(versions(practice)[0])).status_code == 403
    assert contributor.post(revision_url(versions(practice)[0]), shown).status_code == 403
    practice.refresh_from_db()
    assert (practice.title_en, practice.status) == ("Water kiosks, second edition", status)


def test_a_revert_keeps_the_status_its_dates_the_steps_and_the_comments(admin_client, admin_user, edited_twice):
    edited_twice.objective_links.create(objective_id=15)
    first = versions(edited_twice)[0]
    workflow.apply(edited_twice, "submit", admin_user)
    workflow.apply(edited_twice, "request_changes", admin_user, note="Name the partner NGO.")
    page = admin_client.get(revision_url(first))
    assert admin_client.post(revision_url(first), as_shown(page)).status_code == 302
    reverted = Practice.objects.get(pk=edited_twice.pk)
    assert reverted.title_en == "Water kiosks"
    assert (reverted.status, reverted.submitted_at) == ("changes_requested", edited_twice.submitted_at)
    assert [change.to_status for change in reverted.status_changes.all()] == ["submitted", "changes_requested"]
    assert [comment.text for comment in reverted.review_comments.all()] == ["Name the partner NGO."]


def test_a_revert_leaves_a_comment_edited_since_as_it_is(admin_client, edited_twice):
    data = form_data("Water kiosks, third edition", [], **opened(admin_client, change_url(edited_twice)))
    data.update({"review_comments-TOTAL_FORMS": "1", "review_comments-0-text": "First thoughts."})
    assert admin_client.post(change_url(edited_twice), data).status_code == 302
    comment = edited_twice.review_comments.get()
    comment.text = "Second thoughts."
    comment.save()
    third = versions(edited_twice)[2]
    page = admin_client.get(revision_url(third))
    assert admin_client.post(revision_url(third), as_shown(page)).status_code == 302
    assert [comment.text for comment in edited_twice.review_comments.all()] == ["Second thoughts."]


def test_a_revert_opened_before_someone_elses_save_is_refused(admin_client, reviewer, edited_twice):
    first = versions(edited_twice)[0]
    shown = as_shown(admin_client.get(revision_url(first)))
    data = form_data("Water kiosks, reviewed", [], **opened(reviewer, change_url(edited_twice)))
    assert reviewer.post(change_url(edited_twice), data).status_code == 302
    response = admin_client.post(revision_url(first), shown)
    assert response.status_code == 200
    assert "after you opened this form" in " ".join(response.context["adminform"].form.non_field_errors())
    assert Practice.objects.get(pk=edited_twice.pk).title_en == "Water kiosks, reviewed"


# Recovering a deleted record.


@pytest.fixture
def deleted(admin_client, edited_twice):
    admin_client.post(reverse("admin:practices_practice_delete", args=[edited_twice.pk]), {"post": "yes"})
    return Version.objects.get_deleted(Practice).get(object_id=str(edited_twice.pk))


def test_contributors_may_not_see_or_recover_deleted_records(contributor, deleted):
    assert contributor.get(reverse("admin:practices_practice_recoverlist")).status_code == 403
    recover = reverse("admin:practices_practice_recover", args=[deleted.pk])
    assert contributor.post(recover, form_data("Water kiosks, second edition", [])).status_code == 403
    assert not Practice.objects.filter(slug="water-kiosks").exists()


def test_reviewers_recover_a_deleted_record(reviewer, deleted):
    assert reviewer.get(reverse("admin:practices_practice_recoverlist")).status_code == 200
    recover = reverse("admin:practices_practice_recover", args=[deleted.pk])
    assert reviewer.post(recover, as_shown(reviewer.get(recover))).status_code == 302
    assert Practice.objects.filter(slug="water-kiosks").exists()


def test_the_list_links_to_deleted_records_for_reviewers_only(contributor, reviewer):
    recover_list = reverse("admin:practices_practice_recoverlist")
    assert recover_list in reviewer.get(reverse("admin:practices_practice_changelist")).text
    assert recover_list not in contributor.get(reverse("admin:practices_practice_changelist")).text
