"""Everything a visitor does can be done with the keyboard alone, and the focus is always visible."""

import re

import pytest

# Whether the focused element shows it: an outline, or for the map's links, a thicker border.
FOCUS_IS_VISIBLE = """() => {
  const element = document.activeElement;
  if (element instanceof SVGElement) {
    const shape = element.querySelector("path, circle");
    return parseFloat(getComputedStyle(shape).strokeWidth) >= 2;
  }
  const style = getComputedStyle(element);
  return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
}"""


def tab_to(page, condition, limit=120):
    """Press Tab until `condition` (JavaScript, given the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({condition})(document.activeElement)"):
            return
    pytest.fail(f"{limit} presses of Tab never reached {condition}")


def test_the_skip_link_comes_first_and_leads_to_the_content(page, expect):
    page.goto("/en/practices/")
    fetches = []
    page.on("request", lambda request: fetches.append(request.url) if request.resource_type == "fetch" else None)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    # The target takes the focus (tabindex="-1"): once it has it, the next Tab starts from there.
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    # A locator, which Playwright polls without evaluating a string (the pages' CSP forbids eval).
    expect(page.locator("main :focus")).to_have_count(1)
    # Following the anchor fires popstate; the list must not be fetched and swapped under the focus.
    page.wait_for_load_state("networkidle")
    assert fetches == []
    expect(page.locator("main :focus")).to_have_count(1)


def test_every_stop_of_the_list_page_shows_where_the_focus_is(page):
    page.goto("/en/practices/?gcm=16")
    stops = []
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last stop
        described = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        stops.append((described, page.evaluate(FOCUS_IS_VISIBLE)))
    assert len(stops) > 40
    assert [stop for stop, visible in stops if not visible] == []


def test_a_practice_is_filtered_and_opened_by_keyboard_alone(page, expect):
    page.goto("/en/practices/")
    tab_to(page, "e => e.tagName === 'SUMMARY' && e.textContent.includes('Country')")
    page.keyboard.press("Enter")
    tab_to(page, "e => e.name === 'country' && e.value === 'SN'")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"\?country=SN$"))
    expect(page.get_by_role("checkbox", name=re.compile("^Senegal"))).to_be_focused()
    tab_to(page, "e => e.matches('.card-title a')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/en/practices/protection-migrants-covid-19-relance-activites-economiques/$"))


def test_paging_by_keyboard_leaves_the_focus_on_the_new_results(page, expect, make_practices):
    make_practices(25, countries=["FR"])
    page.goto("/en/practices/?country=FR")
    tab_to(page, "e => e.matches('.pagination a[rel=next]')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?country=FR&page=2$"))
    expect(page.locator(".result-count")).to_be_focused()
    tab_to(page, "e => e.matches('.card-title a')", limit=2)


def test_the_filter_drawer_on_a_phone_keeps_the_focus_and_closes_with_escape(phone_page, expect):
    page = phone_page
    page.goto("/en/practices/")
    toggle = page.locator(".filters-toggle")
    expect(page.locator("#filters")).to_be_hidden()
    tab_to(page, "e => e.matches('.filters-toggle')")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Filter")
    expect(dialog).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate("Boolean(document.activeElement.closest('#filters-panel'))")
    page.keyboard.press("Escape")
    expect(page.locator("#filters")).to_be_hidden()
    expect(toggle).to_be_focused()


def test_filters_chosen_in_the_phone_drawer_apply_together(phone_page, expect):
    page = phone_page
    page.goto("/en/practices/")
    page.get_by_role("button", name="Filters").click()
    dialog = page.get_by_role("dialog", name="Filter")
    dialog.locator("summary", has_text=re.compile("^Country$")).click()
    dialog.get_by_role("checkbox", name=re.compile("^Senegal")).check()
    dialog.get_by_role("checkbox", name=re.compile("^15. Access to basic services")).check()
    expect(page).to_have_url(re.compile(r"/en/practices/$"))
    dialog.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/en/practices/\?country=SN&gcm=15$"))
    expect(page.get_by_role("button", name="Filters (2 active)")).to_be_visible()
    expect(page.locator(".result-count")).to_have_text("1 result")
