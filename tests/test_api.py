"""The JSON API: published practices and projects, filtered like the pages, in the language asked for."""

import pytest

pytestmark = pytest.mark.django_db

AMUDDU = "/api/v1/practices/amuddu/"


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


def test_api_root_names_every_list(client):
    names = set(client.get("/api/v1/").json())
    assert names == {"practices", "projects", "organisations", "gcm-objectives", "countries", "beneficiaries"}


def test_practice_list_returns_the_published_practices(client):
    response = client.get("/api/v1/practices/")
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_filter_by_country_returns_only_that_country(client):
    response = client.get("/api/v1/practices/", {"country": "SN"})
    assert slugs(response) == ["protection-migrants-covid-19-relance-activites-economiques"]


def test_several_values_of_one_filter_widen_the_list(client):
    response = client.get("/api/v1/projects/", {"country": ["SV", "TN"]})
    assert sorted(slugs(response)) == ["gene-sis", "i-migr"]


def test_different_filters_narrow_the_list(client):
    assert slugs(client.get("/api/v1/projects/", {"country": "TN", "gcm": "21"})) == []


def test_primary_objective_filter_keeps_records_whose_primary_objective_matches(client):
    response = client.get("/api/v1/practices/", {"gcm": "16", "gcm_primary": "true"})
    assert slugs(response) == ["amuddu"]


def test_region_filter_reaches_records_through_their_countries(client):
    # Tunisia is in Africa (M49 002), El Salvador is not.
    response = client.get("/api/v1/projects/", {"region": "002"})
    assert slugs(response) == ["i-migr"]


def test_word_search_finds_a_title(client):
    assert slugs(client.get("/api/v1/practices/", {"q": "amuddu"})) == ["amuddu"]


def test_year_filters_keep_records_whose_period_overlaps(client, make_practice):
    make_practice(slug="old-practice", start_year=1990, end_year=1995)
    response = client.get("/api/v1/practices/", {"year_to": 1999})
    assert slugs(response) == ["old-practice"]


def test_practice_type_filter_is_the_practice_lists_own(client, make_practice):
    make_practice(slug="a-policy", practice_type="policy")
    assert slugs(client.get("/api/v1/practices/", {"type": "policy"})) == ["a-policy"]


def test_invalid_filter_value_is_refused_with_the_fields_message(client):
    response = client.get("/api/v1/practices/", {"gcm": "99"})
    assert response.status_code == 400
    assert list(response.json()) == ["gcm"]


def test_sort_by_title_orders_the_list_by_title(client, make_practice):
    make_practice(slug="zebra", title_en="Zebra crossings", summary_en="A census")
    make_practice(slug="aardvark", title_en="Aardvark census")
    response = client.get("/api/v1/practices/", {"sort": "title", "q": "census"})
    assert slugs(response) == ["aardvark", "zebra"]


def test_pages_cover_every_record_once(client, make_practice):
    for _ in range(7):
        make_practice(start_year=2020)
    seen = []
    for page in (1, 2, 3, 4):
        seen += slugs(client.get("/api/v1/practices/", {"page_size": 3, "page": page}))
    assert len(seen) == len(set(seen)) == 10


def test_a_page_size_over_the_maximum_is_refused_naming_the_maximum(client):
    response = client.get("/api/v1/countries/", {"page_size": 1000})
    assert response.status_code == 400
    assert "100" in response.json()["page_size"][0]
    assert len(client.get("/api/v1/countries/", {"page_size": 100}).json()["results"]) == 100


def test_page_past_the_end_is_404(client):
    assert client.get("/api/v1/practices/", {"page": 9}).status_code == 404


def test_lang_selects_the_language_of_text_fields(client, make_practice):
    practice = make_practice(title_en="Water points", title_fr="Points d'eau")
    response = client.get(f"/api/v1/practices/{practice.slug}/", {"lang": "fr"})
    assert response.json()["title"] == "Points d'eau"
    assert response["Content-Language"] == "fr"


def test_accept_language_selects_the_language_without_lang(client, make_practice):
    practice = make_practice(title_en="Water points", title_es="Puntos de agua")
    response = client.get(f"/api/v1/practices/{practice.slug}/", headers={"accept-language": "es"})
    assert response.json()["title"] == "Puntos de agua"


def test_lang_wins_over_accept_language(client, make_practice):
    practice = make_practice(title_en="Water points", title_es="Puntos de agua")
    response = client.get(f"/api/v1/practices/{practice.slug}/", {"lang": "en"}, headers={"accept-language": "es"})
    assert response.json()["title"] == "Water points"


