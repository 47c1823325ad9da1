"""What real practice and project pages carry beyond the seed documents: open-ended periods, names in
other languages, budgets, and contacts that were free text before they were people."""

import datetime
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from practices.models import Practice, PracticeOrganisation
from records.money import money
from taxonomy.models import Organisation, OrganisationAlias

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
THIS_YEAR = datetime.date.today().year


def slugs(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return {record.slug for record in response.context["page_obj"]}


# Open-ended periods.


def test_an_ongoing_practice_is_found_from_any_year_up_to_today(client, make_practice):
    ongoing = make_practice(start_year=2016, ongoing=True)
    finished = make_practice(start_year=2016, end_year=2018)
    assert ongoing.slug in slugs(client, "/en/practices/", year_from=2020)
    assert ongoing.slug in slugs(client, "/en/practices/", year_from=THIS_YEAR)
    assert finished.slug not in slugs(client, "/en/practices/", year_from=2020)


def test_an_ongoing_practice_is_not_found_from_a_year_still_to_come(client, make_practice):
    ongoing = make_practice(start_year=2016, ongoing=True)
    assert ongoing.slug not in slugs(client, "/en/practices/", year_from=THIS_YEAR + 1)


def test_a_record_with_a_start_alone_still_ends_in_its_start_year(client, make_practice):
    started = make_practice(start_year=2016)
    assert started.slug not in slugs(client, "/en/practices/", year_from=2020)
    assert started.slug in slugs(client, "/en/practices/", year_from=2016)


def test_an_ongoing_project_counts_as_ongoing_whatever_its_start(client, make_project):
    ongoing = make_project(start_year=2012, ongoing=True)
    assert ongoing.slug in slugs(client, "/en/projects/", status="ongoing")
    assert ongoing.slug not in slugs(client, "/en/projects/", status="completed")


def test_an_ongoing_period_reads_from_its_start_to_the_present_in_each_language(make_practice):
    practice = make_practice(start_year=2016, ongoing=True)
    with translation.override("en"):
        assert practice.period == "2016 – present"
    assert practice.runs_until == THIS_YEAR


def test_a_period_keeps_its_months_and_a_start_alone(make_practice):
    with translation.override("en"):
        assert make_practice(start_year=2018, start_month=3, end_year=2020).period == "March 2018 – 2020"
        assert make_practice(start_year=2019).period == "2019"


def test_an_ongoing_record_with_an_end_is_refused_with_words(make_practice):
    practice = make_practice(start_year=2016, ongoing=True)
    practice.end_year = 2020
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "An ongoing record has no end" in str(error.value.message_dict["ongoing"])


def test_every_date_problem_is_reported_at_once(make_practice):
    practice = make_practice()
    practice.title_en = ""
    practice.start_year, practice.end_year = 2020, 2019
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert {"title_en", "end_year"} <= set(error.value.message_dict)
    assert "is violated" not in str(error.value)


# Names in several languages.


def aliased_unhcr():
    unhcr = Organisation.objects.create(name_en="UN Refugee Agency", acronym_en="UNHCR")
    OrganisationAlias.objects.create(organisation=unhcr, name="ACNUR", kind="acronym", language="es")
    OrganisationAlias.objects.create(organisation=unhcr, name="Alto Comissariado", kind="name", language="pt-BR")
    OrganisationAlias.objects.create(organisation=unhcr, name="Alto Comisionado", kind="name", language="es")
    return Organisation.objects.prefetch_related("aliases").get(pk=unhcr.pk)


def test_a_spanish_reader_gets_the_spanish_alias_and_acronym():
    unhcr = aliased_unhcr()
    with translation.override("es"):
        assert (unhcr.display_name.text, unhcr.display_name.language) == ("Alto Comisionado (ACNUR)", "es")
    with translation.override("en"):
        assert unhcr.display_name.text == "UN Refugee Agency (UNHCR)"


def test_an_alias_in_a_regional_variant_answers_for_its_language():
    assert aliased_unhcr().alias("name", "pt") == "Alto Comissariado"


def test_a_name_of_its_own_in_the_language_comes_before_an_alias():
    unhcr = aliased_unhcr()
    unhcr.name_es = "Agencia de la ONU para los Refugiados"
    with translation.override("es"):
        assert unhcr.display_name.text == "Agencia de la ONU para los Refugiados (ACNUR)"


def test_aliases_are_read_only_when_prefetched_so_that_lists_cost_no_query_a_name(django_assert_num_queries):
    unhcr = Organisation.objects.get(pk=aliased_unhcr().pk)
    with django_assert_num_queries(0), translation.override("es"):
        assert unhcr.display_name.text == "UN Refugee Agency (UNHCR)"


def test_an_alias_language_must_be_a_language_code():
    alias = OrganisationAlias(organisation=aliased_unhcr(), name="x", kind="name", language="Spanish")
    with pytest.raises(ValidationError) as error:
        alias.full_clean()
    assert "language" in error.value.message_dict


def test_an_organisation_cannot_sit_under_one_of_its_own_units():
    ministry = Organisation.objects.create(name_en="Ministry")
    department = Organisation.objects.create(name_en="Department", parent=ministry)
    ministry.parent = department
    with pytest.raises(ValidationError) as error:
        ministry.full_clean()
    assert "parent" in error.value.message_dict


def test_an_organisation_mentioned_with_no_role_is_public_once_a_published_record_names_it(make_practice):
    mentioned = Organisation.objects.create(name_en="City of Tunis")
    PracticeOrganisation.objects.create(record=make_practice(), organisation=mentioned, role="mentioned")
    assert Organisation.objects.public().filter(pk=mentioned.pk).exists()


# Budgets.


def test_a_budget_is_written_in_the_readers_language():
    with translation.override("en"):
        assert money(Decimal("280000.00"), "USD") == "$280,000.00"
    with translation.override("fr"):
        assert money(Decimal("280000.00"), "USD").replace("\u202f", " ").replace("\xa0", " ") == "280 000,00 $US"
    assert money(None, "USD") == ""


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"budget_amount": Decimal("10"), "budget_currency": ""}, "budget_currency"),
        ({"budget_amount": Decimal("10"), "budget_currency": "XYZ"}, "budget_currency"),
        (
            {"budget_amount": Decimal("10"), "budget_currency": "USD", "implementer_share": Decimal("11")},
            "implementer_share",
        ),
        ({"implementer_share": Decimal("1")}, "implementer_share"),
    ],
    ids=["no-currency", "not-iso-4217", "share-above-budget", "share-without-budget"],
)
def test_a_budget_that_does_not_add_up_is_refused_with_words(make_project, fields, field):
    project = make_project()
    for name, value in fields.items():
        setattr(project, name, value)
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert field in error.value.message_dict
    assert "is violated" not in str(error.value)


