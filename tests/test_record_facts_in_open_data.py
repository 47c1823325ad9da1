"""Every fact of a record reaches every open-data door: the API's detail and list, export.csv and export.json.

Issue 15 gave records ongoing periods, places below country, budgets, identifiers, people, aliases and a
public source citation; a reuser must find each of them wherever the record is published, and nothing of
an unpublished record, nor the internal file a record was entered from, anywhere.
"""

import csv
import io
import json
from decimal import Decimal

import pytest

from api.serializers import PracticeSerializer, ProjectSerializer
from opendata import exports
from practices.models import Practice, PracticeIdentifier, PracticeOrganisation, PracticePerson
from projects.models import Project, ProjectIdentifier, ProjectOrganisation, ProjectPerson
from records.models import Status
from records.sections import text_fields
from taxonomy.models import Organisation, OrganisationAlias
from tests.test_queries import API_ORGANISATION_LIST_QUERIES, API_PRACTICE_LIST_QUERIES, API_PROJECT_LIST_QUERIES

pytestmark = pytest.mark.django_db

DOORS = ["api_detail", "api_list", "csv", "json"]
KINDS = {"practices": Practice, "projects": Project}

RECORD_FACTS = {
    "ongoing": True,
    "period_as_written": "2016 – Presente",
    "locality": "Greater Casablanca",
    "scope": "subnational",
    "region_as_written": "North Africa",
    "source_citation": "IOM, Migration Network Hub, 2021",
    "source_url": "https://example.org/hub/entry",
    "image_alt": "Advisers at a desk",
    "image_caption": "The employment office in Casablanca",
    "image_credit": "© IOM 2021",
}
PRACTICE_FACTS = {
    **RECORD_FACTS,
    "practice_type": "policy",
    "practice_type_provenance": "assigned",
    "source_category": "Strategy/framework",
}
PROJECT_FACTS = {
    **RECORD_FACTS,
    "status": "ongoing",
    "stated_status": "Active",
    "project_type": "Development fund project",
    "budget_amount": "280000.00",
    "budget_currency": "USD",
    "budget_as_written": "Budget Amount (USD) 280000.00",
    "implementer_share": "70000.00",
    "funding_programme": "IOM Development Fund",
}
IMAGE = "records/2021/office.jpg"
INTERNAL_FILE = "000_internal_file_name.txt"


def model_fields(facts):
    """The facts as the model takes them: translated texts in English, amounts as decimals."""
    fields = {name: value for name, value in facts.items() if name != "status"}
    for name in ("locality", "image_alt", "image_caption"):
        fields[f"{name}_en"] = fields.pop(name)
    for name in ("budget_amount", "implementer_share"):
        if name in fields:
            fields[name] = Decimal(fields[name])
    return fields


def add_parts(record, identifier_model, person_model):
    identifier_model.objects.create(record=record, scheme="IOM Prima ID", value="12345")
    identifier_model.objects.create(record=record, scheme="Project number", value="P-7")
    person_model.objects.create(
        record=record,
        name="Ana Pérez",
        job_title="Programme officer",
        organisation="UNDP headquarters, Crisis Bureau",
        role="focal_point",
        email="ana@example.org",
        position=0,
    )
    person_model.objects.create(record=record, name="Omar Idrissi", role="submitter", position=1)
    return record


@pytest.fixture
def practice(make_practice):
    record = make_practice(
        countries=["MA"], start_year=2016, image=IMAGE, source_document=INTERNAL_FILE, **model_fields(PRACTICE_FACTS)
    )
    return add_parts(record, PracticeIdentifier, PracticePerson)


@pytest.fixture
def project(make_project):
    record = make_project(
        countries=["MA"], start_year=2016, image=IMAGE, source_document=INTERNAL_FILE, **model_fields(PROJECT_FACTS)
    )
    return add_parts(record, ProjectIdentifier, ProjectPerson)


def kind_of(record):
    return "practices" if isinstance(record, Practice) else "projects"