def test_untranslated_text_falls_back_to_the_original_language_and_says_so(client):
    body = client.get(AMUDDU, {"lang": "es"}).json()
    assert body["title"] == "Amuddu"
    assert body["text_languages"]["title"] == "fr"


def test_reference_names_follow_the_language(client):
    body = client.get("/api/v1/projects/gene-sis/", {"lang": "fr"}).json()
    assert body["countries"][0]["name"] == "Salvador"


def test_unknown_lang_is_refused(client):
    response = client.get(AMUDDU, {"lang": "de"})
    assert response.status_code == 400
    assert list(response.json()) == ["lang"]


def test_record_carries_its_public_url_in_the_language_asked_for(client):
    assert client.get(AMUDDU, {"lang": "es"}).json()["url"] == "http://testserver/es/practices/amuddu/"


def test_record_gives_its_source_citation_and_address_but_not_the_internal_file(client, make_practice):
    make_practice(slug="cited", source_citation="IOM, Annual report 2021", source_url="https://example.org/report")
    body = client.get("/api/v1/practices/cited/").json()
    assert (body["source_citation"], body["source_url"]) == ("IOM, Annual report 2021", "https://example.org/report")
    assert "source_document" not in body
    assert "003_5c0e113779a7440f.txt" not in client.get(AMUDDU).text


def test_each_classification_carries_its_provenance(client):
    body = client.get(AMUDDU).json()
    assert {link["provenance"] for link in body["gcm_objectives"]} == {"assigned"}
    assert body["gcr_objectives"] == [
        {"number": 2, "title": body["gcr_objectives"][0]["title"], "provenance": "stated"}
    ]


def test_organisations_come_with_their_roles(client):
    roles = {link["role"] for link in client.get("/api/v1/projects/gene-sis/").json()["organisations"]}
    assert roles == {"donor", "partner"}


def test_practice_detail_has_every_section_of_the_page(client):
    body = client.get(AMUDDU).json()
    assert {"lessons_learned", "peer_review_comments", "submission_date"} <= set(body)


def test_practice_list_carries_every_section_too(client):
    items = {item["slug"]: item for item in client.get("/api/v1/practices/").json()["results"]}
    assert items["amuddu"]["lessons_learned"] == client.get(AMUDDU).json()["lessons_learned"]


def test_project_carries_its_results_and_location(client):
    body = client.get("/api/v1/projects/gene-sis/").json()
    assert body["results"]
    assert isinstance(body["latitude"], float)


def test_unknown_record_is_404(client):
    assert client.get("/api/v1/practices/no-such-practice/").status_code == 404


@pytest.mark.parametrize(("path", "count"), [("countries", 249), ("gcm-objectives", 23), ("beneficiaries", 16)])
def test_reference_lists_list_every_row(client, path, count):
    assert client.get(f"/api/v1/{path}/").json()["count"] == count


def slugs_at(client, records):
    return [record["slug"] for record in client.get(records["api_url"]).json()["results"]]


def test_country_counts_its_published_records_and_links_to_their_list(client):
    body = client.get("/api/v1/countries/SV/").json()
    assert body["projects"] == {"count": 1, "api_url": "http://testserver/api/v1/projects/?country=SV"}
    assert slugs_at(client, body["projects"]) == ["gene-sis"]
    assert body["subregion"]["code"] == "013"


def test_gcm_objective_is_found_by_number(client):
    body = client.get("/api/v1/gcm-objectives/21/", {"lang": "es"}).json()
    assert body["short_label"] == "Retorno y reintegración dignos"
    assert slugs_at(client, body["projects"]) == ["gene-sis"]
    assert body["projects"]["count"] == 1


def test_beneficiary_is_found_by_slug(client):
    body = client.get("/api/v1/beneficiaries/refugees/").json()
    assert "amuddu" in slugs_at(client, body["practices"])
    assert body["practices"]["count"] == len(slugs_at(client, body["practices"]))


def test_organisation_names_its_records_and_its_page(client):
    body = client.get("/api/v1/organisations/1/").json()
    assert body["url"] == "http://testserver/en/organisations/1/"
    assert body["practices"]["count"] == 1
    assert len(slugs_at(client, body["practices"])) == 1


def test_api_is_read_only(client):
    assert client.post("/api/v1/practices/", {"title": "New"}).status_code == 405
