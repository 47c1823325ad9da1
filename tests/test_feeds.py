"""RSS and Atom feeds of newly published practices and projects, overall and for any filter of the list."""

from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_links(response):
    return [item.findtext("link") for item in ElementTree.fromstring(response.content).iter("item")]


@pytest.mark.parametrize(
    "path", ["/en/practices/feed.rss", "/fr/projects/feed.rss", "/en/practices/feed.atom", "/es/projects/feed.atom"]
)
def test_feed_is_well_formed_xml(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert ElementTree.fromstring(response.content) is not None


def test_rss_feed_lists_the_published_practices(client):
    assert len(rss_links(client.get("/en/practices/feed.rss"))) == 3


def test_feed_follows_the_list_filters(client):
    links = rss_links(client.get("/en/projects/feed.rss", {"country": "SV", "gcm": "21"}))
    assert links == ["http://testserver/en/projects/gene-sis/"]


def test_feed_lists_the_newest_first(client, make_practice):
    make_practice(slug="older")
    make_practice(slug="newer")
    assert rss_links(client.get("/en/practices/feed.rss"))[:2] == [
        "http://testserver/en/practices/newer/",
        "http://testserver/en/practices/older/",
    ]


def test_atom_feed_links_to_the_filtered_list_and_to_itself(client):
    feed = ElementTree.fromstring(client.get("/en/practices/feed.atom", {"country": "SN"}).content)
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "http://testserver/en/practices/?country=SN",
        "self": "http://testserver/en/practices/feed.atom?country=SN",
    }


def test_atom_entries_have_a_title_and_a_date(client):
    entry = ElementTree.fromstring(client.get("/en/practices/feed.atom", {"country": "MA"}).content).find(
        f"{ATOM}entry"
    )
    assert entry.findtext(f"{ATOM}title") == "Amuddu"
    assert entry.findtext(f"{ATOM}published")


def test_feed_speaks_the_language_of_its_address(client):
    channel = ElementTree.fromstring(client.get("/fr/practices/feed.rss").content).find("channel")
    assert channel.findtext("title") == "Nouvelles pratiques · Catalogue des pratiques migratoires"
    assert channel.findtext("language") == "fr"


def test_feed_refuses_values_the_list_refuses_rather_than_feed_more_records(client):
    assert client.get("/en/practices/", {"gcm": "99"}).status_code == 400
    assert client.get("/en/practices/feed.rss", {"gcm": "99"}).status_code == 400
    assert len(rss_links(client.get("/en/practices/feed.rss", {"gcm": "16"}))) == 2


def test_list_page_announces_its_filtered_feed(client):
    text = client.get("/en/practices/", {"country": "SN", "sort": "title"}).text
    assert '<link rel="alternate" type="application/atom+xml"' in text
    assert 'href="/en/practices/feed.atom?country=SN"' in text


def test_feed_puts_the_newest_publication_first(client, make_practice, make_staff):
    from django.urls import reverse

    from records.workflow import REVIEWERS

    reviewer = make_staff(REVIEWERS)
    older = make_practice(
        title_en="Drafted long ago, published now", status="in_review", countries=["FR"], objectives=[1]
    )
    make_practice(title_en="Created later, published before")
    reviewer.post(reverse("admin:practices_practice_transition", args=[older.pk, "publish"]))
    feed = client.get("/en/practices/feed.rss").content.decode()
    assert feed.index("Drafted long ago, published now") < feed.index("Created later, published before")


def test_feed_describes_a_project_without_a_summary_by_its_first_section_with_text(client, make_project):
    make_project(expected_results_en="Two hundred people trained.")
    assert "Two hundred people trained." in client.get("/en/projects/feed.rss").text
