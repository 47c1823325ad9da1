"""Pages fit every screen from a 320 px phone to a wide desktop, and a detail page prints well.

With SCREENSHOTS set to a folder (`make screenshots`), the pictures of home, list, a detail page and coverage at
phone and desktop widths, and the detail page printed to PDF, are saved there for people to look at.
"""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, PHONE

SCREENSHOTS = Path(os.environ["SCREENSHOTS"]) if os.environ.get("SCREENSHOTS") else None
PAGES = {
    "home": "/en/",
    "list": "/en/practices/?gcm=16",
    "detail": "/en/practices/initiative-mondiale-financement-initial-oim-pnud-covid-19/",
    "search": "/fr/search/?q=migrants",
    "coverage": "/fr/coverage/",
    "coverage-by-subregion": "/en/coverage/?by=subregion",
}
SCREENS = {
    "small-phone": {"width": 320, "height": 640},
    "phone": PHONE,
    "tablet": {"width": 768, "height": 1024},
    "desktop": DESKTOP,
}
# The sizes the screenshots are kept at.
PICTURED = {"phone", "desktop"}


@pytest.mark.parametrize("screen", SCREENS)
def test_pages_fit_the_screen_without_sideways_scrolling(new_page, screen):
    viewport = SCREENS[screen]
    page = new_page(viewport, is_mobile=viewport["width"] < 600, has_touch=viewport["width"] < 600)
    for name, address in PAGES.items():
        page.goto(address, wait_until="networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], name
        if SCREENSHOTS and screen in PICTURED:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{name}-{screen}.png", full_page=True)


def test_the_filters_are_beside_the_list_on_a_desktop_and_behind_a_button_on_a_phone(new_page, expect):
    desktop = new_page(DESKTOP)
    desktop.goto("/en/practices/")
    expect(desktop.locator("#filters")).to_be_visible()
    expect(desktop.locator(".filters-toggle")).to_be_hidden()
    phone = new_page(PHONE, is_mobile=True)
    phone.goto("/en/practices/")
    expect(phone.locator("#filters")).to_be_hidden()
    expect(phone.locator(".filters-toggle")).to_be_visible()


def test_a_printed_detail_page_keeps_the_facts_and_drops_the_navigation(page, expect):
    page.goto(PAGES["detail"])
    page.emulate_media(media="print")
    expect(page.get_by_role("complementary", name="At a glance")).to_be_visible()
    expect(page.locator("#summary")).to_be_visible()
    for hidden in [".main-nav", ".site-search", ".languages", ".contents", ".related"]:
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".site-header .print-only")).to_contain_text(PAGES["detail"])
    if SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.pdf(path=SCREENSHOTS / "detail-print.pdf", format="A4", print_background=True)
