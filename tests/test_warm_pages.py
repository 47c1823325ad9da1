"""`manage.py warm_pages`: the pages most visitors reach first, rendered through the site into the page cache."""

import io
import itertools
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from browse.management.commands import warm_pages
from browse.management.commands.warm_pages import addresses
from practices.models import Practice
from projects.models import Project
from records.models import Status
from tests.ports import free_port


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def newest(model):
    return model.objects.published().order_by("-published_at", "-pk").first()


def test_the_addresses_are_the_home_page_each_list_and_its_lists_by_objective_in_each_language(db):
    paths = addresses(newest=0)
    for language in ("en", "fr", "es"):
        assert {f"/{language}/", f"/{language}/practices/", f"/{language}/projects/?gcm=23"} <= set(paths)


def test_the_lists_by_country_are_those_of_the_countries_with_published_records(db):
    listed = {path.split("=")[1] for path in addresses(newest=0) if path.startswith("/en/practices/?country=")}
    published = Practice.objects.published().exclude(country_links=None)
    assert listed == set(published.values_list("country_links__country", flat=True))


def test_the_newest_records_are_asked_for_once_in_each_language(db):
    paths = addresses(newest=1)
    assert [path for path in paths if newest(Practice).slug in path] == [
        f"/{language}/practices/{newest(Practice).slug}/" for language in ("en", "fr", "es")
    ]
    assert len(paths) == len(set(paths))


def test_no_unpublished_record_is_asked_for(db):
    draft = newest(Project)
    draft.status = Status.DRAFT
    draft.save()
    assert not [path for path in addresses(newest=10) if draft.slug in path]


def test_the_pages_browsers_get_are_served_from_the_cache_afterwards(
    live_server, seeded, client, django_assert_num_queries, settings
):
    # Room for every page and value kept: local memory holds 300 entries, and drops a third past that.
    settings.CACHES = {"default": {**settings.CACHES["default"], "OPTIONS": {"MAX_ENTRIES": 10_000}}}
    call_command("warm_pages", base=live_server.url, rate=1000, records=1, stdout=io.StringIO())
    host = urlsplit(live_server.url).netloc
    for path in ("/fr/", "/es/practices/?gcm=1", f"/en/practices/{newest(Practice).slug}/"):
        with django_assert_num_queries(0):
            assert client.get(path, headers={"host": host, "accept-encoding": "gzip"}).status_code == 200


def test_a_page_that_fails_is_named_and_fails_the_command(live_server, seeded, monkeypatch):
    monkeypatch.setattr(warm_pages, "addresses", lambda newest: ["/en/", "/en/nowhere/"])
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 pages failed"):
        call_command("warm_pages", base=live_server.url, rate=1000, stdout=io.StringIO(), stderr=errors)
    assert errors.getvalue().splitlines() == ["/en/nowhere/: HTTP Error 404: Not Found"]


def test_a_site_that_does_not_answer_stops_the_command_after_a_few_pages(db):
    errors = io.StringIO()
    with pytest.raises(CommandError, match="did not answer"):
        call_command("warm_pages", base=f"http://127.0.0.1:{free_port()}", rate=1000, stderr=errors)
    assert len(errors.getvalue().splitlines()) == warm_pages.GIVE_UP_AFTER


@pytest.mark.parametrize("base", ["nonsense", "ftp://example.org", "https://"])
def test_an_address_that_is_not_a_site_is_refused_before_any_request(db, base):
    with pytest.raises(CommandError, match="--base must be"):
        call_command("warm_pages", base=base)


def test_a_slow_page_is_not_followed_by_a_burst(db, monkeypatch):
    clock = [0.0]
    asked_at = []

    class Answer(io.BytesIO):
        def __exit__(self, *exc_info):
            clock[0] += 3 if len(asked_at) == 1 else 0.01  # the first page takes 3 s

    def urlopen(request, timeout):
        asked_at.append(clock[0])
        return Answer(b"")

    monkeypatch.setattr(warm_pages, "addresses", lambda newest: [f"/en/?page={n}" for n in range(6)])
    monkeypatch.setattr(warm_pages, "monotonic", lambda: clock[0])
    monkeypatch.setattr(warm_pages, "sleep", lambda seconds: clock.__setitem__(0, clock[0] + seconds))
    monkeypatch.setattr(warm_pages.urllib.request, "urlopen", urlopen)
    call_command("warm_pages", base="http://catalogue.example", rate=2, stdout=io.StringIO())
    # After the slow first page, the next is asked for at once, then each half a second after the one before.
    gaps = [later - earlier for earlier, later in itertools.pairwise(asked_at)]
    assert gaps == pytest.approx([3, 0.5, 0.5, 0.5, 0.5])