def download(client, kind, format, language="en", **query):
    response = client.get(f"/{language}/{kind}/export.{format}", query)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def read_at(client, door, record, language="en"):
    """The record as `door` gives it, in `language`: a dict, texts in CSV."""
    kind = kind_of(record)
    if door == "api_detail":
        return client.get(f"/api/v1/{kind}/{record.slug}/", {"lang": language}).json()
    if door == "api_list":
        items = client.get(f"/api/v1/{kind}/", {"lang": language, "page_size": 100}).json()["results"]
    elif door == "csv":
        text = download(client, kind, "csv", language).removeprefix(exports.BOM)
        items = list(csv.DictReader(io.StringIO(text, newline="")))
    else:
        items = json.loads(download(client, kind, "json", language))
    return next(item for item in items if item["slug"] == record.slug)


def as_written_at(door, value):
    """A value as `door` writes it: CSV cells are text."""
    if door != "csv":
        return value
    return {True: "true", False: "false", None: ""}.get(value, value) if not isinstance(value, str) else value


def facts_at(client, door, record, names):
    row = read_at(client, door, record)
    return {name: row.get(name, "(missing)") for name in names}


@pytest.mark.parametrize("door", DOORS)
def test_every_new_fact_of_a_practice_appears_at_every_door(client, practice, door):
    expected = {name: as_written_at(door, value) for name, value in PRACTICE_FACTS.items()}
    assert facts_at(client, door, practice, PRACTICE_FACTS) == expected


@pytest.mark.parametrize("door", DOORS)
def test_every_new_fact_of_a_project_appears_at_every_door(client, project, door):
    expected = {name: as_written_at(door, value) for name, value in PROJECT_FACTS.items()}
    assert facts_at(client, door, project, PROJECT_FACTS) == expected


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("kind", ["practice", "project"])
def test_the_image_is_given_by_its_full_address(client, request, kind, door):
    record = request.getfixturevalue(kind)
    assert read_at(client, door, record)["image"] == f"http://testserver/media/{IMAGE}"


@pytest.mark.parametrize("door", ["api_detail", "api_list", "json"])
@pytest.mark.parametrize("kind", ["practice", "project"])
def test_identifiers_are_pairs_of_scheme_and_value(client, request, kind, door):
    record = request.getfixturevalue(kind)
    assert read_at(client, door, record)["identifiers"] == [
        {"scheme": "IOM Prima ID", "value": "12345"},
        {"scheme": "Project number", "value": "P-7"},
    ]


@pytest.mark.parametrize("kind", ["practice", "project"])
def test_csv_writes_each_identifier_as_scheme_colon_value(client, request, kind):
    record = request.getfixturevalue(kind)
    assert read_at(client, "csv", record)["identifiers"] == "IOM Prima ID: 12345; Project number: P-7"


@pytest.mark.parametrize("door", ["api_detail", "api_list", "json"])
@pytest.mark.parametrize("kind", ["practice", "project"])
def test_people_come_with_their_job_title_organisation_role_and_email_in_order(client, request, kind, door):
    record = request.getfixturevalue(kind)
    assert read_at(client, door, record)["people"] == [
        {
            "name": "Ana Pérez",
            "job_title": "Programme officer",
            "organisation": "UNDP headquarters, Crisis Bureau",
            "role": "focal_point",
            "email": "ana@example.org",
        },
        {"name": "Omar Idrissi", "job_title": "", "organisation": "", "role": "submitter", "email": ""},
    ]


@pytest.mark.parametrize("kind", ["practice", "project"])
def test_csv_writes_the_people_in_one_column(client, request, kind):
    record = request.getfixturevalue(kind)
    assert read_at(client, "csv", record)["people"] == (
        "Ana Pérez, Programme officer, UNDP headquarters, Crisis Bureau (focal_point) <ana@example.org>; "
        "Omar Idrissi (submitter)"
    )


