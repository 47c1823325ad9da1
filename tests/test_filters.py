"""The list pages return exactly the records each filter asks for (seed fixtures)."""

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.http import QueryDict

from practices.filters import PracticeFilter
from practices.models import Practice

pytestmark = pytest.mark.django_db

GENE_SIS = "gene-sis"
I_MIGR = "i-migr"
COVID_SENEGAL = "protection-migrants-covid-19-relance-activites-economiques"
IOM_UNDP = "initiative-mondiale-financement-initial-oim-pnud-covid-19"
AMUDDU = "amuddu"


def slugs(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return {record.slug for record in response.context["page_obj"]}


def test_unfiltered_lists_show_every_published_record(client):
    assert slugs(client, "/en/practices/") == {COVID_SENEGAL, IOM_UNDP, AMUDDU}
    assert slugs(client, "/en/projects/") == {GENE_SIS, I_MIGR}


def test_filter_projects_by_country_returns_only_that_country(client):
    assert slugs(client, "/en/projects/", country="SV") == {GENE_SIS}


def test_filter_practices_by_country_includes_countries_assigned_by_editors(client):
    assert slugs(client, "/en/practices/", country="SN") == {COVID_SENEGAL}


def test_el_salvador_matches_a_practice_among_seventeen_countries(client):
    assert slugs(client, "/en/practices/", country="SV") == {IOM_UNDP}


def test_repeated_country_widens_the_list(client):
    assert slugs(client, "/en/practices/", country=["SN", "MA"]) == {COVID_SENEGAL, AMUDDU}


def test_filter_by_gcm_objective_returns_primary_and_secondary_matches(client):
    assert slugs(client, "/en/projects/", gcm="21") == {GENE_SIS}
    assert slugs(client, "/en/projects/", gcm="18") == {GENE_SIS}


def test_repeated_gcm_objective_widens_the_list(client):
    assert slugs(client, "/en/practices/", gcm=["16", "19"]) == {AMUDDU, IOM_UNDP}


def test_country_and_objective_together_narrow_the_list(client):
    assert slugs(client, "/en/practices/", country="SN", gcm="15") == {COVID_SENEGAL}
    assert slugs(client, "/en/practices/", country="SN", gcm="19") == set()


def test_search_matches_title_words(client):
    assert slugs(client, "/en/practices/", q="Covid") == {COVID_SENEGAL, IOM_UNDP}


def test_search_requires_every_word_and_falls_back_to_any_word_when_no_record_holds_them_all(client):
    assert slugs(client, "/en/projects/", q="autonomisation retour") == {GENE_SIS}
    # No project speaks of both: each one that holds either word is listed (decisions/007).
    assert slugs(client, "/en/projects/", q="autonomisation Raoued") == {GENE_SIS, "i-migr"}


def test_search_combines_with_filters(client):
    assert slugs(client, "/en/practices/", q="Covid", country="TR") == {IOM_UNDP}


def test_page_says_how_many_results_match(client):
    response = client.get("/en/practices/", {"q": "Covid"})
    assert "2 results" in response.text


def test_empty_result_says_so_and_offers_to_clear_the_filters(client):
    response = client.get("/en/projects/", {"country": "FR"})
    assert "Nothing matches these filters." in response.text
    assert 'href="/en/projects/">Clear the filters' in response.text


def test_lists_are_paginated_and_keep_the_filters(client, make_practice, settings):
    settings.PAGE_SIZE = 2
    for _ in range(3):
        make_practice(countries=["FR"])
    response = client.get("/en/practices/", {"country": "FR"})
    assert response.context["page_obj"].paginator.num_pages == 2
    assert 'href="?country=FR&amp;page=2"' in response.text


def test_unpublished_records_are_not_listed(client, make_practice):
    make_practice(countries=["FR"], status="draft")
    assert slugs(client, "/en/practices/", country="FR") == set()


def test_the_filters_given_a_value_and_their_values_are_read_without_compiling_the_empty_ones(monkeypatch):
    filterset = PracticeFilter(QueryDict("country=SN&language=fr"), queryset=Practice.objects.published())
    assert filterset.is_valid()
    compiled = []
    original = SQLCompiler.execute_sql
    monkeypatch.setattr(SQLCompiler, "execute_sql", lambda self, *a, **k: compiled.append(1) or original(self, *a, **k))
    assert filterset.filled == ["country", "language"]
    assert filterset.selected_values("country") == {"SN"}
    assert all(filterset.selected_values(name) == set() for name in ("region", "gcm", "sdg", "organisation"))
    filterset.filter_queryset(Practice.objects.published())  # builds the query, and runs none
    # Neither the empty reference filters' none(), nor the country's, which validation read.
    assert compiled == []
