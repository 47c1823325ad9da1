"""The OpenAPI schema: valid, browsable from local files, and true to the API's real responses."""

from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.throttling import SimpleRateThrottle

from practices.models import PracticeIdentifier, PracticeOrganisation, PracticePerson
from projects.models import ProjectOrganisation, ProjectPerson
from taxonomy.models import Organisation, OrganisationAlias

pytestmark = pytest.mark.django_db


def closed(schema):
    """The schema with every object closed to properties it does not name, so that an undocumented field fails."""
    if isinstance(schema, dict):
        if "properties" in schema:
            schema.setdefault("additionalProperties", False)
        for value in schema.values():
            closed(value)
    elif isinstance(schema, list):
        for value in schema:
            closed(value)
    return schema


@pytest.fixture(scope="module")
def openapi(django_db_blocker):
    with django_db_blocker.unblock():
        schema = Client().get("/api/v1/schema/", {"format": "json"}).json()
    # Building the OpenAPI object validates the document against the OpenAPI 3 specification.
    return OpenAPI.from_dict(closed(schema))


def assert_matches_schema(openapi, response):
    openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


def test_schema_is_openapi_3_with_every_endpoint(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/practices/", "/api/v1/projects/{slug}/", "/api/v1/countries/{code}/"} <= set(schema["paths"])


def test_schema_documents_the_list_filters(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    names = {parameter["name"] for parameter in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]}
    assert {"q", "country", "region", "gcm", "gcm_primary", "year_from", "sort", "type", "lang", "page"} <= names


def test_the_try_it_page_loads_swagger_ui_from_the_sites_own_static_files(client):
    text = client.get("/api/v1/docs/try/").text
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in text
    assert "cdn." not in text


def test_docs_scripts_ship_with_the_sidecar_package():
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/practices/",
        "/api/v1/practices/?country=SN&gcm=15&lang=fr",
        "/api/v1/practices/?q=covid&sort=relevance&page_size=2",
        "/api/v1/practices/amuddu/",
        "/api/v1/practices/protection-migrants-covid-19-relance-activites-economiques/?lang=es",
        "/api/v1/projects/?status=completed",
        "/api/v1/projects/gene-sis/",
        "/api/v1/projects/i-migr/?lang=fr",
        "/api/v1/organisations/",
        "/api/v1/organisations/1/",
        "/api/v1/gcm-objectives/?lang=es",
        "/api/v1/gcm-objectives/21/",
        "/api/v1/countries/?page=2",
        "/api/v1/countries/SV/",
        "/api/v1/beneficiaries/",
        "/api/v1/beneficiaries/refugees/",
    ],
)
def test_response_matches_the_schema(client, openapi, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_matches_schema(openapi, response)


def test_record_with_every_kind_of_value_matches_the_schema(client, openapi, make_practice):
    practice = make_practice(
        countries=["FR"], objectives=[1, 2], start_year=2020, start_month=5, end_year=2021, practice_type="tool"
    )
    assert_matches_schema(openapi, client.get(f"/api/v1/practices/{practice.slug}/"))


@pytest.mark.parametrize(
    "path", ["/api/v1/practices/no-such-practice/", "/api/v1/countries/ZZ/", "/api/v1/practices/?page=99"]
)
def test_not_found_matches_the_schema(client, openapi, path):
    response = client.get(path)
    assert response.status_code == 404
    assert_matches_schema(openapi, response)


@pytest.mark.parametrize("path", ["/api/v1/practices/?gcm=99", "/api/v1/projects/?lang=de"])
def test_bad_request_matches_the_schema(client, openapi, path):
    response = client.get(path)
    assert response.status_code == 400
    assert_matches_schema(openapi, response)


def test_too_many_requests_matches_the_schema(client, openapi, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1/minute", "user": "1/minute"})
    client.get("/api/v1/gcm-objectives/")
    response = client.get("/api/v1/gcm-objectives/")
    assert response.status_code == 429
    assert_matches_schema(openapi, response)


@pytest.fixture
def records_with_every_fact(make_practice, make_project):
    """A practice and a project with every fact of a real document (issue 15), an organisation with aliases
    and a parent, each with the value the schema could most easily get wrong: "" beside null, decimals."""
    parent = Organisation.objects.create(name_en="Ministry of Labour", country_id="MA", country_provenance="assigned")
    organisation = Organisation.objects.create(name_en="Employment office", parent=parent)
    OrganisationAlias.objects.create(organisation=organisation, name="Oficina de empleo", language="es")
    OrganisationAlias.objects.create(organisation=organisation, name="ANAPEC", kind="acronym", language="pt-BR")
    shared = {"ongoing": True, "start_year": 2016, "locality_en": "Casablanca", "scope": "local"}
    practice = make_practice(
        countries=["MA"], practice_type="policy", practice_type_provenance="assigned", image="records/x.jpg", **shared
    )
    project = make_project(
        countries=["MA"], budget_amount=Decimal("280000"), budget_currency="USD", implementer_share=Decimal(1), **shared
    )
    PracticeIdentifier.objects.create(record=practice, scheme="IOM Prima ID", value="12345")
    PracticePerson.objects.create(record=practice, name="Ana Pérez", role="focal_point", email="ana@example.org")
    ProjectPerson.objects.create(record=project, name="Omar Idrissi")
    for record, link in ((practice, PracticeOrganisation), (project, ProjectOrganisation)):
        link.objects.create(record=record, organisation=organisation, role="mentioned")
        link.objects.create(record=record, organisation=parent, role="donor")
    return practice, project, organisation


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/practices/{practice}/?lang=es",
        "/api/v1/practices/?lang=es",
        "/api/v1/projects/{project}/",
        "/api/v1/projects/?status=ongoing",
        "/api/v1/organisations/{organisation}/?lang=es",
        "/api/v1/organisations/",
    ],
)
def test_record_with_every_fact_of_a_real_document_matches_the_schema(client, openapi, records_with_every_fact, path):
    practice, project, organisation = records_with_every_fact
    response = client.get(path.format(practice=practice.slug, project=project.slug, organisation=organisation.pk))
    assert response.status_code == 200
    assert_matches_schema(openapi, response)


def test_the_docs_page_shows_every_endpoint_and_parameter_without_a_script(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    main = response.text[response.text.index("<main") : response.text.index("</main>")]
    assert "<script" not in main
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert f"<code>{method.upper()} {path}</code>" in main
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in main
    for name in ("Practice", "Project", "Country", "Organisation"):
        assert f'id="component-{name}"' in main
    assert 'href="/api/v1/docs/try/"' in main  # Swagger UI, to send requests
    assert 'href="/en/about/#licence"' in main


def test_the_docs_page_folds_long_lists_of_values_away(client):
    from taxonomy.models import Country

    main = client.get("/api/v1/docs/").text
    countries = Country.objects.count() + 1  # and the empty value, which chooses nothing
    assert f"<details><summary>{countries} values</summary>" in main
    assert "<code>SN</code>" in main
