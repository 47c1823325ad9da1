"""Word search ignores accents, case and the language the text is in, on SQLite and PostgreSQL."""

import re

import pytest
from django.db import connection
from django.http import QueryDict

from practices.filters import PracticeFilter
from practices.models import Practice
from records import search

pytestmark = pytest.mark.django_db


def found(client, path, words, **params):
    response = client.get(path, {"q": words, **params})
    assert response.status_code == 200
    return {record.slug for record in response.context["page_obj"]}


def test_accent_free_word_finds_accented_french_text(client):
    assert "gene-sis" in found(client, "/en/projects/", "reintegration")


def test_search_ignores_case(client):
    assert found(client, "/en/projects/", "GENE-SIS") == found(client, "/en/projects/", "gene-sis") == {"gene-sis"}


def test_plural_and_feminine_forms_find_the_inclusive_spelling(client):
    assert "protection-migrants-covid-19-relance-activites-economiques" in found(client, "/en/practices/", "migrantes")


def test_spanish_text_is_found_without_accents(client, make_practice):
    practice = make_practice(language="es", title_es="Integración económica de personas migrantes")
    assert practice.slug in found(client, "/fr/practices/", "integracion economica")


def test_english_text_is_found_with_accented_words(client, make_project):
    project = make_project(title_en="Cafe for returnees", summary_en="A community cafe run by returnees")
    assert project.slug in found(client, "/es/projects/", "café")


def test_words_in_other_sections_than_the_summary_are_found(client):
    assert found(client, "/en/practices/", "PAMECAS") == {"protection-migrants-covid-19-relance-activites-economiques"}


def test_relevance_puts_title_matches_first(client, make_practice):
    in_summary = make_practice(summary_en="Tuberculosis screening at the border")
    in_title = make_practice(title_en="Tuberculosis screening for migrants")
    response = client.get("/en/practices/", {"q": "tuberculosis"})
    assert [record.pk for record in response.context["page_obj"]] == [in_title.pk, in_summary.pk]


def test_a_searched_list_under_another_filter_keeps_the_words_order_and_leaves_the_rest_out(client, make_practice):
    in_summary = make_practice(summary_en="Tuberculosis screening at the border", countries=["KE"])
    make_practice(title_en="Tuberculosis screening in Senegal", countries=["SN"])
    in_title = make_practice(title_en="Tuberculosis screening for migrants", countries=["KE"])
    response = client.get("/en/practices/", {"q": "tuberculosis", "country": "KE"})
    assert [record.pk for record in response.context["page_obj"]] == [in_title.pk, in_summary.pk]
    assert response.context["page_obj"].paginator.count == 2


def test_a_searched_list_is_the_same_whether_its_facets_were_counted_first_or_came_from_the_cache(make_practice):
    # Counted first, the list takes its records from what the facets read; from the cache, it reads them.
    in_summary = make_practice(summary_en="Tuberculosis screening at the border", countries=["KE"], objectives=[3])
    make_practice(title_en="Tuberculosis screening in Senegal", countries=["SN"], objectives=[3])
    in_title = make_practice(title_en="Tuberculosis screening for migrants", countries=["KE"], objectives=[3])
    query = QueryDict("q=tuberculosis&country=KE&gcm=3&gcm_primary=on")
    counted = PracticeFilter(query, queryset=Practice.objects.published())
    counted.facets()
    afresh = PracticeFilter(query, queryset=Practice.objects.published())
    assert counted.records_counted
    assert not afresh.records_counted
    assert list(counted.results()) == list(afresh.results()) == [in_title, in_summary]


def test_results_show_a_highlighted_snippet(client):
    response = client.get("/en/projects/", {"q": "autonomisation"})
    assert re.search(r"<mark>[^<]*autonomisation[^<]*</mark>", response.text)


def test_snippets_escape_the_record_text(client, make_practice):
    make_practice(summary_en="Kiosk <script>alert(1)</script> for newcomers")
    response = client.get("/en/practices/", {"q": "kiosk"})
    assert "<script>alert(1)" not in response.text
    assert "<mark>Kiosk</mark>" in response.text


def test_search_page_lists_practices_and_projects_labelled_by_kind(client):
    response = client.get("/en/search/", {"q": "migrants"})
    assert {card.model._meta.model_name for card in response.context["page_obj"]} == {"practice", "project"}
    assert '<p class="card-kind">Project</p>' in response.text


def test_search_page_never_shows_drafts(client, make_practice):
    make_practice(title_en="Unreleased harbour scheme", status="draft")
    response = client.get("/en/search/", {"q": "harbour"})
    assert response.context["page_obj"].paginator.count == 0


def test_search_with_no_hit_says_so(client):
    response = client.get("/en/search/", {"q": "zzzyxw"})
    assert "Nothing matches these words." in response.text


def test_header_search_box_is_on_every_page(client):
    for path in ["/en/", "/en/practices/", "/en/projects/gene-sis/"]:
        assert 'action="/en/search/"' in client.get(path).text


def test_overlong_search_is_refused_with_a_message(client):
    response = client.get("/en/search/", {"q": "x" * 500})
    assert response.status_code == 400
    assert "Use at most 200 characters." in response.text


def test_a_misspelt_title_finds_its_record_first_by_meaning(client):
    response = client.get("/en/practices/", {"q": "Amudu"})
    assert response.context["page_obj"][0].slug == "amuddu"


def test_close_titles_are_found_on_postgresql(client):
    # Offered when nothing matches at all; trigram similarity needs PostgreSQL, SQLite offers none.
    expected = ["amuddu"] if connection.vendor == "postgresql" else []
    assert [record.slug for record in search.close_titles(Practice.objects.published(), "Amudu")] == expected


@pytest.mark.parametrize("query", ["q=record", "q=record&country=SN", "q=record&sort=title", "q=migrants"])
def test_search_results_are_read_a_page_at_a_time_in_the_order_of_the_list(make_practices, query):
    """On PostgreSQL a search by relevance reads its rows by their place in the ranked matches
    (search.RankedRecords); the pages must hold what the list's own query gives, in its order."""
    from django.core.paginator import Paginator

    make_practices(14, countries=["SN"], objectives=[2])
    make_practices(9, countries=["FR"], objectives=[2])
    filterset = PracticeFilter(QueryDict(query), queryset=Practice.objects.published().for_list())
    pages = Paginator(filterset.results(), 5)
    expected = list(filterset.qs.values_list("pk", flat=True))
    assert pages.count == len(expected)
    assert [record.pk for number in pages.page_range for record in pages.page(number)] == expected
