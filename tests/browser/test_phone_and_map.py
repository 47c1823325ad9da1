"""What a reader on a phone sees first, the header on a laptop, and the map answering the filters."""

import re

import pytest

PHONE_390 = {"width": 390, "height": 844}
SENEGAL_PRACTICE = "/fr/practices/protection-migrants-covid-19-relance-activites-economiques/"


def top(locator):
    return locator.bounding_box()["y"]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_after_filtering_on_a_phone_the_first_result_is_in_view(new_page, expect, language):
    page = new_page(viewport=PHONE_390)
    page.goto(f"/{language}/practices/?country=SN&gcm=15")
    title = page.locator(".card-title").first
    expect(title).to_be_visible()
    assert top(title) + title.bounding_box()["height"] <= PHONE_390["height"]
    # The map has folded away, and opens on demand.
    fold = page.locator("details.map-fold")
    expect(fold).not_to_have_attribute("open", "")
    fold.locator("> summary").click()
    expect(page.locator(".world-map svg")).to_be_visible()


def test_on_a_laptop_the_map_stays_open(page, expect):
    page.goto("/fr/practices/?country=SN")
    expect(page.locator("details.map-fold")).to_have_attribute("open", "")
    expect(page.locator(".world-map svg")).to_be_visible()


# Seed 001's source form begins with its contacts, which the page shows after the summary.
@pytest.mark.parametrize(
    "path", [SENEGAL_PRACTICE, "/fr/practices/initiative-mondiale-financement-initial-oim-pnud-covid-19/"]
)
def test_on_a_phone_a_records_summary_comes_before_its_facts(new_page, expect, path):
    page = new_page(viewport=PHONE_390)
    page.goto(path)
    summary = page.locator(".detail-lead #summary h2")
    expect(summary).to_be_in_viewport()
    assert top(summary) < top(page.get_by_role("complementary", name="En bref"))


def test_on_a_desktop_the_facts_stay_beside_the_summary(page):
    page.goto(SENEGAL_PRACTICE)
    glance = page.get_by_role("complementary", name="En bref").bounding_box()
    summary = page.locator(".detail-lead h2").first.bounding_box()
    assert glance["x"] > summary["x"] + summary["width"]
    assert abs(glance["y"] - summary["y"]) < 200


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_header_fits_one_row_at_1366_pixels(new_page, language):
    page = new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"/{language}/practices/")
    tops = [top(page.locator(selector)) for selector in (".brand", ".main-nav", ".languages", ".site-search")]
    assert max(tops) - min(tops) < 20, tops


def test_the_map_marks_the_countries_ticked_in_the_filters(page, expect):
    page.goto("/en/practices/?country=SN&country=MA")
    expect(page.locator(".world-map a.country.selected")).to_have_count(2)
    expect(page.locator(".map-legend")).to_contain_text("a country in the filters")
    ticked = page.locator(".map-countries a[aria-current]")
    expect(ticked).to_have_count(2)
    expect(ticked.first).to_have_text(re.compile("^(Morocco|Senegal)"))