@pytest.mark.parametrize("door", DOORS)
def test_the_locality_follows_the_language_asked_for_else_the_original_one(client, make_practice, door):
    record = make_practice(locality_en="Greater Casablanca", locality_fr="Grand Casablanca")
    assert read_at(client, door, record, "fr")["locality"] == "Grand Casablanca"
    assert read_at(client, door, record, "es")["locality"] == "Greater Casablanca"


def test_the_api_says_which_language_the_locality_is_in(client, make_practice):
    record = make_practice(locality_en="Greater Casablanca", locality_fr="Grand Casablanca")
    assert read_at(client, "api_detail", record, "es")["text_languages"]["locality"] == "en"


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"start_year": 2016, "ongoing": True}, "ongoing"),
        ({"start_year": 2010, "end_year": 2012}, "completed"),
        ({"start_year": 2999}, "planned"),
        ({}, "unknown"),
    ],
)
def test_a_projects_computed_status_is_the_one_its_status_filter_finds_it_by(client, make_project, fields, status):
    record = make_project(**fields)
    filtered = client.get("/api/v1/projects/", {"status": status, "page_size": 100}).json()["results"]
    assert [item["status"] for item in filtered if item["slug"] == record.slug] == [status]
    assert read_at(client, "csv", record)["status"] == status


@pytest.mark.parametrize("door", DOORS)
def test_a_budget_is_a_decimal_string_that_keeps_its_cents(client, make_project, door):
    record = make_project(budget_amount=Decimal("1250.5"), budget_currency="EUR")
    assert read_at(client, door, record)["budget_amount"] == "1250.50"


@pytest.mark.parametrize("door", ["api_detail", "api_list", "json"])
def test_a_project_without_a_budget_has_null_amounts_and_no_currency(client, make_project, door):
    row = read_at(client, door, make_project())
    assert (row["budget_amount"], row["implementer_share"], row["budget_currency"]) == (None, None, "")


# Organisations.


@pytest.fixture
def refugee_agency():
    organisation = Organisation.objects.create(name_en="UN Refugee Agency", acronym_en="UNHCR")
    OrganisationAlias.objects.create(organisation=organisation, name="ACNUR", kind="acronym", language="es")
    OrganisationAlias.objects.create(
        organisation=organisation, name="Agencia de la ONU para los Refugiados", language="es"
    )
    OrganisationAlias.objects.create(organisation=organisation, name="Agência da ONU para Refugiados", language="pt-BR")
    return organisation


@pytest.mark.parametrize("door", DOORS)
def test_an_organisation_named_with_no_role_stated_appears_as_mentioned(client, practice, door):
    organisation = Organisation.objects.create(name_en="Municipality of Casablanca")
    PracticeOrganisation.objects.create(record=practice, organisation=organisation, role="mentioned")
    row = read_at(client, door, practice)
    if door.startswith("api"):
        assert [(link["name"], link["role"]) for link in row["organisations"]] == [
            ("Municipality of Casablanca", "mentioned")
        ]
    else:
        assert row["organisations_mentioned"] in (["Municipality of Casablanca"], "Municipality of Casablanca")


@pytest.mark.parametrize("door", DOORS)
def test_a_spanish_answer_names_an_organisation_by_its_spanish_alias(client, project, refugee_agency, door):
    ProjectOrganisation.objects.create(record=project, organisation=refugee_agency, role="lead")
    row = read_at(client, door, project, "es")
    if door.startswith("api"):
        assert [(link["name"], link["acronym"]) for link in row["organisations"]] == [
            ("Agencia de la ONU para los Refugiados", "ACNUR")
        ]
    else:
        assert row["organisations_lead"] in (
            ["Agencia de la ONU para los Refugiados"],
            "Agencia de la ONU para los Refugiados",
        )


