"""A partner signs up, confirms by mail, uploads a filled template, completes and submits the draft; staff
publish it in the admin; the partner is told by mail and the practice is public (issue 19)."""

import re

import pytest
from django.contrib.auth.models import User

from practices.models import Practice
from records.models import Status
from tests.conftest import send_outbox
from tests.mail_server import body
from tests.partners import PASSWORD
from tests.test_template_files import fill_docx, seed_answers


@pytest.fixture
def site(settings, live_server, mail_server):
    settings.SITE_URL = live_server.url
    return live_server


def mailed_link(mail_server, address, pattern):
    send_outbox()
    for message in reversed(mail_server.inbox.to(address)):
        if match := re.search(rf"https?://\S*{pattern}\S*", body(message)):
            return match.group(0), message
    subjects = [message["Subject"] for message in mail_server.inbox.messages]
    raise AssertionError(f"no message to {address} with {pattern}: {subjects}")


def test_a_partner_submits_a_practice_from_the_word_template_and_staff_publish_it(
    site, mail_server, new_page, expect, axe_violations, tmp_path
):
    page = new_page()
    # 1. Sign up.
    page.goto("/en/submit/")
    page.get_by_role("link", name="create an account").click()
    assert axe_violations(page) == []
    page.locator("#id_email").fill("partner@example.org")
    page.locator("#id_organisation").fill("Caritas Senegal")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    # 2. Confirm by the link that the SMTP server received.
    link, _message = mailed_link(mail_server, "partner@example.org", "/en/accounts/confirm-email/")
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="My submissions")).to_be_visible()
    assert axe_violations(page) == []

    # 3. Upload a filled .docx template (seed 000, a Hub practice form in French).
    seed, answers = seed_answers()
    template = page.request.get("/fr/submit/template.docx").body()
    filled = tmp_path / "pratique.docx"
    filled.write_bytes(fill_docx(template, dict(answers)))
    page.goto("/en/submit/")
    page.locator("#id_file").set_input_files(str(filled))
    page.get_by_role("button", name="Upload and make a draft").click()
    expect(page.locator(".message.success")).to_contain_text("Your file is read into this draft")
    expect(page.locator("#id_title")).to_have_value(seed.title_fr)
    expect(page.locator("#id_language")).to_have_value("fr")
    assert axe_violations(page) == []

    # 4. Complete the draft in the form and submit it.
    expect(page.locator("#missing-list")).to_contain_text("Confirm:")
    for box in page.locator("#checklist-options input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".message.success")).to_contain_text("Your practice is submitted")
    practice = Practice.objects.get(created_by__email="partner@example.org")
    assert practice.status == Status.SUBMITTED
    expect(page.locator(".cards.submissions")).to_contain_text("Submitted")

    # Meanwhile the partner saves a search for new practices in Senegal, to hear of others' work.
    page.goto("/en/practices/?country=SN")
    page.get_by_role("button", name="Save this search").click()
    expect(page.locator(".message.success")).to_contain_text("Search saved")
    page.goto("/en/saved-searches/")
    expect(page.get_by_role("link", name="Practices: Senegal")).to_be_visible()
    assert axe_violations(page) == []

    # 5. Staff publish it in the admin.
    User.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    staff = new_page()
    staff.goto("/admin/login/")
    staff.get_by_label("Username").fill("editor")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.goto(f"/admin/practices/practice/{practice.pk}/change/")
    staff.get_by_role("link", name="Publish").click()
    staff.get_by_role("button", name="Confirm: Publish").click()
    expect(staff.locator(".messagelist .success")).to_contain_text("Published")

    # 6. The partner receives the "published" mail, and the public page shows the practice.
    practice.refresh_from_db()
    link, message = mailed_link(mail_server, "partner@example.org", f"/practices/{practice.slug}/")
    assert "is published" in message["Subject"]
    visitor = new_page()
    visitor.goto(link.split(site.url, 1)[1])
    expect(visitor.get_by_role("heading", level=1)).to_have_text(seed.title_fr)
    subjects = [message["Subject"] for message in mail_server.inbox.to("partner@example.org")]
    assert any(subject.strip().startswith("We received your practice") for subject in subjects), subjects
