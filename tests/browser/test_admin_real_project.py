"""Staff enter a real project in the admin, as its source gives it (an organisation known by another acronym in
Spanish, a budget, identifiers, people, an open end), publish it, and find every fact on the pages, in the
API and in the CSV download."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import User

from taxonomy.models import Organisation
from tests.browser.test_admin_workflow import add_inline_row, choose

PASSWORD = "a-long-password-for-tests-only"
TITLE = "Referral desks for refugees in Tunis"
SLUG = "referral-desks-tunis"
LOCALITY = "Greater Tunis"


@pytest.fixture
def editor(seeded, page, expect):
    """`page`, logged in to the admin through its login form as a superuser."""
    User.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    return page


def add_organisation(page, expect):
    page.goto("/admin/taxonomy/organisation/add/")
    page.locator("#id_name_en").fill("UN Refugee Agency")
    page.locator("#id_acronym_en").fill("UNHCR")
    alias = add_inline_row(page, "aliases")
    page.locator(f"#id_{alias}-name").fill("ACNUR")
    page.locator(f"#id_{alias}-kind").select_option("acronym")
    page.locator(f"#id_{alias}-language").fill("es")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")


def add_project(page, expect):
    page.goto("/admin/projects/project/add/")
    page.locator("#id_title_en").fill(TITLE)
    page.locator("#id_slug").fill(SLUG)
    page.locator("#id_language").select_option("en")
    page.locator("#id_summary_en").fill("Desks in three municipalities refer refugees and migrants to services.")
    page.locator("#id_start_year").fill("2016")
    page.locator("#id_ongoing").check()
    page.locator("#id_locality_en").fill(LOCALITY)
    page.locator("#id_budget_amount").fill("280000")
    page.locator("#id_budget_currency").fill("USD")
    page.locator("#id_budget_as_written").fill("Budget Amount (USD) 280000.00")
    page.locator("#id_source_document").fill("browser test")

    row = add_inline_row(page, "objective_links")
    choose(page, expect, row, "objective", "basic services", "Access to basic services")
    page.locator(f"#id_{row}-is_primary").check()
    row = add_inline_row(page, "country_links")
    choose(page, expect, row, "country", "Tunis", "Tunisia")

    for scheme, value in [("IOM Prima ID", "PR.0123"), ("Project number", "TN-2016-07")]:
        row = add_inline_row(page, "identifiers")
        page.locator(f"#id_{row}-scheme").fill(scheme)
        page.locator(f"#id_{row}-value").fill(value)
    for name, job_title, role in [
        ("Amira Ben Salah", "Project officer", "contact"),
        ("Karim Haddad", "Head of office", "submitter"),
    ]:
        row = add_inline_row(page, "people")
        page.locator(f"#id_{row}-name").fill(name)
        page.locator(f"#id_{row}-job_title").fill(job_title)
        page.locator(f"#id_{row}-role").select_option(role)

    lead = add_inline_row(page, "organisation_roles")
    choose(page, expect, lead, "organisation", "Refugee Agency", "UN Refugee Agency")
    page.locator(f"#id_{lead}-role").select_option("lead")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")


def publish(page, expect):
    page.get_by_role("link", name="Submit for review").click()
    page.get_by_role("button", name="Confirm: Submit for review").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Submitted")
    page.get_by_role("link", name="Publish").click()
    page.get_by_role("button", name="Confirm: Publish").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Published")


def test_staff_enter_a_real_project_with_its_budget_identifiers_and_people_and_find_every_fact_in_public(
    editor, expect
):
    page = editor
    add_organisation(page, expect)
    add_project(page, expect)
    publish(page, expect)

    # The English page: the period runs to today, and every fact entered is there.
    page.goto(f"/en/projects/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    glance = page.get_by_role("complementary", name="At a glance")
    expect(glance.locator(".fact", has=page.locator("dt", has_text="When"))).to_contain_text("2016 – present")
    expect(glance.locator(".fact", has=page.locator("dt", has_text="Where"))).to_contain_text(LOCALITY)
    expect(glance.locator(".fact", has=page.locator("dt", has_text="Where"))).to_contain_text("Tunisia")
    expect(glance.locator(".fact", has=page.locator("dt", has_text="Budget"))).to_contain_text("$280,000.00")
    identifiers = glance.locator(".fact", has=page.locator("dt", has_text="Identifiers"))
    expect(identifiers.get_by_role("listitem")).to_have_text(["IOM Prima ID: PR.0123", "Project number: TN-2016-07"])
    lead = glance.locator(".fact", has=page.locator("dt", has_text="Lead implementer"))
    expect(lead).to_contain_text("UN Refugee Agency")
    people = page.locator("section.people")
    expect(people.locator(".person")).to_have_count(2)
    expect(people.locator(".person", has_text="Amira Ben Salah")).to_contain_text("Project officer")
    expect(people.locator(".person", has_text="Karim Haddad")).to_contain_text("Head of office")
    expect(people.get_by_role("heading", level=3)).to_have_text(["Contact", "Submitted by"])

    # The API gives every fact under its own key.
    response = page.request.get(f"/api/v1/projects/{SLUG}/")
    assert response.status == 200, response.text()
    project = response.json()
    assert (project["start_year"], project["end_year"], project["ongoing"]) == (2016, None, True)
    assert project["locality"] == LOCALITY
    assert (project["budget_amount"], project["budget_currency"]) == ("280000.00", "USD")
    assert project["budget_as_written"] == "Budget Amount (USD) 280000.00"
    assert project["identifiers"] == [
        {"scheme": "IOM Prima ID", "value": "PR.0123"},
        {"scheme": "Project number", "value": "TN-2016-07"},
    ]
    assert [(person["name"], person["job_title"], person["role"]) for person in project["people"]] == [
        ("Amira Ben Salah", "Project officer", "contact"),
        ("Karim Haddad", "Head of office", "submitter"),
    ]
    assert [(link["name"], link["acronym"], link["role"]) for link in project["organisations"]] == [
        ("UN Refugee Agency", "UNHCR", "lead")
    ]
    assert [(link["number"], link["is_primary"]) for link in project["gcm_objectives"]] == [(15, True)]
    assert [link["code"] for link in project["countries"]] == ["TN"]
    spanish = page.request.get(f"/api/v1/projects/{SLUG}/?lang=es").json()
    assert spanish["organisations"][0]["acronym"] == "ACNUR"

    # The CSV download: one row for the project, its parts each a line of text.
    response = page.request.get("/en/projects/export.csv")
    assert response.status == 200
    rows = list(csv.DictReader(io.StringIO(response.text().removeprefix("\ufeff"))))
    row = next(row for row in rows if row["slug"] == SLUG)
    assert (row["start"], row["end"], row["ongoing"]) == ("2016", "", "true")
    assert row["locality"] == LOCALITY
    assert (row["budget_amount"], row["budget_currency"]) == ("280000.00", "USD")
    assert row["budget_as_written"] == "Budget Amount (USD) 280000.00"
    assert row["identifiers"] == "IOM Prima ID: PR.0123; Project number: TN-2016-07"
    assert row["people"] == "Amira Ben Salah, Project officer (contact); Karim Haddad, Head of office (submitter)"
    assert row["organisations_lead"] == "UN Refugee Agency"
    assert (row["countries"], row["gcm_primary"]) == ("TN", "15")
    assert re.fullmatch(rf"https?://[^/]+/en/projects/{SLUG}/", row["url"])

    # The Spanish page names the organisation by its Spanish acronym, as the API does.
    unhcr = Organisation.objects.get(acronym_en="UNHCR")
    page.goto(f"/es/projects/{SLUG}/")
    link = page.get_by_role("complementary").locator(f'a[href="/es/organisations/{unhcr.pk}/"]')
    expect(link).to_have_text("UN Refugee Agency (ACNUR)")
