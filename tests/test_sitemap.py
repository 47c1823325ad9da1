"""sitemap.xml and robots.txt: every published page in every language, with its translations."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def entries(client):
    """{location: {hreflang: alternate}} over every section of the sitemap index."""
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    result = {}
    for section in index.iter(f"{SITEMAP}loc"):
        urlset = ElementTree.fromstring(client.get(urlsplit(section.text).path).content)
        for url in urlset.iter(f"{SITEMAP}url"):
            alternates = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
            result[url.findtext(f"{SITEMAP}loc")] = alternates
    return result


def test_sitemap_is_an_index_of_well_formed_sections(client):
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    sections = [urlsplit(loc.text).path for loc in index.iter(f"{SITEMAP}loc")]
    assert sections == [
        "/sitemap-pages.xml",
        "/sitemap-practices.xml",
        "/sitemap-projects.xml",
        "/sitemap-objectives.xml",
    ]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_published_record_is_listed_in_every_language(client, language):
    locations = entries(client)
    for path in ("practices/amuddu/", "projects/gene-sis/", "projects/i-migr/"):
        assert f"http://testserver/{language}/{path}" in locations


def test_each_entry_names_its_translations_and_a_default(client):
    alternates = entries(client)["http://testserver/fr/practices/amuddu/"]
    assert alternates == {
        "en": "http://testserver/en/practices/amuddu/",
        "fr": "http://testserver/fr/practices/amuddu/",
        "es": "http://testserver/es/practices/amuddu/",
        "x-default": "http://testserver/practices/amuddu/",
    }


def test_sitemap_lists_the_home_page_the_lists_and_the_objectives(client):
    locations = entries(client)
    assert {"http://testserver/es/", "http://testserver/es/projects/", "http://testserver/es/objectives/23/"} <= set(
        locations
    )


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.text.splitlines()


def test_robots_txt_keeps_crawlers_out_of_the_api_and_the_downloads(client):
    lines = client.get("/robots.txt").text.splitlines()
    assert {"Disallow: /api/", "Disallow: /*/export."} <= set(lines)