def test_the_organisation_api_lists_its_aliases_in_any_language(client, practice, refugee_agency):
    PracticeOrganisation.objects.create(record=practice, organisation=refugee_agency, role="partner")
    body = client.get(f"/api/v1/organisations/{refugee_agency.pk}/").json()
    assert body["aliases"] == [
        {"name": "ACNUR", "kind": "acronym", "language": "es"},
        {"name": "Agencia de la ONU para los Refugiados", "kind": "name", "language": "es"},
        {"name": "Agência da ONU para Refugiados", "kind": "name", "language": "pt-BR"},
    ]


def test_the_organisation_api_gives_a_public_parent(client, practice):
    ministry = Organisation.objects.create(name_en="Ministry of Labour")
    office = Organisation.objects.create(name_en="Employment office", parent=ministry)
    for organisation in (ministry, office):
        PracticeOrganisation.objects.create(record=practice, organisation=organisation, role="partner")
    assert client.get(f"/api/v1/organisations/{office.pk}/").json()["parent"] == ministry.pk


def test_the_organisation_api_leaves_out_a_parent_no_published_record_names(client, practice):
    draft_only = Organisation.objects.create(name_en="Entered with a draft")
    office = Organisation.objects.create(name_en="Employment office", parent=draft_only)
    PracticeOrganisation.objects.create(record=practice, organisation=office, role="partner")
    body = client.get(f"/api/v1/organisations/{office.pk}/").json()
    assert body["parent"] is None
    assert "Entered with a draft" not in json.dumps(body)


# Provenance.


@pytest.mark.parametrize("format", ["csv", "json"])
def test_an_assigned_practice_type_and_organisation_country_are_listed_as_assigned(client, practice, format):
    organisation = Organisation.objects.create(
        name_en="Employment office", country_id="MA", country_provenance="assigned"
    )
    PracticeOrganisation.objects.create(record=practice, organisation=organisation, role="lead")
    assigned = read_at(client, format, practice)["assigned_by_editors"]
    if format == "csv":
        assigned = assigned.split("; ")
    assert {"practice_type:policy", f"organisation_country:{organisation.pk}"} <= set(assigned)


def test_a_stated_practice_type_and_organisation_country_are_not_listed_as_assigned(client, make_practice):
    practice = make_practice(practice_type="policy")
    organisation = Organisation.objects.create(name_en="Employment office", country_id="MA")
    PracticeOrganisation.objects.create(record=practice, organisation=organisation, role="lead")
    assert read_at(client, "json", practice)["assigned_by_editors"] == []


def test_the_api_gives_the_provenance_of_an_organisations_country(client, practice):
    organisation = Organisation.objects.create(
        name_en="Employment office", country_id="MA", country_provenance="assigned"
    )
    PracticeOrganisation.objects.create(record=practice, organisation=organisation, role="lead")
    link = read_at(client, "api_detail", practice)["organisations"][0]
    assert (link["country"], link["country_provenance"]) == ("MA", "assigned")


# What never comes out.


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("kind", ["practice", "project"])
def test_the_internal_file_a_record_was_entered_from_appears_at_no_door(client, request, kind, door):
    record = request.getfixturevalue(kind)
    row = read_at(client, door, record)
    assert "source_document" not in row
    assert INTERNAL_FILE not in json.dumps(row, ensure_ascii=False)


@pytest.mark.parametrize("kind", ["practice", "project"])
def test_an_unpublished_record_with_every_fact_appears_nowhere(client, request, kind):
    record = request.getfixturevalue(kind)
    KINDS[kind_of(record)].objects.filter(pk=record.pk).update(status=Status.IN_REVIEW)
    plural = kind_of(record)
    answers = [
        client.get(f"/api/v1/{plural}/", {"page_size": 100}).text,
        download(client, plural, "csv"),
        download(client, plural, "json"),
        client.get(f"/en/{plural}/feed.atom").text,
    ]
    assert client.get(f"/api/v1/{plural}/{record.slug}/").status_code == 404
    assert [answer for answer in answers if record.slug in answer or "P-7" in answer or "Ana Pérez" in answer] == []


