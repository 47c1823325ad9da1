"""Pages cost a fixed number of queries, whatever the number of records they show or count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import PracticeOrganisation
from records import documents
from taxonomy.models import Organisation

pytestmark = pytest.mark.django_db

# Each kind's index in memory (records/memory.py) looks at the documents changed since its last look once a
# request, at its first use there; its later uses in the request read it as it was. Its first look in a
# process reads the documents and their vectors (two queries), each later look those changed since (one).
INDEX_LOOK = 1
INDEX_FIRST_LOOK = 2

# the page's records' ids, then their cards (records.cards), kept in their search documents; then the
# facets: the counts of every facet, kept at write time (records.models.FacetCount), in one query, which
# give the list's count too;
# the entries of each of nine reference lists (region, sub-region, country, GCM objective, guiding
# principle, GCR objective, SDG, beneficiary, organisation); the aliases of the organisations the facet
# lists, which name them in the page's language (the seed records name some)
LIST_QUERIES = 2 + 1 + 9 + 1
# Filtered (here by country and GCM objective, and words): one query for each filter given a list of
# values to check; the words' matches that the other filters leave (without words, the count, which the
# records the facets count then give); then the facets under the other filters: the records that each set
# of other filters leaves (three sets: all of them, for the facets not in use; all but the countries; all
# but the objectives), and the index in memory's look at the documents changed since its last
# (records/memory.py), which counts their keys; the kept counts, which count the facets under no other
# filter and say what the long lists have at all; the nine lists' entries, the page's cards and (the
# page's ids without words; with words, which rank the ids, the texts the cards' extracts are taken from),
# and the organisations' aliases
FILTERED_LIST_QUERIES = 2 + 1 + (3 + INDEX_LOOK) + 1 + 9 + 2 + 1
# the projects list also counts their status (which depends on today's date: no key holds it) and reads the
# located projects, for the world map (whose country counts come with the country facet); these projects
# have no organisation, so there are no organisation entries to read,
# nor their aliases
FILTERED_PROJECT_LIST_QUERIES = FILTERED_LIST_QUERIES + 1 + 1 - 2
# the record, its seven kinds of links, its identifiers, its people and its reviewers' comments (projects:
# and their results; the aliases of its organisations, when it names any), then
# related records: the ids of those pinned by the editors and their cards (records.cards), then the choice,
# scored in the kind's index in memory (records.search.sharing), which has looked already, for the records
# close in subject, whatever the rows; and the cards of those chosen (which say what they have in common
# with the record)
RELATED_CHOICE_QUERIES = 0
PINNED_QUERIES = 2
# Words are searched once, first, for the list and every count (records.search.matching_ids): the words in
# the search documents, the index's look (which reads the sentence vectors too, the first time), the check
# that each match is published. The facets' counts then read the index as the search's look left it.
SEARCH_QUERIES = 1 + INDEX_FIRST_LOOK + 1
RELATED_FOUND_QUERIES = RELATED_CHOICE_QUERIES + 1
# records close in subject (records.search.similar): the record's text, then its neighbours', in the index
# in memory of each kind, whose first look in the request (here its first in the process) comes then
PRACTICE_CLOSE_QUERIES = INDEX_FIRST_LOOK
PROJECT_CLOSE_QUERIES = INDEX_FIRST_LOOK + INDEX_FIRST_LOOK
PRACTICE_DETAIL_QUERIES = 1 + 10 + PINNED_QUERIES + RELATED_FOUND_QUERIES + PRACTICE_CLOSE_QUERIES
PROJECT_DETAIL_QUERIES = (
    1 + 11 + (PINNED_QUERIES + RELATED_FOUND_QUERIES) + RELATED_FOUND_QUERIES + PROJECT_CLOSE_QUERIES
)
# With words and other filters, the list's records are the words' matches among the other filters' records,
# which the facets read already (records.filters.RecordFilterSet.results)
LIST_OF_MATCHES = 1
# With words, the names they might be (records.suggestions), one table each: the countries', the public
# organisations' with their aliases joined, the beneficiary groups' and the GCM objectives'
NAME_QUERIES = 4


@pytest.mark.parametrize("rows", [20, 200])
def test_practice_list_queries_do_not_grow_with_rows(client, make_practices, django_assert_num_queries, rows):
    make_practices(rows, countries=["FR", "SN"], objectives=[1, 2, 3])
    with django_assert_num_queries(LIST_QUERIES):
        client.get("/en/practices/")


@pytest.mark.parametrize("rows", [20, 200])
def test_filtered_project_list_queries_do_not_grow_with_rows(client, make_projects, django_assert_num_queries, rows):
    make_projects(rows, countries=["SV", "HN"], objectives=[21, 18], latitude=14, longitude=-87)
    # and the names the words might be, which name nothing here; the facets' index looked for the search, and
    # the list's records in the words' order are those the facets read for a facet not in use
    with django_assert_num_queries(
        FILTERED_PROJECT_LIST_QUERIES + SEARCH_QUERIES + NAME_QUERIES - INDEX_LOOK - LIST_OF_MATCHES
    ):
        response = client.get("/en/projects/", {"country": ["SV", "HN"], "gcm": "21", "q": "record"})
    assert response.context["page_obj"].paginator.count == rows


@pytest.mark.parametrize("rows", [20, 200])
def test_a_list_whose_words_name_a_country_costs_the_same_whatever_the_rows(
    client, make_practices, django_assert_num_queries, rows
):
    make_practices(rows, countries=["SN"], objectives=[1], summary_en="Water points in Senegal")
    with CaptureQueriesContext(connection) as naming_nothing:
        client.get("/en/practices/", {"q": "water", "language": "en"})
    # the same list, and the country named, with its count without the words under the other filter (the
    # records it leaves; the index looked for the search); less the vectors' query, which only the first
    # look of a process makes
    with django_assert_num_queries(len(naming_nothing) + 2 - 1):
        response = client.get("/en/practices/", {"q": "Senegal", "language": "en"})
    assert response.context["suggestions"][0].count == rows


@pytest.mark.parametrize("rows", [20, 200])
def test_an_empty_list_counts_the_other_kind_at_a_fixed_cost(client, make_projects, django_assert_num_queries, rows):
    make_projects(rows, countries=["SV"], objectives=[21])
    # no ids to read, nor cards (2), nor organisations in the facet (2), nor a count, which the
    # records the facets counted give (1); the index's first look in the process reads the vectors too (1);
    # then the projects' FilterSet checks the two filters' values and counts (3)
    with django_assert_num_queries(FILTERED_LIST_QUERIES - 2 - 2 - 1 + 1 + 3):
        response = client.get("/en/practices/", {"country": "SV", "gcm": "21"})
    assert response.context["elsewhere"][0].count == rows + 1


@pytest.mark.parametrize("rows", [20, 200])
def test_practice_detail_queries_do_not_grow_with_related_records(
    client, make_practice, make_practices, django_assert_num_queries, rows
):
    practice = make_practice(countries=["FR"], objectives=[5])
    others = make_practices(rows, countries=["FR"], objectives=[5])
    practice.pinned_related.add(others[0])
    documents.embed_missing()  # a save in a test's transaction leaves it to the commit, which never comes
    with django_assert_num_queries(PRACTICE_DETAIL_QUERIES):
        client.get(practice.get_absolute_url())


def test_the_choice_of_related_records_outlasts_other_records_changes(
    client, settings, make_practice, make_practices, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    practice = make_practice(countries=["FR"], objectives=[5])
    others = make_practices(6, countries=["FR"], objectives=[5])
    client.get(practice.get_absolute_url())
    others[-1].title_en = "A new title, shown at once"
    others[-1].save()
    # nothing pinned here, so there are no pinned records' cards to read either
    with django_assert_num_queries(PRACTICE_DETAIL_QUERIES - 1 - RELATED_CHOICE_QUERIES - PRACTICE_CLOSE_QUERIES):
        response = client.get(practice.get_absolute_url())
    assert "A new title, shown at once" in response.text


@pytest.mark.parametrize("rows", [20, 200])
def test_project_detail_queries_do_not_grow_with_related_records(
    client, make_project, make_projects, make_practices, django_assert_num_queries, rows
):
    project = make_project(countries=["FR"], objectives=[5])
    others = make_projects(rows, countries=["FR"], objectives=[5])
    make_practices(rows, countries=["FR"], objectives=[5])
    project.pinned_related.add(others[0])
    documents.embed_missing()
    with django_assert_num_queries(PROJECT_DETAIL_QUERIES):
        client.get(project.get_absolute_url())


def test_home_page_queries_are_fixed(client, make_practices, make_projects, django_assert_num_queries):
    make_practices(200, countries=["FR"], objectives=[1])
    make_projects(200, countries=["SN"], objectives=[1], latitude=14, longitude=-17)
    # two counts, two short lists (the ids of each, then their cards), the 23 objectives, then for the world
    # map the practices by country and the projects with a location
    with django_assert_num_queries(2 + 2 * 2 + 1 + 2):
        client.get("/en/")


@pytest.mark.parametrize("rows", [20, 200])
def test_search_page_queries_do_not_grow_with_rows(
    client, make_practices, make_projects, django_assert_num_queries, rows
):
    for record in [*make_practices(rows, countries=["FR"], objectives=[1]), *make_projects(rows, countries=["FR"])]:
        record.summary_en = "Shared water points"
        record.save()
    # for each kind: the search (whose look the facets' counts share), the kept counts; the entries of eight
    # reference lists, once for both (no organisation is among the matches; a kind's own facets, such as the
    # projects' status, are not counted); for each kind, the dates of the head of its ranked list, which
    # choose the page, then the page's cards and the texts their extracts are taken from; then the names the
    # words might be, once for both kinds
    with django_assert_num_queries(2 * (SEARCH_QUERIES + 1) + 8 + 2 * (1 + 2) + NAME_QUERIES):
        response = client.get("/en/search/", {"q": "water"})
    assert response.context["page_obj"].paginator.count == 2 * rows


# The API: a count, the page's rows, then the rows' seven kinds of links (projects: and their results), their
# identifiers and people, and the aliases of the organisations they name (the seed records name some)
API_PRACTICE_LIST_QUERIES = 2 + 7 + 3
API_PROJECT_LIST_QUERIES = 2 + 8 + 3
# a reference list: a count, the page's rows, and how many published practices and projects each has
API_REFERENCE_LIST_QUERIES = 2 + 2
# organisations: and their aliases, which the answer lists (issue 15), in one query for the page
API_ORGANISATION_LIST_QUERIES = API_REFERENCE_LIST_QUERIES + 1


@pytest.mark.parametrize("rows", [3, 40])
def test_api_practice_list_queries_do_not_grow_with_rows(client, make_practice, django_assert_num_queries, rows):
    for _ in range(rows):
        make_practice(countries=["FR", "SN"], objectives=[1, 2, 3])
    with django_assert_num_queries(API_PRACTICE_LIST_QUERIES):
        response = client.get("/api/v1/practices/", {"page_size": 50, "lang": "fr"})
    assert len(response.json()["results"]) == rows + 3


@pytest.mark.parametrize("rows", [3, 40])
def test_filtered_api_project_list_queries_do_not_grow_with_rows(client, make_project, django_assert_num_queries, rows):
    for _ in range(rows):
        make_project(countries=["SV", "HN"], objectives=[21, 18])
    # and one query for each filter given a list of values to check (here country and GCM objective)
    with django_assert_num_queries(API_PROJECT_LIST_QUERIES + 2):
        response = client.get("/api/v1/projects/", {"country": ["SV", "HN"], "gcm": "21", "page_size": 50})
    assert response.json()["count"] == rows + 1


@pytest.mark.parametrize("rows", [3, 40])
def test_api_organisation_list_queries_do_not_grow_with_rows(client, make_practice, django_assert_num_queries, rows):
    for number in range(rows):
        organisation = Organisation.objects.create(name_en=f"Organisation {number}")
        PracticeOrganisation.objects.create(record=make_practice(), organisation=organisation, role="lead")
    with django_assert_num_queries(API_ORGANISATION_LIST_QUERIES):
        client.get("/api/v1/organisations/", {"page_size": 100})


def test_facet_counts_come_from_the_cache_in_every_language_and_order(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/en/practices/", {"country": "SN"})
    # the page's ids (in another order) and their cards, the eight lists' entries (the organisations the facet
    # lists were named in every language), the country to check: no count is made again, nor are the kept
    # counts (what the long lists have at all) read again
    with django_assert_num_queries(2 + 8 + 1):
        client.get("/fr/practices/", {"country": "SN", "sort": "title"})
    # The records of the page, by date, are the same in every language: only the entries and the check
    with django_assert_num_queries(8 + 1):
        client.get("/es/practices/", {"country": "SN"})


# The coverage page (browse/coverage.py): the kept counts of each kind (which give the "All" column and the
# organisations under no filter); the regions that are its columns; for each of the five columns, each
# kind's check of the region given and, under it, the records its filters leave, whose keys the index in
# memory counts (records/memory.py); the entries of the three matrices' rows; each kind's records by year
# of start; the ten organisations and their aliases; and each kind's index's look, once for the page.
COVERAGE_QUERIES = 2 + 1 + 5 * (2 + 2) + 3 + 2 + 2 + 2 * INDEX_FIRST_LOOK
# Under filters (here two countries and an objective): as many, and for each FilterSet (the page's and each
# column's, of each kind) a check of the countries and one of the objective given, and the records that the
# filters but the objective leave for the objectives' counts; the kept counts then serve no column, and the
# organisations are counted from the same records as the objectives' "All"
FILTERED_COVERAGE_QUERIES = 88 + 2


@pytest.mark.parametrize("rows", [20, 200])
def test_coverage_queries_do_not_grow_with_rows(client, make_practices, make_projects, django_assert_num_queries, rows):
    make_practices(rows, countries=["FR", "SN"], objectives=[1, 2, 3])
    make_projects(rows, countries=["SV"], objectives=[3])
    with django_assert_num_queries(COVERAGE_QUERIES):
        client.get("/en/coverage/")


@pytest.mark.parametrize("rows", [20, 200])
def test_filtered_coverage_queries_do_not_grow_with_rows(
    client, make_practices, make_projects, django_assert_num_queries, rows
):
    make_practices(rows, countries=["FR", "SN"], objectives=[1, 2, 3])
    make_projects(rows, countries=["SV"], objectives=[3])
    with django_assert_num_queries(FILTERED_COVERAGE_QUERIES):
        response = client.get("/en/coverage/", {"country": ["SN", "FR"], "gcm": "3"})
    assert response.status_code == 200
