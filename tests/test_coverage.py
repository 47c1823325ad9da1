"""The coverage page: objectives by place, records by year, the organisations named most, in CSV too.

Its counts are the lists' facet counts: each cell is what the search page counts under the same filters,
and what the page it links to lists. The seed records are there too, and counted alike.
"""

import csv
import io

import pytest

from practices.models import PracticeOrganisation
from records.models import Status
from taxonomy.models import Organisation

pytestmark = pytest.mark.django_db

AFRICA, EUROPE = "002", "150"


@pytest.fixture
def catalogue(make_practice, make_project):
    """Practices and projects in Africa and Europe, under several objectives, one with a beneficiary group."""
    women = make_practice(countries=["SN", "FR"], objectives=[3, 16], start_year=2019)
    women.beneficiary_links.create(beneficiary_id=1)
    make_practice(countries=["SN"], objectives=[16], start_year=2021)
    make_practice(countries=["DE"], objectives=[3], language="fr", start_year=2021)
    make_project(countries=["ML", "SN"], objectives=[16, 23], start_year=2017)


def gcm_matrix(response):
    return next(matrix for matrix, _chart in response.context["matrices"] if matrix.name == "gcm")


def search_counts(client, query):
    """{GCM objective: count} of the search page's facet under `query`."""
    response = client.get("/en/search/", query)
    facet = next(facet for facet in response.context["facets"] if facet.name == "gcm")
    return {int(option.value): option.count for option in facet.options}


FILTERS = [{}, {"language": "en"}, {"beneficiary": "migrants-in-vulnerable-situations"}, {"kind": "practice"}]


@pytest.mark.parametrize("query", FILTERS)
def test_each_cell_counts_what_the_search_page_counts_for_its_objective_and_region(client, catalogue, query):
    response = client.get("/en/coverage/", query)
    assert response.status_code == 200
    matrix = gcm_matrix(response)
    for index, region in enumerate(matrix.columns):
        counts = search_counts(client, {**query, "region": region.code})
        assert {row.entry.pk: row.cells[index].count for row in matrix.rows} == counts, region.name


def test_the_all_column_counts_what_the_search_page_counts_under_the_filters(client, catalogue):
    matrix = gcm_matrix(client.get("/en/coverage/", {"language": "en"}))
    assert {row.entry.pk: row.total.count for row in matrix.rows} == search_counts(client, {"language": "en"})


def test_a_cell_links_to_a_list_of_as_many_records_as_it_counts(client, catalogue):
    matrix = gcm_matrix(client.get("/en/coverage/", {"language": "en"}))
    row = next(row for row in matrix.rows if row.entry.pk == 16)
    cell = row.cells[[region.code for region in matrix.columns].index(AFRICA)]
    assert cell.count >= 3
    assert client.get(cell.link).context["page_obj"].paginator.count == cell.count


def test_sub_regions_are_the_columns_on_request(client, catalogue):
    matrix = gcm_matrix(client.get("/en/coverage/", {"by": "subregion"}))
    western_africa = [region.code for region in matrix.columns].index("011")
    counts = search_counts(client, {"subregion": "011"})
    assert {row.entry.pk: row.cells[western_africa].count for row in matrix.rows} == counts


def test_a_region_in_the_filters_is_the_only_column(client, catalogue):
    matrix = gcm_matrix(client.get("/en/coverage/", {"region": EUROPE}))
    assert [region.code for region in matrix.columns] == [EUROPE]


def test_the_five_regions_are_the_columns_without_antarctica(client, catalogue):
    matrix = gcm_matrix(client.get("/en/coverage/"))
    assert [region.code for region in matrix.columns] == ["002", "009", "019", "142", "150"]


def test_drafts_are_counted_nowhere_and_their_organisations_named_nowhere(client, make_practice):
    draft = make_practice(countries=["NZ"], objectives=[8], start_year=1950, status=Status.DRAFT)
    secret = Organisation.objects.create(name_en="Unpublished partner")
    PracticeOrganisation.objects.create(record=draft, organisation=secret, role="lead")
    response = client.get("/en/coverage/")
    row = next(row for row in gcm_matrix(response).rows if row.entry.pk == 8)
    assert row.total.count == 0
    assert not any(cell.count for cell in row.cells)
    assert 1950 not in [year.year for year in response.context["years"]]
    assert "Unpublished partner" not in response.text


def test_the_organisations_named_most_come_busiest_first_ten_at_most(client, make_practice):
    organisations = [Organisation.objects.create(name_en=f"Agency {number}") for number in range(12)]
    for number, organisation in enumerate(organisations):
        for _ in range(number + 1):
            PracticeOrganisation.objects.create(record=make_practice(), organisation=organisation, role="partner")
    ranked = client.get("/en/coverage/").context["organisations"]
    assert [entry.organisation.name_en for entry in ranked[:2]] == ["Agency 11", "Agency 10"]
    assert len(ranked) == 10
    assert ranked[0].count == 12


def test_records_per_year_of_start_are_stacked_by_kind_with_every_year_between(client, catalogue):
    years = {year.year: year.counts for year in client.get("/en/coverage/").context["years"]}
    assert years[2021]["practice"] >= 2
    assert years[2017]["project"] >= 1
    assert set(range(min(years), max(years) + 1)) == set(years)


def test_a_filter_that_cannot_be_used_gives_a_400_with_the_page_and_its_message(client, catalogue):
    response = client.get("/fr/coverage/", {"gcm": "99", "by": "planet"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.text
    assert response.context["matrices"]
    assert "99" not in gcm_matrix(response).rows[0].total.link


def test_hostile_values_give_a_400_not_a_500(client):
    for query in ({"region": "9" * 30}, {"year_from": "x"}, {"by": "\x00"}, {"organisation": "-1"}):
        assert client.get("/en/coverage/", query).status_code == 400


def test_the_charts_are_drawn_with_no_inline_style_or_script(client, catalogue):
    text = client.get("/es/coverage/").text
    assert text.count("<svg") == 5
    assert "style=" not in text
    assert "<script>" not in text


def test_a_matrix_csv_holds_the_counts_of_its_table(client, catalogue):
    matrix = gcm_matrix(client.get("/en/coverage/", {"language": "en"}))
    response = client.get("/en/coverage/gcm.csv", {"language": "en"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "All"
    assert len(rows) == 1 + 23
    sixteen = matrix.rows[15]
    assert [int(count) for count in rows[16][2:]] == [*(cell.count for cell in sixteen.cells), sixteen.total.count]


def test_each_chart_has_a_csv_in_the_page_language(client, catalogue):
    for chart in ("gcm", "gcr", "sdg", "years", "organisations"):
        response = client.get(f"/fr/coverage/{chart}.csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8", chart
    assert "Ensemble" in client.get("/fr/coverage/years.csv").content.decode("utf-8-sig")


def test_a_csv_with_a_filter_that_cannot_be_used_is_a_400_naming_it(client):
    response = client.get("/en/coverage/gcm.csv", {"gcm": "99"})
    assert response.status_code == 400
    assert "GCM objective" in response.text


def test_an_unknown_chart_has_no_csv(client):
    assert client.get("/en/coverage/nothing.csv").status_code == 404


def test_the_coverage_page_is_linked_from_home_the_lists_and_search(client):
    assert 'href="/en/coverage/"' in client.get("/en/").text
    assert 'href="/en/coverage/?country=SN"' in client.get("/en/practices/", {"country": "SN"}).text
    assert 'href="/en/coverage/?q=water"' in client.get("/en/search/", {"q": "water"}).text
