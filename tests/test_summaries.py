"""PDF summaries of a record and of a filtered list, in the page's language, tagged, cached like a page."""

import io

import pytest
from pypdf import PdfReader

from opendata import summaries
from practices.models import Practice, PracticeOrganisation
from records.models import Status
from taxonomy.models import Organisation

pytestmark = pytest.mark.django_db


def read(response):
    return PdfReader(io.BytesIO(response.content))


def pages(response):
    return [page.extract_text() for page in read(response).pages]


def text_of(response):
    # Lines are broken where the page breaks them: read words, not lines.
    return " ".join(" ".join(pages(response)).split())


@pytest.fixture
def practice(make_practice):
    practice = make_practice(
        countries=["SN"],
        objectives=[3],
        title_en="Water points in villages",
        title_fr="Des points d'eau dans les villages",
        summary_en="Wells were dug.",
        summary_fr="On a creusé des puits.",
        key_results_fr="Trente puits.",
        start_year=2019,
        source_citation="Migration Network Hub",
    )
    agency = Organisation.objects.create(name_en="Water agency", name_fr="Agence de l'eau")
    PracticeOrganisation.objects.create(record=practice, organisation=agency, role="lead")
    return practice


def test_a_practice_summary_is_a_pdf_in_the_page_language(client, practice):
    response = client.get(f"/fr/practices/{practice.slug}/summary.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response)
    for fact in ("Des points d'eau dans les villages", "En bref", "Sénégal", "Fourniture d'informations", "Résumé"):
        assert fact in text, fact
    for fact in ("On a creusé des puits.", "Trente puits.", "Agence de l'eau", "Migration Network Hub"):
        assert fact in text, fact


def test_a_summary_holds_the_address_of_the_record_page(client, practice):
    text = text_of(client.get(f"/es/practices/{practice.slug}/summary.pdf"))
    assert f"http://testserver/es/practices/{practice.slug}/" in text


def test_a_summary_carries_its_language_title_and_tags(client, practice):
    document = read(client.get(f"/fr/practices/{practice.slug}/summary.pdf"))
    catalog = document.trailer["/Root"]
    assert catalog["/Lang"] == "fr"
    assert document.metadata.title == "Des points d'eau dans les villages"
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog


def test_a_summary_fits_one_or_two_pages(client, practice):
    assert len(pages(client.get(f"/en/practices/{practice.slug}/summary.pdf"))) <= 2


def test_a_project_summary_names_its_results(client, make_project):
    project = make_project(countries=["SV"], objectives=[21], title_en="Return and work")
    project.results.create(year=2022, figure=150, description_en="women trained")
    text = text_of(client.get(f"/en/projects/{project.slug}/summary.pdf"))
    assert "Return and work" in text
    assert "150 women trained" in text


def test_an_unpublished_record_has_no_summary_for_the_public(client, make_practice):
    draft = make_practice(status=Status.DRAFT)
    assert client.get(f"/en/practices/{draft.slug}/summary.pdf").status_code == 404


def test_staff_who_may_preview_a_record_get_its_summary_private(make_staff, make_practice):
    reviewer = make_staff("Reviewers")
    submitted = make_practice(status=Status.SUBMITTED)
    response = reviewer.get(f"/en/practices/{submitted.slug}/summary.pdf")
    assert response.status_code == 200
    assert {part.strip() for part in response["Cache-Control"].split(",")} >= {"private", "no-store"}


def test_the_record_page_links_to_its_summary(client, practice):
    assert f'href="/en/practices/{practice.slug}/summary.pdf"' in client.get(practice.get_absolute_url()).text


def test_a_summary_is_kept_until_the_record_changes(client, practice, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 600
    address = f"/en/practices/{practice.slug}/summary.pdf"
    client.get(address)
    with django_assert_num_queries(0):
        assert client.get(address).status_code == 200
    practice.title_en = "Wells in villages"
    practice.save()
    assert "Wells in villages" in text_of(client.get(address))


def test_an_edit_shows_in_the_summary_at_once_as_on_the_record_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_STALE_SECONDS = 60  # other pages may show an edit up to a minute late; not the record's own
    practice = Practice.objects.published().order_by("-created_at").first()
    address = f"/fr/practices/{practice.slug}/summary.pdf"
    client.get(address)
    practice.title_fr = "Des puits dans les villages"
    practice.save()
    assert "Des puits dans les villages" in text_of(client.get(address))


# A list's PDF.


@pytest.fixture
def three_practices(make_practice):
    titles = ["Alpha wells", "Beta schools", "Gamma clinics"]
    return [make_practice(countries=["ML"], objectives=[15], title_en=title) for title in titles]


def test_a_list_pdf_has_a_table_of_contents_then_one_record_a_page(client, three_practices):
    titles = [practice.title_en for practice in three_practices]
    found = pages(client.get("/en/practices/export.pdf", {"country": "ML"}))
    assert all(title in found[0] for title in titles)
    # The newest first, as the list: each page names its record alone.
    assert [[title for title in titles if title in page] for page in found[1:]] == [[title] for title in titles[::-1]]


def test_a_list_pdf_holds_the_first_records_of_the_list(client, three_practices, monkeypatch):
    monkeypatch.setattr(summaries, "LIST_LIMIT", 2)
    found = pages(client.get("/en/practices/export.pdf", {"country": "ML", "sort": "title"}))
    assert len(found) == 1 + 2
    assert "Gamma clinics" not in " ".join(found)


def test_a_list_pdf_is_in_the_page_language(client, three_practices):
    text = text_of(client.get("/es/practices/export.pdf", {"country": "ML"}))
    assert "Contenido" in text


def test_a_list_pdf_with_a_filter_that_cannot_be_used_is_a_400_naming_it(client):
    response = client.get("/en/projects/export.pdf", {"gcm": "99"})
    assert response.status_code == 400
    assert "GCM objective" in response.text


def test_a_client_may_have_a_few_lists_made_as_pdf_then_is_told_when_to_come_back(client, settings):
    settings.LIST_PDF_RATE = "2/hour"
    for country in ("ML", "SN"):
        assert client.get("/fr/practices/export.pdf", {"country": country}).status_code == 200
    refused = client.get("/fr/projects/export.pdf", {"country": "SV"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 3000
    assert "Trop de PDF de listes" in refused.text
    assert 'href="/fr/projects/?country=SV"' in refused.text
    assert client.get("/fr/practices/export.csv", {"country": "SV"}).status_code == 200


def test_the_lists_offer_their_pdf_beside_csv_and_json(client):
    assert 'href="/en/practices/export.pdf?country=SN"' in client.get("/en/practices/", {"country": "SN"}).text


def test_robots_are_asked_to_leave_the_summaries(client):
    assert "Disallow: /*/summary.pdf" in client.get("/robots.txt").text


def test_without_pango_a_summary_is_a_503_and_the_page_still_answers(client, practice, monkeypatch):
    monkeypatch.setattr(summaries, "weasyprint", lambda: None)
    assert client.get(f"/en/practices/{practice.slug}/summary.pdf").status_code == 503
    assert client.get(practice.get_absolute_url()).status_code == 200
