"""Partners submit practices through the guided form, and see and change only their own (issue 19)."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from practices.models import Practice
from records import workflow
from records.models import Status
from submissions.checklist import criteria
from submissions.models import Submission
from tests.partners import PASSWORD, complete, draft, partner, reviewer

pytestmark = pytest.mark.django_db


def form_data(practice, **changes):
    """What the browser posts for `practice` as it is, with `changes`."""
    data = {
        "language": practice.language,
        "title": getattr(practice, f"title_{practice.language}"),
        "summary": getattr(practice, f"summary_{practice.language}"),
        "countries": [link.country_id for link in practice.country_links.all()],
        "gcm_objectives": [link.objective_id for link in practice.objective_links.all()],
        "checklist": practice.submission.checklist,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def owner(client):
    user = partner()
    client.force_login(user)
    return user


def test_a_partner_starts_a_draft_that_only_they_can_see(client, owner):
    response = client.post("/en/submit/")
    practice = Practice.objects.get(created_by=owner)
    assert response.status_code == 302
    assert response["Location"] == f"/en/my-submissions/{practice.pk}/"
    assert practice.status == Status.DRAFT
    assert practice.submission.submitter == owner
    assert client.get(response["Location"]).status_code == 200
    assert not Practice.objects.published().filter(pk=practice.pk).exists()


def test_saving_the_form_keeps_each_answer_in_the_records_language(client, owner):
    practice, _submission = draft(owner, language="fr")
    data = form_data(practice, language="fr", title="Fonds revolving", summary="Un fonds pour les migrants de retour.")
    data.update({"countries": ["TN", "SN"], "gcm_objectives": [21], "start_year": "2018", "ongoing": "on"})
    response = client.post(f"/en/my-submissions/{practice.pk}/", data)
    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.title_fr, practice.summary_fr) == ("Fonds revolving", "Un fonds pour les migrants de retour.")
    assert not practice.title_en
    assert re.fullmatch(r"fonds-revolving-[0-9a-f]{6}", practice.slug)
    assert sorted(practice.country_links.values_list("country_id", flat=True)) == ["SN", "TN"]
    assert practice.start_year == 2018
    assert practice.ongoing


def test_changing_the_language_moves_the_texts_with_it(client, owner):
    practice, _submission = draft(owner, language="en", title="Revolving fund", summary="A fund.")
    client.post(f"/en/my-submissions/{practice.pk}/", form_data(practice, language="es", title="Fondo rotatorio"))
    practice.refresh_from_db()
    assert practice.language == "es"
    assert (practice.title_es, practice.summary_es) == ("Fondo rotatorio", "A fund.")
    assert not practice.title_en
    assert not practice.summary_en


def test_bad_dates_get_a_message_beside_their_field_and_nothing_is_saved(client, owner):
    practice, _submission = draft(owner, title="Before")
    data = form_data(practice, title="After", start_year="2020", end_year="2010")
    response = client.post(f"/fr/my-submissions/{practice.pk}/", data)
    assert response.status_code == 400
    assert "La fin ne peut pas précéder le début." in response.text
    assert 'value="After"' in response.text  # what was typed stays on the page
    practice.refresh_from_db()
    assert practice.title_en == "Before"
    assert practice.start_year is None


def test_a_year_that_is_not_a_number_is_refused_with_a_message(client, owner):
    practice, _submission = draft(owner)
    response = client.post(f"/es/my-submissions/{practice.pk}/", form_data(practice, start_year="abc"))
    assert response.status_code == 400
    assert "Introduzca un número entero." in response.text


def test_the_form_says_what_is_still_needed_and_refuses_to_submit_without_it(client, owner):
    practice, _submission = draft(owner, title="Half done")
    page = client.get(f"/en/my-submissions/{practice.pk}/")
    for need in ("A summary.", "At least one country.", "At least one GCM objective."):
        assert need in page.text
    response = client.post(f"/en/my-submissions/{practice.pk}/", {**form_data(practice), "submit": "1"})
    assert response.status_code == 400
    assert "cannot be submitted yet" in response.text
    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_every_criterion_of_the_checklist_must_be_confirmed(client, owner):
    practice, _submission = complete(owner)
    unticked = [key for key, _text in criteria()][1:]
    response = client.post(
        f"/en/my-submissions/{practice.pk}/", {**form_data(practice, checklist=unticked), "submit": "1"}
    )
    assert response.status_code == 400
    assert "Confirm: The practice has been fully or mostly completed" in response.text


def test_a_complete_draft_is_submitted_and_the_partner_and_reviewers_are_told(client, owner):
    staff = reviewer()
    practice, _submission = complete(owner)
    response = client.post(f"/en/my-submissions/{practice.pk}/", {**form_data(practice), "submit": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/en/my-submissions/"
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert practice.submitted_at is not None
    assert practice.status_changes.get().by == owner
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "We received your practice" in by_recipient[owner.email].subject
    assert "/en/my-submissions/" in by_recipient[owner.email].body
    assert "Practice submitted for review" in by_recipient[staff.email].subject
    assert f"/admin/practices/practice/{practice.pk}/change/" in by_recipient[staff.email].body
    assert not Practice.objects.published().filter(pk=practice.pk).exists()


def test_mail_is_written_in_each_recipients_language(client):
    french = partner("fr@example.org", language="fr")
    client.force_login(french)
    practice, _submission = complete(french)
    client.post(f"/en/my-submissions/{practice.pk}/", {**form_data(practice), "submit": "1"})
    (message,) = mail.outbox
    assert "Nous avons reçu votre pratique" in message.subject
    assert "/fr/my-submissions/" in message.body


def test_changes_requested_reach_the_partner_who_edits_and_submits_again(client, owner):
    staff = reviewer()
    practice, _submission = complete(owner)
    workflow.apply(practice, "submit", owner)
    mail.outbox.clear()
    workflow.apply(practice, "request_changes", staff, note="Say how many migrants took part.")
    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert "Say how many migrants took part." in message.body
    assert "Say how many migrants took part." in client.get("/en/my-submissions/").text
    edit = client.get(f"/en/my-submissions/{practice.pk}/")
    assert "Say how many migrants took part." in edit.text
    response = client.post(
        f"/en/my-submissions/{practice.pk}/", {**form_data(practice, summary="120 migrants took part."), "submit": "1"}
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert practice.summary_en == "120 migrants took part."


def test_publishing_tells_the_partner_with_the_public_address(owner):
    staff = reviewer()
    practice, _submission = complete(owner)
    workflow.apply(practice, "submit", owner)
    mail.outbox.clear()
    workflow.apply(practice, "publish", staff)
    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert "is published" in message.subject
    assert f"/en/practices/{practice.slug}/" in message.body


def test_staff_records_send_no_partner_mail(owner):
    staff = reviewer()
    practice = Practice.objects.create(title_en="Staff entry", slug="staff-entry", language="en", created_by=staff)
    practice.country_links.create(country_id="TN")
    practice.objective_links.create(objective_id=1)
    workflow.apply(practice, "submit", staff)
    workflow.apply(practice, "publish", staff)
    assert mail.outbox == []


# Nobody sees what is not theirs: crafted requests, not only the buttons.


def test_another_partners_record_is_not_found_to_read_or_write(client, owner):
    other = partner("other@example.org")
    practice, _submission = draft(other, title="Theirs")
    assert client.get(f"/en/my-submissions/{practice.pk}/").status_code == 404
    assert client.post(f"/en/my-submissions/{practice.pk}/", form_data(practice, title="Mine now")).status_code == 404
    assert client.get(f"/en/practices/{practice.slug}/").status_code == 404
    practice.refresh_from_db()
    assert practice.title_en == "Theirs"
    assert "Theirs" not in client.get("/en/my-submissions/").text


def test_a_submitted_record_cannot_be_changed_by_its_partner(client, owner):
    practice, _submission = complete(owner)
    workflow.apply(practice, "submit", owner)
    response = client.post(f"/en/my-submissions/{practice.pk}/", form_data(practice, title="Changed after"))
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.title_en != "Changed after"
    assert practice.status == Status.SUBMITTED


def test_a_save_racing_a_submission_in_another_tab_does_not_undo_it(client, owner):
    """The form was opened while a draft; the record was submitted meanwhile: the late save is refused."""
    from submissions import drafts

    practice, submission = complete(owner)
    stale = Practice.objects.get(pk=practice.pk)
    workflow.apply(practice, "submit", owner)
    with pytest.raises(workflow.PermissionDenied):
        drafts.write(stale, submission, {"title": "Late"}, user=owner)
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert practice.title_en != "Late"


def test_a_partner_may_apply_no_other_step_than_submitting_their_own(owner):
    practice, _submission = complete(owner)
    workflow.apply(practice, "submit", owner)
    for step in ("start_review", "request_changes", "publish"):
        with pytest.raises(workflow.PermissionDenied):
            workflow.apply(practice, step, owner)
    other = partner("other@example.org")
    theirs, _submission = complete(other)
    with pytest.raises(workflow.PermissionDenied):
        workflow.apply(theirs, "submit", owner)


def test_the_partner_previews_their_draft_at_its_address_and_nobody_else_does(client, owner):
    practice, _submission = complete(owner, title="Preview me")
    assert client.get(f"/en/practices/{practice.slug}/").status_code == 200
    client.logout()
    assert client.get(f"/en/practices/{practice.slug}/").status_code == 404
    client.force_login(partner("other@example.org"))
    assert client.get(f"/en/practices/{practice.slug}/").status_code == 404


def test_visitors_are_sent_to_sign_in_and_staff_to_the_admin(client):
    assert client.get("/en/my-submissions/")["Location"].startswith("/en/accounts/login/")
    assert client.post("/en/submit/")["Location"].startswith("/en/accounts/login/")
    staff = reviewer()
    client.force_login(staff)
    assert client.get("/en/my-submissions/").status_code == 403
    assert client.post("/en/submit/").status_code == 403


def test_my_submissions_lists_each_record_with_its_status_and_dates(client, owner):
    complete(owner, title="First one")
    practice, _submission = complete(owner, title="Second one")
    workflow.apply(practice, "submit", owner)
    page = client.get("/fr/my-submissions/")
    assert page.status_code == 200
    assert "First one" in page.text
    assert "Second one" in page.text
    assert "Brouillon" in page.text
    assert "Soumis" in page.text


def test_autosave_answers_what_is_still_missing(client, owner):
    practice, _submission = draft(owner)
    response = client.post(
        f"/en/my-submissions/{practice.pk}/", form_data(practice, title="Typed so far"), HTTP_X_AUTOSAVE="1"
    )
    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert "A summary." in response.json()["missing"]
    practice.refresh_from_db()
    assert practice.title_en == "Typed so far"
    bad = client.post(f"/en/my-submissions/{practice.pk}/", form_data(practice, end_month="13"), HTTP_X_AUTOSAVE="1")
    assert bad.status_code == 400
    assert "end_month" in bad.json()["errors"]


def test_a_partner_attaches_an_image_with_its_description_credit_and_caption(client, owner):
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(png, "PNG")
    png.name = "photo.png"
    png.seek(0)
    practice, _submission = complete(owner)
    data = form_data(practice, image_alt="Trainees in a workshop", image_caption="Sfax, 2019", image_credit="© IOM")
    response = client.post(f"/en/my-submissions/{practice.pk}/", {**data, "image": png})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.image.name.endswith(".png")
    assert (practice.image_alt_en, practice.image_caption_en, practice.image_credit) == (
        "Trainees in a workshop",
        "Sfax, 2019",
        "© IOM",
    )


def test_an_image_without_a_description_cannot_be_submitted(owner):
    from submissions.checklist import missing

    practice, submission = complete(owner)
    practice.image = "records/2026/x.png"
    assert "A description of the image, for people who cannot see it." in [
        str(need) for need in missing(practice, submission)
    ]


def test_a_deleted_account_takes_its_unsent_drafts_and_leaves_what_reviewers_have(client, owner):
    kept, _submission = complete(owner, title="Sent")
    workflow.apply(kept, "submit", owner)
    unsent, _submission = draft(owner, title="Never sent")
    response = client.post("/en/accounts/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not Practice.objects.filter(pk=unsent.pk).exists()
    kept.refresh_from_db()
    assert kept.status == Status.SUBMITTED
    assert kept.created_by is None
    assert Submission.objects.get(practice=kept).submitter is None


def test_deleting_an_account_needs_its_password(client, owner):
    response = client.post("/en/accounts/profile/delete/", {"password": "wrong"})
    assert response.status_code == 400
    assert "This is not your password." in response.text
    assert User.objects.filter(pk=owner.pk).exists()


def test_contacts_are_saved_once_however_often_the_form_saves(client, owner):
    practice, _submission = draft(owner, title="With people")
    data = form_data(
        practice,
        contact_1_name="Awa Ndiaye",
        contact_1_job_title="Project officer",
        contact_1_organisation="Caritas Senegal",
        contact_2_name="Moussa Diop",
    )
    for _save in range(3):
        client.post(f"/en/my-submissions/{practice.pk}/", data, HTTP_X_AUTOSAVE="1")
    people = list(practice.people.values_list("name", "job_title", "organisation"))
    assert people == [("Awa Ndiaye", "Project officer", "Caritas Senegal"), ("Moussa Diop", "", "")]
    page = client.get(f"/en/my-submissions/{practice.pk}/")
    assert 'value="Awa Ndiaye"' in page.text


def test_a_contact_without_a_name_or_with_a_bad_address_is_told_and_nothing_is_saved(client, owner):
    practice, _submission = draft(owner)
    response = client.post(
        f"/fr/my-submissions/{practice.pk}/",
        form_data(practice, contact_1_job_title="Director", contact_2_name="Ana", contact_2_email="not-an-address"),
    )
    assert response.status_code == 400
    assert "Donnez le nom de ce contact, ou laissez la case vide." in response.text
    assert "Saisissez une adresse e-mail valide." in response.text
    assert not practice.people.exists()


def test_a_draft_of_a_known_title_tells_nothing_of_the_records_the_partner_cannot_see(client, owner):
    other = partner("other@example.org")
    hidden, _submission = draft(other, title="Secret pilot")
    mine, _submission = draft(owner, title="Secret pilot")
    assert mine.slug != hidden.slug
    assert not mine.slug.endswith("-2")
    retitled, _submission = draft(owner, title="Secret pilot")
    tail = retitled.slug.rsplit("-", 1)[1]
    client.post(f"/en/my-submissions/{retitled.pk}/", form_data(retitled, title="Open pilot"))
    retitled.refresh_from_db()
    assert retitled.slug == f"open-pilot-{tail}"  # the draft keeps its tail through retitling


@pytest.mark.parametrize("field", ["gcm_objectives", "principles", "sdgs", "beneficiaries", "countries"])
def test_a_reference_value_too_large_for_the_database_is_refused_with_a_message(client, owner, field):
    practice, _submission = draft(owner)
    huge = "99999999999999999999999"
    response = client.post(f"/en/my-submissions/{practice.pk}/", form_data(practice, **{field: [huge]}))
    assert response.status_code == 400
    assert "is not a valid value." in response.text
    autosave = client.post(
        f"/en/my-submissions/{practice.pk}/", form_data(practice, **{field: [huge]}), HTTP_X_AUTOSAVE="1"
    )
    assert autosave.status_code == 400


@pytest.mark.parametrize("name", ["bad_exif.jpg", "bad_exif.webp"])
def test_an_image_with_a_broken_exif_block_is_refused_with_a_message(client, owner, name):
    from pathlib import Path

    practice, _submission = complete(owner)
    with (Path(__file__).parent / "files" / name).open("rb") as upload:
        response = client.post(f"/en/my-submissions/{practice.pk}/", {**form_data(practice), "image": upload})
    assert response.status_code == 400
    assert "This file is not a JPEG, PNG or WebP image." in response.text


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(client, owner):
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("1", (8000, 6000)).save(png, "PNG")  # a few kilobytes, 48 million pixels
    png.name = "huge.png"
    png.seek(0)
    practice, _submission = complete(owner)
    response = client.post(f"/en/my-submissions/{practice.pk}/", {**form_data(practice), "image": png})
    assert response.status_code == 400
    assert "The image has too many pixels: 40 million at most." in response.text


def test_a_replaced_image_leaves_no_file_behind(client, owner, django_capture_on_commit_callbacks):
    import io

    from PIL import Image

    def png(colour):
        data = io.BytesIO()
        Image.new("RGB", (20, 20), colour).save(data, "PNG")
        data.name = f"{colour}.png"
        data.seek(0)
        return data

    practice, _submission = complete(owner)
    data = form_data(practice, image_alt="A picture")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/my-submissions/{practice.pk}/", {**data, "image": png("red")})
    practice.refresh_from_db()
    first = practice.image
    assert first.storage.exists(first.name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/my-submissions/{practice.pk}/", {**data, "image": png("blue")})
    assert not first.storage.exists(first.name)


def test_starting_drafts_is_limited_per_hour(client, owner, settings):
    settings.SUBMISSION_HOURLY_LIMIT = 2
    assert client.post("/en/submit/").status_code == 302
    assert client.post("/en/submit/").status_code == 302
    response = client.post("/en/submit/")
    assert response.status_code == 429
    assert "wait a little" in response.text
    assert Practice.objects.filter(created_by=owner).count() == 2
