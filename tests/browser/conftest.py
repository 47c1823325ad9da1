"""Browser checks: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Without Chromium, Playwright, the npm tools (axe-core, vnu-jar) or Java, the whole folder is skipped and
the summary says what is missing; in CI (CI=true) the same tests fail instead.

The live server sees only committed data, so these tests run with transactional_db: the database is
emptied after each of them, and `seeded` loads the seed fixtures again before each.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser import tools

HERE = Path(__file__).parent
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
LANGUAGES = ["en", "fr", "es"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make there are
# plain synchronous ones, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    reasons = tools.missing()
    if not reasons or tools.in_ci():
        return
    skip = pytest.mark.skip(reason="browser checks skipped: " + "; ".join(reasons))
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def browser_tools():
    """Reached with tools missing only in CI, where the tests were not skipped: fail them."""
    if reasons := tools.missing():
        pytest.fail("CI=true, and the browser checks cannot run: " + "; ".join(reasons), pytrace=False)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(tools.CHROMIUM), args=tools.CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def expect():
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    return expect


@pytest.fixture
def new_page(browser, live_server, seeded):
    """`new_page(viewport=PHONE)`: a page in a fresh browser context, its addresses relative to the server.

    Each page records every request to another host than the live server, and every JavaScript error;
    the test fails on either.
    """
    contexts = []
    foreign_requests = []
    errors = []
    server = urlsplit(live_server.url).netloc

    def make(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        context.on(
            "request",
            lambda request: (
                urlsplit(request.url).scheme != "data"
                and urlsplit(request.url).netloc != server
                and foreign_requests.append(request.url)
            ),
        )
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not foreign_requests, f"requests to other hosts: {foreign_requests}"
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def phone_page(new_page):
    return new_page(PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def axe_violations():
    """`axe_violations(page)`: axe-core's findings on the page as it is, with every rule axe runs by default."""

    def check(page):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern:
        # an injected <script> tag would be refused, rightly, as inline script.
        page.evaluate(tools.AXE.read_text(encoding="utf-8"))
        violations = page.evaluate("axe.run(document).then(results => results.violations)")
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            for violation in violations
        ]

    return check
