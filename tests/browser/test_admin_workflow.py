"""A staff member enters a practice in the admin, sends it through review, and finds it on the public site."""

import re

import pytest
from django.contrib.auth.models import User

PASSWORD = "a-long-password-for-tests-only"


@pytest.fixture
def superuser(seeded):
    return User.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def choose(page, expect, row, field, typed, expected):
    """Pick `expected` in the select2 autocomplete of `field` in inline `row`, by typing `typed`."""
    page.locator(f"#{row} .field-{field} .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(typed)
    # The first results are the unfiltered list; wait for the server's answer to the typed words.
    expect(page.locator(".select2-results__option--highlighted")).to_have_text(re.compile(expected))
    search.press("Enter")
    expect(page.locator(f"#{row} .field-{field} .select2-selection__rendered")).to_contain_text(expected)


def add_inline_row(page, group):
    """Add a row to an inline formset; returns the new row's id (e.g. "organisation_roles-1")."""
    rows = page.locator(f"#{group}-group tr.form-row:not(.empty-form)")
    count = rows.count()
    page.locator(f"#{group}-group .add-row a").click()
    return f"{group}-{count}"


def test_staff_adds_a_practice_with_two_organisations_publishes_it_and_finds_it_in_the_list(superuser, page, expect):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.goto("/admin/practices/practice/add/")
    page.locator("#id_title_en").fill("Town hall desks for newcomers")
    page.locator("#id_slug").fill("town-hall-desks-for-newcomers")
    page.locator("#id_language").select_option("en")
    page.locator("#id_summary_en").fill("A weekly desk in each town hall answers migrants' questions.")
    page.locator("#id_source_document").fill("browser test")

    row = add_inline_row(page, "objective_links")
    choose(page, expect, row, "objective", "basic services", "Access to basic services")
    page.locator(f"#id_{row}-is_primary").check()
    row = add_inline_row(page, "country_links")
    choose(page, expect, row, "country", "Tunis", "Tunisia")
    lead = add_inline_row(page, "organisation_roles")
    choose(page, expect, lead, "organisation", "Cies Tunisie", "Cies Tunisie")
    page.locator(f"#id_{lead}-role").select_option("lead")
    donor = add_inline_row(page, "organisation_roles")
    choose(page, expect, donor, "organisation", "European", "European Union")
    page.locator(f"#id_{donor}-role").select_option("donor")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    page.get_by_role("link", name="Submit for review").click()
    page.get_by_role("button", name="Confirm: Submit for review").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Submitted")
    page.get_by_role("link", name="Publish").click()
    page.get_by_role("button", name="Confirm: Publish").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Published")

    page.goto("/en/practices/?country=TN")
    card = page.locator(".card", has_text="Town hall desks for newcomers")
    expect(card).to_contain_text("Tunisia")
    expect(card).to_contain_text("Cies Tunisie")
    expect(card).to_contain_text("European Union")
    card.get_by_role("link", name="Town hall desks for newcomers").click()
    expect(page).to_have_url(re.compile("/en/practices/town-hall-desks-for-newcomers/$"))
    summary = page.get_by_role("complementary", name="At a glance")
    expect(summary.locator("dt", has_text="Lead implementer")).to_be_visible()
    expect(summary.locator("dt", has_text="Donor / co-funder")).to_be_visible()
