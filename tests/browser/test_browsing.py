"""A visitor browses, filters, searches, reads, changes language and pages through results, in Chromium."""

import re

import pytest

SENEGAL_PRACTICE = "/en/practices/protection-migrants-covid-19-relance-activites-economiques/"


def test_home_page_leads_to_the_practices_of_an_objective(page, expect):
    page.goto("/en/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What works on migration, and who did it")
    page.get_by_role("link", name="15 Access to basic services").click()
    expect(page).to_have_url(re.compile(r"/en/objectives/15/$"))
    expect(page.get_by_role("link", name=re.compile("Protection des migrants"))).to_be_visible()


def test_ticking_a_country_then_an_objective_narrows_the_list_in_place(page, expect):
    page.goto("/en/practices/")
    page.evaluate("window.loadedOnce = true")
    expect(page.locator(".result-count")).to_have_text("3 results")
    page.locator("summary", has_text=re.compile("^Country$")).click()
    page.get_by_role("checkbox", name=re.compile("^Senegal")).check()
    expect(page).to_have_url(re.compile(r"\?country=SN$"))
    expect(page.locator(".result-count")).to_have_text("1 result")
    page.get_by_role("checkbox", name=re.compile("^15. Access to basic services")).check()
    expect(page).to_have_url(re.compile(r"\?country=SN&gcm=15$"))
    expect(page.locator(".card-title")).to_have_text(
        ["Protection des migrants-es contre la Covid-19 et relance de leurs activités économiques"]
    )
    expect(page.locator(".chip")).to_have_count(2)
    assert page.evaluate("window.loadedOnce"), "the page was reloaded"


def test_the_back_button_shows_the_list_before_the_filter(page, expect):
    page.goto("/en/practices/")
    page.locator("summary", has_text=re.compile("^Country$")).click()
    page.get_by_role("checkbox", name=re.compile("^Senegal")).check()
    expect(page.locator(".result-count")).to_have_text("1 result")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/en/practices/$"))
    expect(page.locator(".result-count")).to_have_text("3 results")
    # The country facet is folded again in the list swapped in: its box is checked for in the form.
    expect(page.locator('input[name="country"][value="SN"]')).not_to_be_checked()


def test_a_chip_removes_its_filter(page, expect):
    page.goto("/en/practices/?country=SN&gcm=15")
    page.get_by_role("link", name="Remove filter: Country: Senegal").click()
    expect(page).to_have_url(re.compile(r"/en/practices/\?gcm=15$"))
    expect(page.locator(".chip")).to_have_count(1)


def test_header_search_finds_practices_and_projects(page, expect):
    page.goto("/en/practices/")
    search = page.get_by_role("search", name="Site search")
    search.get_by_role("searchbox").fill("migrants")
    search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/en/search/\?q=migrants$"))
    expect(page.locator(".card-kind", has_text="Practice").first).to_be_visible()
    expect(page.locator(".card-kind", has_text="Project").first).to_be_visible()
    expect(page.locator(".excerpt mark").first).to_be_visible()


def test_a_card_opens_its_page_with_the_summary_box_and_the_sections_linked(page, expect):
    page.goto("/en/practices/?country=SN")
    card = page.locator(".card")
    expect(card.locator("dd").first).to_have_text(re.compile(r"^Senegal\b"))
    expect(card).to_contain_text("NEXUS")
    card.get_by_role("link").click()
    expect(page).to_have_url(re.compile(SENEGAL_PRACTICE + "$"))
    summary = page.get_by_role("complementary", name="At a glance")
    expect(summary).to_contain_text("Senegal")
    expect(summary).to_contain_text("15. Access to basic services")
    page.get_by_role("navigation", name="On this page").get_by_role("link", name="Main lessons learned").click()
    expect(page).to_have_url(re.compile("#lessons-learned$"))
    expect(page.get_by_role("heading", name="Main lessons learned")).to_be_in_viewport()


def test_the_language_links_keep_the_filters(page, expect):
    page.goto("/en/practices/?country=SN&gcm=15")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/fr/practices/\?country=SN&gcm=15$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pratiques")
    expect(page.get_by_role("checkbox", name=re.compile("^Sénégal"))).to_be_checked()


def test_paging_through_results_keeps_the_filters_and_marks_the_page(page, expect, make_practices):
    make_practices(45, countries=["FR"], objectives=[3])
    page.goto("/en/practices/?country=FR")
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages).to_contain_text("Page 1 of 3")
    pages.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"\?country=FR&page=2$"))
    expect(pages).to_contain_text("Page 2 of 3")
    pages.get_by_role("link", name="Page 3").click()
    expect(page).to_have_url(re.compile(r"\?country=FR&page=3$"))
    expect(pages.locator("[aria-current=page]")).to_have_text("Page 3")
    expect(page.locator(".card")).to_have_count(5)


@pytest.mark.parametrize(
    ("language", "link", "heading"),
    [
        ("en", "About the catalogue", "About the catalogue"),
        ("fr", "À propos du catalogue", "À propos du catalogue"),
        ("es", "Acerca del catálogo", "Acerca del catálogo"),
    ],
)
def test_every_footer_leads_to_the_about_page_in_its_language(page, expect, language, link, heading):
    page.goto(f"/{language}/practices/")
    page.get_by_role("contentinfo").get_by_role("link", name=link).click()
    expect(page).to_have_url(re.compile(f"/{language}/about/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator(".owner img")).to_be_visible()
