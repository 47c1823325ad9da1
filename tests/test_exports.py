"""CSV and JSON downloads of a filtered list: streamed, one row per record, readable by spreadsheet programs."""

import csv
import io
import json
import math

import pytest

from opendata import exports
from practices.models import Practice, PracticeOrganisation
from projects.models import Project
from taxonomy.models import Organisation

pytestmark = pytest.mark.django_db

SENEGAL = "protection-migrants-covid-19-relance-activites-economiques"


def content(response):
    return b"".join(response.streaming_content)


def csv_rows(response):
    text = content(response).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.removeprefix(exports.BOM), newline="")))


def test_csv_export_is_streamed_as_a_csv_attachment(client):
    response = client.get("/en/practices/export.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="practices-en-')


def test_csv_starts_with_a_byte_order_mark_for_spreadsheet_programs(client):
    assert content(client.get("/en/practices/export.csv")).startswith(b"\xef\xbb\xbf")


def test_csv_round_trips_to_the_published_records(client):
    rows = csv_rows(client.get("/en/practices/export.csv"))
    expected = {
        practice.slug: (
            "; ".join(link.country_id for link in practice.country_links.all()),
            "; ".join(str(link.objective_id) for link in practice.objective_links.all()),
            practice.source_citation,
            practice.source_url,
        )
        for practice in Practice.objects.published().for_detail()
    }
    columns = ("countries", "gcm_objectives", "source_citation", "source_url")
    assert {row["slug"]: tuple(row[column] for column in columns) for row in rows} == expected


@pytest.mark.parametrize(
    ("model", "path"), [(Practice, "/en/practices/export.csv"), (Project, "/en/projects/export.json")]
)
def test_export_leaves_out_the_internal_file_a_record_was_entered_from(client, model, path):
    text = content(client.get(path)).decode("utf-8")
    files = set(model.objects.published().values_list("source_document", flat=True))
    assert "source_document" not in text
    assert [name for name in files if name in text] == []


def test_csv_has_one_row_per_record_matched_by_several_values(client):
    rows = csv_rows(client.get("/en/practices/export.csv", {"country": ["SV", "BD"]}))
    assert [row["slug"] for row in rows] == ["initiative-mondiale-financement-initial-oim-pnud-covid-19"]


def test_csv_joins_multi_valued_fields_with_semicolons(client):
    row = csv_rows(client.get("/en/projects/export.csv", {"country": "SV"}))[0]
    assert row["gcm_objectives"] == "21; 18"
    assert row["assigned_by_editors"].startswith("gcm:21; gcm:18; ")


def test_csv_keeps_commas_quotes_and_line_breaks_in_text(client, make_practice):
    summary = 'He said "yes", then,\nnext line; and more'
    make_practice(slug="tricky", summary_en=summary)
    rows = csv_rows(client.get("/en/practices/export.csv"))
    assert [row["summary"] for row in rows if row["slug"] == "tricky"] == [summary]


def test_export_follows_the_list_filters(client):
    rows = csv_rows(client.get("/en/practices/export.csv", {"country": "SN"}))
    assert [row["slug"] for row in rows] == [SENEGAL]


def test_export_follows_the_list_order(client, make_practice):
    make_practice(slug="zebra", title_en="Zebra")
    make_practice(slug="aardvark", title_en="Aardvark")
    rows = csv_rows(client.get("/en/practices/export.csv", {"sort": "title"}))
    assert [row["slug"] for row in rows][:2] == ["aardvark", "amuddu"]


def test_export_texts_follow_the_page_language_with_fallback(client, make_practice):
    make_practice(slug="water", title_en="Water points", title_fr="Points d'eau")
    rows = {row["slug"]: row for row in csv_rows(client.get("/fr/practices/export.csv"))}
    assert rows["water"]["title"] == "Points d'eau"
    assert rows["amuddu"]["title"] == "Amuddu"


def test_export_rows_link_to_the_record_pages(client):
    row = csv_rows(client.get("/es/practices/export.csv", {"country": "MA"}))[0]
    assert row["url"] == "http://testserver/es/practices/amuddu/"


def test_project_export_has_results_and_location(client):
    row = csv_rows(client.get("/en/projects/export.csv", {"country": "SV"}))[0]
    assert row["latitude"] == str(Project.objects.get(slug="gene-sis").latitude)
    assert row["results"].startswith("2022: ")


def test_json_export_is_a_list_of_the_same_records_as_the_csv(client):
    records = json.loads(content(client.get("/en/projects/export.json")))
    rows = csv_rows(client.get("/en/projects/export.csv"))
    assert [record["slug"] for record in records] == [row["slug"] for row in rows]
    assert list(records[0]) == list(rows[0])


def test_json_export_keeps_multi_valued_fields_as_lists(client):
    record = json.loads(content(client.get("/en/projects/export.json", {"country": "SV"})))[0]
    assert record["gcm_objectives"] == [21, 18]


def test_empty_export_still_has_its_header(client):
    rows = content(client.get("/en/practices/export.csv", {"country": "FR"})).decode("utf-8")
    assert rows == exports.BOM + ",".join(exports.PRACTICE_FIELDS) + "\r\n"


def test_empty_json_export_is_an_empty_list(client):
    assert json.loads(content(client.get("/en/practices/export.json", {"country": "FR"}))) == []


def test_export_reads_records_in_chunks_each_with_its_links(
    client, make_practice, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    organisation = Organisation.objects.create(name_en="Water board")
    for _ in range(5):
        make_practice(countries=["FR"], objectives=[1])
    published = Practice.objects.published()
    for practice in published.filter(organisations=None):
        PracticeOrganisation.objects.create(record=practice, organisation=organisation, role="lead")
    chunks = math.ceil(published.count() / 2)
    # the records, then for each chunk its seven kinds of links, its identifiers, its people, and the
    # aliases of the organisations it names
    with django_assert_num_queries(1 + 10 * chunks):
        content(client.get("/en/practices/export.csv"))


def test_unknown_export_format_is_not_found(client):
    assert client.get("/en/practices/export.xlsx").status_code == 404


def test_list_page_offers_its_filtered_results_for_download(client):
    text = client.get("/en/practices/", {"country": "SN", "page": "1"}).text
    assert "Download this result:" in text
    assert 'href="/en/practices/export.csv?country=SN"' in text


def test_list_page_counts_the_results_to_download_in_its_language(client):
    text = client.get("/fr/projects/").text
    assert "Télécharger ces 2 résultats\u00a0:" in text
    assert 'href="/fr/projects/export.json"' in text


@pytest.mark.parametrize(
    "title",
    [
        '=HYPERLINK("http://evil.example","x")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\tcmd",
        "\rcmd",
    ],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return"],
)
def test_a_title_a_spreadsheet_would_run_as_a_formula_comes_out_of_the_csv_as_text(client, make_practice, title):
    practice = make_practice(title_en=title)
    organisation = Organisation.objects.create(name_en=title)
    PracticeOrganisation.objects.create(record=practice, organisation=organisation, role="lead")
    response = client.get("/en/practices/export.csv")
    row = next(row for row in csv_rows(response) if row["slug"] == practice.slug)
    assert row["title"] == "'" + title
    assert row["organisations_lead"] == "'" + title
    exported = json.loads(content(client.get("/en/practices/export.json")))
    assert next(item for item in exported if item["slug"] == practice.slug)["title"] == title


def test_numbers_keep_their_sign_in_the_csv(client, make_project):
    project = make_project(latitude=-33.5, longitude=-70.6)
    response = client.get("/en/projects/export.csv")
    row = next(row for row in csv_rows(response) if row["slug"] == project.slug)
    assert (row["latitude"], row["longitude"]) == ("-33.500000", "-70.600000")


@pytest.mark.parametrize("address", ["/en/practices/export.csv", "/en/projects/export.json"])
def test_a_download_during_an_outage_is_a_503_not_an_empty_file(client, monkeypatch, address):
    from django.db import OperationalError
    from django.db.models.query import QuerySet

    def down(self, *args, **kwargs):
        raise OperationalError("the database is down")
        yield  # a generator, as iterator() is

    monkeypatch.setattr(QuerySet, "iterator", down)
    response = client.get(address)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_an_outage_in_the_middle_of_a_download_breaks_it_off_unfinished(client, monkeypatch):
    from django.db import OperationalError
    from django.db.models.query import QuerySet

    real = QuerySet.iterator

    def fails_after_one(self, *args, **kwargs):
        records = real(self, *args, **kwargs)
        yield next(records)
        raise OperationalError("the database went down")

    monkeypatch.setattr(QuerySet, "iterator", fails_after_one)
    response = client.get("/en/practices/export.json")
    assert response.status_code == 200  # the first record was read before the response started
    chunks = []
    stream = iter(response.streaming_content)
    with pytest.raises(OperationalError):
        chunks.extend(stream)  # keeps what arrived before the break
    body = b"".join(chunks).decode()
    assert body.startswith("[")
    assert not body.rstrip().endswith("]")  # never a well-formed short file


@pytest.mark.parametrize(
    "address",
    [
        "/fr/practices/export.csv?gcm_primary=1",
        "/fr/practices/export.json?year_from=2000&year_from=2010",
        "/fr/projects/export.csv?country=ZZZ",
        "/fr/practices/feed.atom?gcm=99",
        "/fr/projects/feed.rss?gcm_primary=1",
    ],
)
def test_a_download_or_feed_with_a_refused_filter_is_a_400_not_more_records(client, address):
    response = client.get(address)
    assert response.status_code == 400
    if "export" in address:
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content.decode().split(":")[0] in {"Objectif principal seulement", "De l'année", "Pays"}