# Contacts written as text, before people were a part of the record.


def manage(database, *arguments):
    env = {**os.environ, "DATABASE_URL": database, "DJANGO_DEBUG": "True"}
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True, capture_output=True)


def test_the_migration_makes_people_of_the_contacts_text_and_gives_it_back(tmp_path):
    path = tmp_path / "catalogue.sqlite3"
    database = f"sqlite:///{path}"
    manage(database, "migrate", "-v0")
    manage(database, "migrate", "practices", "0006", "-v0")
    contacts = "Ana Ruiz, OIM Lima, Unidad de Migración, aruiz@iom.int\nLuis Paz, Municipalidad de Lima"
    columns = {"contacts": "", "contacts_en": "", "contacts_fr": "", "contacts_es": contacts}
    with sqlite3.connect(path) as catalogue:
        names = [row[1] for row in catalogue.execute("PRAGMA table_info(practices_practice)")]
        values = {name: "" for name in names if name != "id"}
        values.update(
            columns,
            slug="lima",
            language="es",
            status="published",
            created_at="2026-01-01",
            updated_at="2026-01-01",
            search_vector=None,
            start_year=None,
            start_month=None,
            end_year=None,
            end_month=None,
            submission_date=None,
            created_by_id=None,
            submitted_at=None,
            published_at=None,
        )
        catalogue.execute(
            f"INSERT INTO practices_practice ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )
    manage(database, "migrate", "-v0")
    with sqlite3.connect(path) as catalogue:
        people = catalogue.execute(
            "SELECT name, organisation, email, role FROM practices_practiceperson ORDER BY position"
        ).fetchall()
    assert people == [
        ("Ana Ruiz", "OIM Lima, Unidad de Migración", "aruiz@iom.int", "contact"),
        ("Luis Paz", "Municipalidad de Lima", "", "contact"),
    ]
    manage(database, "migrate", "practices", "0006", "-v0")
    with sqlite3.connect(path) as catalogue:
        (back,) = catalogue.execute("SELECT contacts_es FROM practices_practice WHERE slug = 'lima'").fetchone()
    assert back == contacts


def test_practices_no_longer_have_a_contacts_text():
    assert "contacts" not in {field.name for field in Practice._meta.get_fields()}


def test_a_spanish_reader_gets_the_spanish_acronym_beside_a_name_given_in_english_only():
    unhcr = Organisation.objects.create(name_en="UN Refugee Agency", acronym_en="UNHCR")
    OrganisationAlias.objects.create(organisation=unhcr, name="ACNUR", kind="acronym", language="es")
    unhcr = Organisation.objects.prefetch_related("aliases").get(pk=unhcr.pk)
    with translation.override("es"):
        assert unhcr.display_name.text == "UN Refugee Agency (ACNUR)"
    with translation.override("fr"):
        assert unhcr.display_name.text == "UN Refugee Agency (UNHCR)"
