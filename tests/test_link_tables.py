"""The seven link tables are declared once, on the abstract bases in records.models: each kind's table only
names its record, `record`; the bases give the ordering, names, index and constraints."""

import importlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
import reversion
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from reversion.models import Version

from practices.models import Practice, PracticeCountry, PracticeObjective
from projects.models import Project
from records import search
from records.models import (
    BeneficiaryLink,
    CountryLink,
    GCRObjectiveLink,
    ObjectiveLink,
    OrganisationRole,
    PrincipleLink,
    SDGLink,
)

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("FAULTS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
BASES = [ObjectiveLink, GCRObjectiveLink, PrincipleLink, SDGLink, CountryLink, BeneficiaryLink, OrganisationRole]
RELATIONS = [
    "objective_links",
    "gcr_links",
    "principle_links",
    "sdg_links",
    "country_links",
    "beneficiary_links",
    "organisation_roles",
]
LINKS = [kind._meta.get_field(relation).related_model for kind in (Practice, Project) for relation in RELATIONS]
# Their names before migration 0006 of each app, and after.
OLD_NAMES = {"practicecountry_by_country", "practice_country_once", "practice_one_primary_objective"}
NEW_NAMES = {"practicecountry_by_value", "practices_practicecountry_once", "practices_practiceobjective_one_primary"}


def names(model):
    return model._meta.app_label, model._meta.model_name


@pytest.mark.parametrize("link", LINKS, ids=lambda link: link.__name__)
def test_each_link_table_only_names_its_record(link):
    base = next(base for base in BASES if issubclass(link, base))
    inherited = {field.name for field in base._meta.fields}
    translated = {f"{name}_{code}" for name in inherited for code in ("en", "fr", "es")}
    assert {field.name for field in link._meta.local_fields} - inherited - translated == {"id", "record"}
    assert link._meta.get_field("record").related_model in (Practice, Project)


@pytest.mark.parametrize("link", LINKS, ids=lambda link: link.__name__)
def test_each_link_table_takes_its_order_index_and_constraints_from_its_base(link):
    app, table = names(link)
    base = next(base for base in BASES if issubclass(link, base))
    assert link._meta.ordering == base._meta.ordering
    assert [(index.fields, index.name) for index in link._meta.indexes] == [
        ([*base._meta.indexes[0].fields], f"{table}_by_value")
    ]
    assert {constraint.name for constraint in link._meta.constraints} <= {
        f"{app}_{table}_once",
        f"{app}_{table}_one_primary",
    }


@pytest.mark.parametrize("kind", [Practice, Project], ids=["practice", "project"])
def test_the_facets_reach_the_records_through_record(kind):
    relations = [field for field in kind._meta.many_to_many if field.remote_field.through in LINKS]
    assert len(relations) == len(RELATIONS)
    assert {relation.m2m_field_name() for relation in relations} == {"record"}


@pytest.mark.django_db
def test_a_record_links_an_entry_once(make_practice, make_project):
    for record in (make_practice(countries=["FR"]), make_project(countries=["FR"])):
        with pytest.raises(IntegrityError), transaction.atomic():
            record.country_links.create(country_id="FR")


@pytest.mark.django_db
def test_a_record_has_one_primary_objective(make_practice, make_project):
    for record in (make_practice(objectives=[1]), make_project(objectives=[1])):
        with pytest.raises(IntegrityError), transaction.atomic():
            record.objective_links.create(objective_id=2, is_primary=True)


@pytest.mark.django_db
def test_related_records_are_found_through_the_link_tables(make_practice):
    first = make_practice(countries=["IS"], objectives=[7])
    second = make_practice(countries=["IS"], objectives=[7])
    make_practice(countries=["NO"], objectives=[8])
    record = Practice.objects.for_detail().get(pk=first.pk)
    assert search.sharing(record, Practice) == [second.pk]


@pytest.mark.django_db
def test_a_revision_saved_before_the_rename_still_restores_its_links(make_practice):
    practice = make_practice(countries=["FR"])
    with reversion.create_revision():
        practice.save()
    # As migration 0006 found it: the link's copy names the field `practice`.
    link_version = Version.objects.get_for_model(PracticeCountry).get(object_id=str(practice.country_links.get().pk))
    copy = json.loads(link_version.serialized_data)
    copy[0]["fields"]["practice"] = copy[0]["fields"].pop("record")
    Version.objects.filter(pk=link_version.pk).update(serialized_data=json.dumps(copy))
    migration = importlib.import_module("practices.migrations.0006_parts_name_their_record")
    migration.rename_in_revisions("practice", "record")(apps, SimpleNamespace(connection=connection))
    practice.country_links.all().delete()
    Version.objects.get_for_object(practice).get().revision.revert(delete=True)
    assert [link.country_id for link in practice.country_links.all()] == ["FR"]


@pytest.mark.django_db
def test_the_revisions_migration_leaves_other_copies_alone(make_practice):
    practice = make_practice(objectives=[5])
    with reversion.create_revision():
        practice.save()
    before = list(Version.objects.order_by("pk").values_list("serialized_data", flat=True))
    migration = importlib.import_module("practices.migrations.0006_parts_name_their_record")
    migration.rename_in_revisions("practice", "record")(apps, SimpleNamespace(connection=connection))
    after = list(Version.objects.order_by("pk").values_list("serialized_data", flat=True))
    assert [json.loads(data) for data in after] == [json.loads(data) for data in before]
    assert PracticeObjective.objects.filter(record=practice).exists()


# The migration itself, run by the real command in fresh databases.


def manage(database, *arguments):
    env = {**os.environ, "DATABASE_URL": database, "DJANGO_DEBUG": "True"}
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def migrate_back_and_forth(database, read_names):
    """The names after migrating from scratch, back before 0006, and forward again."""
    manage(database, "migrate", "-v0")
    forward = read_names()
    manage(database, "migrate", "practices", "0005", "-v0")
    manage(database, "migrate", "projects", "0005", "-v0")
    back = read_names()
    manage(database, "migrate", "-v0")
    return forward, back, read_names()


def test_the_rename_migrates_forward_and_back_on_sqlite(tmp_path):
    path = tmp_path / "catalogue.sqlite3"

    def read_names():
        with sqlite3.connect(path) as database:
            rows = database.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name LIKE 'practices_%'")
            found = set()
            for name, sql in rows:
                found.add(name)
                found.update(part.split('"')[1] for part in (sql or "").split("CONSTRAINT ")[1:])
            return found

    forward, back, again = migrate_back_and_forth(f"sqlite:///{path}", read_names)
    assert forward & (OLD_NAMES | NEW_NAMES) == NEW_NAMES
    assert back & (OLD_NAMES | NEW_NAMES) == OLD_NAMES
    assert again == forward


@pytest.mark.postgres_server
def test_the_rename_migrates_in_place_forward_and_back_on_postgresql():
    name = f"catalogue_links_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    database = f"{POSTGRES}/{name}"

    def read_names():
        with psycopg.connect(database) as catalogue:
            indexes = catalogue.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'practices_%'")
            constraints = catalogue.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid::regclass::text LIKE 'practices_%'"
            )
            return {row[0] for row in [*indexes.fetchall(), *constraints.fetchall()]}

    try:
        forward, back, again = migrate_back_and_forth(database, read_names)
        sql = manage(database, "sqlmigrate", "practices", "0006")
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert forward & (OLD_NAMES | NEW_NAMES) == NEW_NAMES
    assert back & (OLD_NAMES | NEW_NAMES) == OLD_NAMES
    assert again == forward
    # Renamed in place: nothing is dropped, rebuilt or checked again.
    assert "RENAME" in sql
    assert not {"DROP", "CREATE", "ADD"} & set(sql.split())
