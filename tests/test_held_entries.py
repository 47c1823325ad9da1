"""The reference lists' entries that the facets name are held in each process while nothing changes, where
every process shares the cache that says so (records.facets.held_sources)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pagecache import cache as page_cache
from practices.models import Practice
from records.models import Status
from taxonomy.models import Country

pytestmark = pytest.mark.django_db


def queries_of_a_second_look(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def test_a_list_reads_the_reference_lists_once_while_nothing_changes(client, monkeypatch, settings):
    settings.PAGE_STALE_SECONDS = 60  # how long a value is held at most
    read_afresh = queries_of_a_second_look(client, "/en/practices/")
    monkeypatch.setattr(page_cache, "shared", lambda: True)  # one process here: its cache is everyone's
    # the entries of eight of the nine lists are held, and the kept counts; organisations, which change with
    # the records, are not
    assert queries_of_a_second_look(client, "/en/practices/") == read_afresh - 8 - 1


def test_a_renamed_country_is_named_anew_on_the_next_page(client, monkeypatch):
    monkeypatch.setattr(page_cache, "shared", lambda: True)
    assert "Senegal" in client.get("/en/practices/").text
    senegal = Country.objects.get(code="SN")
    senegal.name_en = "Senegal (renamed)"
    senegal.save()
    assert "Senegal (renamed)" in client.get("/en/practices/").text


def test_held_entries_are_named_in_each_pages_language(client, monkeypatch):
    monkeypatch.setattr(page_cache, "shared", lambda: True)
    assert ">Senegal</span>" in client.get("/en/practices/").text
    assert ">Sénégal</span>" in client.get("/fr/practices/").text
    assert ">Senegal</span>" in client.get("/es/practices/").text
    assert ">Sénégal</span>" not in client.get("/en/practices/").text


def test_held_entries_are_read_again_once_the_bound_has_passed(client, monkeypatch, settings):
    monkeypatch.setattr(page_cache, "shared", lambda: True)
    settings.PAGE_STALE_SECONDS = 60
    client.get("/en/practices/")
    Country.objects.filter(code="SN").update(name_en="Senegal (renamed in bulk)")  # no signal: the stamp stays
    option = 'class="option-label">Senegal (renamed in bulk)</span>'  # the country filter's, not a card's
    assert option not in client.get("/en/practices/").text
    settings.PAGE_STALE_SECONDS = 0
    assert option in client.get("/en/practices/").text


def test_the_held_kept_counts_lose_a_withdrawn_record_at_once(client, monkeypatch, settings):
    monkeypatch.setattr(page_cache, "shared", lambda: True)
    settings.PAGE_STALE_SECONDS = 60
    # the unfiltered list counts its records from the kept counts (records.facets.known_count)
    listed = client.get("/en/practices/").context["page_obj"].paginator.count
    practice = Practice.objects.published().first()
    practice.status = Status.ARCHIVED
    practice.save(update_fields=["status"])
    assert client.get("/en/practices/").context["page_obj"].paginator.count == listed - 1


def test_the_reference_lists_stay_held_past_an_edit_of_a_record(client, monkeypatch, settings):
    monkeypatch.setattr(page_cache, "shared", lambda: True)
    settings.PAGE_STALE_SECONDS = 60
    client.get("/en/practices/")
    practice = Practice.objects.published().first()
    practice.title_en = "An edited title"
    practice.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/practices/", {"language": "en"})  # an address not kept yet
    assert response.status_code == 200
    read = [query["sql"] for query in queries]
    assert not [sql for sql in read if 'FROM "taxonomy_country"' in sql or 'FROM "taxonomy_gcmobjective"' in sql]


def test_a_renamed_country_is_named_anew_at_once_though_the_lists_are_held(client, monkeypatch, settings):
    monkeypatch.setattr(page_cache, "shared", lambda: True)
    settings.PAGE_STALE_SECONDS = 60
    client.get("/en/practices/")
    senegal = Country.objects.get(code="SN")
    senegal.name_en = "Senegal (renamed)"
    senegal.save()
    option = 'class="option-label">Senegal (renamed)</span>'
    assert option in client.get("/en/practices/", {"language": "en"}).text  # an address not kept yet
