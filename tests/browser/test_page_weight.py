"""A list page, and the search page, weigh under 60 KB on the wire, and ask nothing of any other host.

The live server compresses pages (GZipMiddleware) but serves static files as they are; in production
whitenoise serves them compressed ahead of time. So a page's own size is what Chromium received, and
a static file's is its gzip size, as whitenoise would send it.
"""

import gzip

import pytest

BUDGET = 60 * 1024
SUMMARY = "A weekly desk in each town hall answers migrants' questions on papers, work and schools. " * 4


def transferred(page, address):
    """[(address, bytes on the wire)] for everything the page loads."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(address, wait_until="networkidle")
    sizes = []
    for response in responses:
        if response.headers.get("content-encoding") in ("gzip", "br"):
            size = response.request.sizes()["responseBodySize"]
        else:
            size = len(gzip.compress(response.body(), compresslevel=9))
        sizes.append((response.url, size + response.request.sizes()["responseHeadersSize"]))
    return sizes


@pytest.mark.parametrize(
    "address",
    ["/en/practices/", "/fr/practices/?gcm=1", "/fr/projects/?status=completed", "/es/", "/fr/search/?q=weekly"],
)
def test_page_with_its_styles_and_script_is_under_60_kb_compressed(page, make_practices, address):
    make_practices(40, countries=["FR", "SN", "MA"], objectives=[1, 2, 3], summary_en=SUMMARY, start_year=2020)
    sizes = transferred(page, address)
    total = sum(size for _url, size in sizes)
    assert len(sizes) <= 5, sizes
    print(f"{address}: {total / 1024:.1f} KB in {len(sizes)} requests")  # for the closing note
    assert total < BUDGET, sizes


def test_the_html_of_a_list_page_travels_compressed(page, make_practices):
    make_practices(40, countries=["FR", "SN"], objectives=[1, 2, 3])
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/en/practices/")
    document = responses[0]
    assert document.headers["content-encoding"] == "gzip"
    assert document.request.sizes()["responseBodySize"] < len(document.body()) / 3


def test_pages_ask_nothing_of_other_hosts(page, live_server):
    """The page fixture fails any test whose page asks another host; here, every kind of page is visited."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for address in ["/en/", "/en/practices/?country=SN", "/en/projects/gene-sis/", "/en/search/?q=migrants"]:
        page.goto(address, wait_until="networkidle")
    assert requested
    assert all(url.startswith(live_server.url) for url in requested), requested
