"""Pages cost a fixed number of queries, whatever the number of records they show."""

import pytest

pytestmark = pytest.mark.django_db

# count, page rows, countries and objectives of the page's rows, and the two choice lists of the filter form
LIST_QUERIES = 6
# and the two choice lists again, to check the chosen values
FILTERED_LIST_QUERIES = LIST_QUERIES + 2


@pytest.mark.parametrize("rows", [3, 40])
def test_practice_list_queries_do_not_grow_with_rows(client, make_practice, django_assert_num_queries, rows):
    for _ in range(rows):
        make_practice(countries=["FR", "SN"], objectives=[1, 2, 3])
    with django_assert_num_queries(LIST_QUERIES):
        client.get("/en/practices/")


@pytest.mark.parametrize("rows", [3, 40])
def test_filtered_project_list_queries_do_not_grow_with_rows(client, make_project, django_assert_num_queries, rows):
    for _ in range(rows):
        make_project(countries=["SV", "HN"], objectives=[21, 18])
    with django_assert_num_queries(FILTERED_LIST_QUERIES):
        response = client.get("/en/projects/", {"country": ["SV", "HN"], "gcm": "21", "q": "record"})
    assert response.context["page_obj"].paginator.count == rows


def test_practice_detail_queries_are_fixed(client, django_assert_num_queries):
    # the practice, then its countries, objectives, GCR objectives, beneficiaries and organisations
    with django_assert_num_queries(6):
        client.get("/en/practices/initiative-mondiale-financement-initial-oim-pnud-covid-19/")


def test_project_detail_queries_are_fixed(client, django_assert_num_queries):
    # the same as a practice, and its results
    with django_assert_num_queries(7):
        client.get("/en/projects/gene-sis/")


def test_home_page_queries_are_fixed(client, make_practice, django_assert_num_queries):
    for _ in range(10):
        make_practice(countries=["FR"], objectives=[1])
    # two counts, two short lists with their countries and objectives, the 23 objectives
    with django_assert_num_queries(9):
        client.get("/en/")
