"""axe-core finds nothing to report on the public pages, in each of the three languages."""

import pytest

from tests.browser.conftest import LANGUAGES

PAGES = {
    "home": "/{language}/",
    "practice list": "/{language}/practices/",
    "filtered practice list": "/{language}/practices/?country=SN&gcm=15&q=covid",
    "list with a filter that cannot be used": "/{language}/practices/?gcm=99&year_from=1066",
    "filtered project list": "/{language}/projects/?status=completed&country=SV",
    "practice": "/{language}/practices/protection-migrants-covid-19-relance-activites-economiques/",
    "project": "/{language}/projects/gene-sis/",
    "search": "/{language}/search/?q=migrants",
    "search without a result": "/{language}/search/?q=zzzqqq",
    "coverage": "/{language}/coverage/",
    "coverage by sub-region, filtered": "/{language}/coverage/?by=subregion&beneficiary=refugees",
    "coverage with a filter that cannot be used": "/{language}/coverage/?gcm=99&by=planet",
    "reference entry": "/{language}/organisations/201/",
    "page not found": "/{language}/no-such-page/",
    "about": "/{language}/about/",
    "submit a practice": "/{language}/submit/",
    "sign up": "/{language}/accounts/signup/",
    "sign in": "/{language}/accounts/login/",
    "password reset": "/{language}/accounts/password/reset/",
    "API documentation": "/api/v1/docs/?lang={language}",
}


@pytest.mark.parametrize("address", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_axe_violations_in_any_language(page, axe_violations, address):
    found = {}
    for language in LANGUAGES:
        page.goto(address.format(language=language))
        if violations := axe_violations(page):
            found[language] = violations
    assert found == {}


def test_open_filter_drawer_on_a_phone_has_no_axe_violations(phone_page, axe_violations, expect):
    phone_page.goto("/fr/practices/?country=SN")
    phone_page.locator(".filters-toggle").click()
    expect(phone_page.get_by_role("dialog")).to_be_visible()
    assert axe_violations(phone_page) == []
