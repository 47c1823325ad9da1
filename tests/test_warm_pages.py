"""`manage.py warm_pages`: the pages most visitors reach first, rendered through the site into the page cache."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from browse.management.commands.warm_pages import addresses
from practices.models import Practice
from projects.models import Project
from records.models import Status


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_the_addresses_are_the_home_the_lists_by_objective_and_country_and_the_newest_records_in_each_language(db):
    paths = addresses(newest=2)
    newest = Practice.objects.published().order_by("-published_at", "-pk").first()
    for language in ("en", "fr", "es"):
        assert f"/{language}/" in paths
        assert f"/{language}/practices/" in paths
        assert f"/{language}/projects/?gcm=23" in paths
        assert f"/{language}/practices/{newest.slug}/" in paths
    practice_countries = {path.split("=")[1] for path in paths if path.startswith("/en/practices/?country=")}
    assert practice_countries == set(
        Practice.objects.published().values_list("country_links__country", flat=True).exclude(country_links=None)
    )
    assert len(paths) == len(set(paths))


def test_no_unpublished_record_is_asked_for(db):
    draft = Project.objects.published().order_by("-published_at", "-pk").first()
    draft.status = Status.DRAFT
    draft.save()
    paths = addresses(newest=10)
    assert not [path for path in paths if draft.slug in path]


def test_the_pages_it_asked_for_are_served_from_the_cache_afterwards(
    live_server, seeded, client, django_assert_num_queries, settings
):
    # Room for every page and value kept: local memory holds 300 entries, and drops a third past that.
    settings.CACHES = {"default": {**settings.CACHES["default"], "OPTIONS": {"MAX_ENTRIES": 10_000}}}
    call_command("warm_pages", base=live_server.url, rate=1000, records=1, stdout=io.StringIO())
    host = urlsplit(live_server.url).netloc
    newest = Practice.objects.published().order_by("-published_at", "-pk").first()
    for path in ("/fr/", "/es/practices/?gcm=1", f"/en/practices/{newest.slug}/"):
        with django_assert_num_queries(0):
            assert client.get(path, headers={"host": host}).status_code == 200


def test_a_page_that_fails_is_named_and_fails_the_command(live_server, seeded):
    errors = io.StringIO()
    with pytest.raises(CommandError, match="failed"):
        call_command("warm_pages", base=f"{live_server.url}/nowhere", rate=1000, records=1, stderr=errors)
    assert "/en/: HTTP Error 404: Not Found" in errors.getvalue().splitlines()