# Every section, at every door.


# Sections drawn by their own template, and the fields or columns that carry them.
DRAWN_SECTIONS = {"contacts": ["people"], "people": ["people"], "results": ["results"]}


def section_fields(model):
    """Every field that carries a section of `model`'s page: its text fields, else what draws it."""
    fields = []
    for section in model.sections:
        carried = DRAWN_SECTIONS.get(section.name) or list(section.fields)
        assert carried, f"say in DRAWN_SECTIONS which field of the API and the downloads carries {section.name!r}"
        fields += carried
    return fields


@pytest.mark.parametrize(
    ("model", "serializer", "columns"),
    [(Practice, PracticeSerializer, exports.PRACTICE_FIELDS), (Project, ProjectSerializer, exports.PROJECT_FIELDS)],
)
def test_every_section_of_each_kind_is_a_field_of_the_api_and_a_column_of_the_downloads(model, serializer, columns):
    doors = {"api": serializer.Meta.fields, "downloads": columns}
    missing = {
        door: [field for field in section_fields(model) if field not in fields] for door, fields in doors.items()
    }
    assert missing == {door: [] for door in doors}


def every_section_written(model):
    """Each section text field given a text of its own, in English."""
    return {f"{field}_en": f"Text of {field}." for field in text_fields(model.sections)}


@pytest.mark.parametrize("door", DOORS)
def test_a_project_without_a_summary_gives_every_other_section_at_every_door(client, make_project, door):
    fields = {**every_section_written(Project), "summary_en": ""}
    row = read_at(client, door, make_project(**fields))
    assert {field: row.get(field.removesuffix("_en")) for field in fields} == fields


@pytest.mark.parametrize("door", DOORS)
def test_a_practice_gives_every_section_at_every_door(client, make_practice, door):
    fields = every_section_written(Practice)
    row = read_at(client, door, make_practice(**fields))
    assert {field: row.get(field.removesuffix("_en")) for field in fields} == fields


# The cost of it all.


def many_with_every_part(records, identifier_model, person_model, organisation_model):
    organisation = Organisation.objects.create(name_en="Water board", parent=Organisation.objects.first())
    OrganisationAlias.objects.create(organisation=organisation, name="Junta del agua", language="es")
    for record in records:
        add_parts(record, identifier_model, person_model)
        organisation_model.objects.create(record=record, organisation=organisation, role="lead")


@pytest.mark.parametrize("rows", [3, 30])
def test_api_lists_cost_the_same_queries_whatever_the_number_of_people_and_identifiers(
    client, make_practices, make_projects, django_assert_num_queries, rows
):
    many_with_every_part(make_practices(rows), PracticeIdentifier, PracticePerson, PracticeOrganisation)
    many_with_every_part(make_projects(rows), ProjectIdentifier, ProjectPerson, ProjectOrganisation)
    with django_assert_num_queries(API_PRACTICE_LIST_QUERIES):
        client.get("/api/v1/practices/", {"page_size": 50, "lang": "es"})
    with django_assert_num_queries(API_PROJECT_LIST_QUERIES):
        client.get("/api/v1/projects/", {"page_size": 50, "lang": "es"})


@pytest.mark.parametrize("rows", [3, 30])
def test_the_organisation_list_costs_the_same_queries_whatever_its_aliases_and_parents(
    client, make_practice, django_assert_num_queries, rows
):
    parent = Organisation.objects.create(name_en="Ministry")
    for number in range(rows):
        organisation = Organisation.objects.create(name_en=f"Office {number}", parent=parent)
        OrganisationAlias.objects.create(organisation=organisation, name=f"Oficina {number}", language="es")
        PracticeOrganisation.objects.create(record=make_practice(), organisation=organisation, role="lead")
    with django_assert_num_queries(API_ORGANISATION_LIST_QUERIES):
        client.get("/api/v1/organisations/", {"page_size": 100})
