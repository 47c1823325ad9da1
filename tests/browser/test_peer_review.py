"""A partner submits; the secretariat assigns three reviewers; one declares a conflict and is replaced; the
reviews disagree and a fourth reviewer settles them; the secretariat publishes; the public page shows the
comments marked public, and every step's mail reached the SMTP server (issue 20)."""

import pytest
from django.contrib.auth.models import Group, User

from practices.models import Practice
from records.models import Status
from reviews.process import EXTERNAL_REVIEWERS, SECRETARIAT
from tests.conftest import send_outbox
from tests.partners import PASSWORD, partner, review_groups


@pytest.fixture
def site(settings, live_server, mail_server, seeded):
    settings.SITE_URL = live_server.url
    review_groups()
    return live_server


def staff(email, group=None):
    user = User.objects.create_user(email, email=email, password=PASSWORD, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def external(email):
    user = partner(email)
    user.groups.add(Group.objects.get(name=EXTERNAL_REVIEWERS))
    return user


def sign_in(new_page, user):
    page = new_page()
    if user.is_staff:
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
    else:
        page.goto("/en/accounts/login/")
        page.locator("#id_login").fill(user.email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def assign(page, expect, practice, reviewer):
    page.goto(f"/en/secretariat/{practice.pk}/")
    page.locator("#id_reviewer").select_option(
        label=f"{reviewer.email} <{reviewer.email}> ({'internal' if reviewer.is_staff else 'external'})"
    )
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".message.success")).to_contain_text("The reviewer is assigned")


def review(new_page, expect, user, recommendation, comment, public=False, axe_violations=None):
    page = sign_in(new_page, user)
    page.goto("/en/reviews/")
    page.get_by_role("link", name="City desks for returning migrants").click()
    page.get_by_label("I have no conflict of interest").check()
    page.get_by_role("button", name="Declare").click()
    # The form comes with the next page: all() does not wait for it, and on a busy machine found none.
    expect(page.get_by_role("button", name="Submit my review")).to_be_visible()
    for group in page.locator("fieldset.choices:has(input.score)").all():
        group.get_by_label("4", exact=True).check()
    page.get_by_label(recommendation, exact=True).check()
    page.get_by_label("Your comment").fill(comment)
    if public:
        page.get_by_label("Show my comment on the practice's page once it is published").check()
    if axe_violations:
        assert axe_violations(page) == []
    page.get_by_role("button", name="Submit my review").click()
    expect(page.locator(".message.success")).to_contain_text("Your review is submitted")


def test_a_practice_goes_through_peer_review_to_publication(site, mail_server, new_page, expect, axe_violations):
    owner = partner("owner@example.org")
    secretary = staff("secretariat@example.org", SECRETARIAT)
    un = staff("un@example.org")
    conflicted, first, second, fourth = (
        external(f"{name}@example.org") for name in ("conflicted", "first", "second", "fourth")
    )

    # 1. A partner submits.
    page = sign_in(new_page, owner)
    page.goto("/en/submit/")
    page.get_by_role("button", name="Start a new practice").click()
    page.locator("#id_title").fill("City desks for returning migrants")
    page.locator("#id_summary").fill("Each town hall opens a desk where returning migrants find work and training.")
    page.locator("#countries-options").get_by_label("Senegal").check()
    page.locator("#gcm_objectives-options input[value='21']").check()
    for box in page.locator("#checklist-options input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".message.success")).to_contain_text("Your practice is submitted")
    practice = Practice.objects.get(created_by=owner)

    # 2. The secretariat assigns three reviewers.
    desk = sign_in(new_page, secretary)
    desk.goto("/en/secretariat/")
    expect(desk.get_by_role("link", name="City desks for returning migrants")).to_be_visible()
    assert axe_violations(desk) == []
    for reviewer in (un, conflicted, first):
        assign(desk, expect, practice, reviewer)
    assert axe_violations(desk) == []

    # 3. One declares a conflict and is replaced.
    page = sign_in(new_page, conflicted)
    page.goto("/en/reviews/")
    page.get_by_role("link", name="City desks for returning migrants").click()
    expect(page.get_by_text("Each town hall opens a desk")).to_have_count(0)
    assert axe_violations(page) == []
    page.get_by_label("I have a conflict of interest.").check()
    page.get_by_label("What the conflict is").fill("I worked for this town hall until last year.")
    page.get_by_role("button", name="Declare").click()
    expect(page.get_by_role("heading", name="Conflict of interest declared")).to_be_visible()
    assign(desk, expect, practice, second)

    # 4. The reviews disagree, and a fourth reviewer is assigned.
    review(new_page, expect, un, "Publish", "A model for other cities.", public=True, axe_violations=axe_violations)
    review(new_page, expect, first, "Publish", "Clear results, well documented.")
    review(new_page, expect, second, "Reject", "Not yet completed.")
    desk.goto(f"/en/secretariat/{practice.pk}/")
    expect(desk.get_by_text("the reviewers disagree: assign one more reviewer")).to_be_visible()
    assign(desk, expect, practice, fourth)
    review(new_page, expect, fourth, "Publish", "Worth sharing.")
    desk.goto(f"/en/secretariat/{practice.pk}/")
    expect(desk.get_by_text("ready for a decision")).to_be_visible()

    # 5. The secretariat publishes.
    desk.get_by_label("Publish", exact=True).check()
    desk.get_by_role("button", name="Record the decision").click()
    expect(desk.locator(".message.success")).to_contain_text("The decision is recorded")
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED

    # 6. The public page shows the comments marked public, and the mail reached the SMTP server.
    visitor = new_page()
    visitor.goto(practice.get_absolute_url())
    expect(visitor.get_by_text("A model for other cities.")).to_be_visible()
    expect(visitor.get_by_text("Not yet completed.")).to_have_count(0)
    send_outbox()
    subjects = {
        address: [m["Subject"].strip() for m in mail_server.inbox.to(address)]
        for address in (
            "un@example.org",
            "second@example.org",
            "fourth@example.org",
            "secretariat@example.org",
            "owner@example.org",
        )
    }
    assert any("Please review the practice" in subject for subject in subjects["un@example.org"])
    assert any("Please review the practice" in subject for subject in subjects["fourth@example.org"])
    assert any("Conflict of interest declared" in subject for subject in subjects["secretariat@example.org"])
    assert any("Reviewers disagree" in subject for subject in subjects["secretariat@example.org"])
    assert any("Reviews complete" in subject for subject in subjects["secretariat@example.org"])
    assert any("is published" in subject for subject in subjects["owner@example.org"])
