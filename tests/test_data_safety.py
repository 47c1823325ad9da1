"""Nothing is lost: migrations apply over data and reverse; content round-trips; backups restore.

These run the real commands (migrate, dumpdata, loaddata, pg_dump, pg_restore) in fresh databases
on this machine's PostgreSQL server, whichever database the rest of the suite uses.
"""

import importlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db.migrations import AddField

pytestmark = pytest.mark.postgres_server

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("FAULTS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
FIXTURES = sorted(path.stem for path in (ROOT / "fixtures").glob("*.json"))
CONTENT = ["taxonomy", "practices", "projects"]


def manage(database, *arguments):
    env = {**os.environ, "DATABASE_URL": database, "DJANGO_DEBUG": "True"}
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def content(database):
    """Every row of the catalogue's apps, as comparable data."""
    rows = json.loads(manage(database, "dumpdata", *CONTENT, "--indent", "0"))
    return sorted((row["model"], str(row["pk"]), json.dumps(row["fields"], sort_keys=True)) for row in rows)


class Databases:
    """New, empty PostgreSQL databases, all dropped at the end."""

    def __init__(self):
        self.names = []

    def create(self):
        name = f"catalogue_safety_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return f"{POSTGRES}/{name}"

    def create_loaded(self):
        database = self.create()
        manage(database, "migrate", "-v0")
        manage(database, "loaddata", "-v0", *FIXTURES)
        return database

    def drop_all(self):
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            for name in self.names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def databases():
    databases = Databases()
    yield databases
    databases.drop_all()


@pytest.fixture(scope="module")
def loaded_database(databases):
    """The catalogue with its fixtures; tests only read it."""
    return databases.create_loaded()


def added_columns(*migrations):
    """{(model, field)} of the columns these migrations add: reversing an AddField drops its column."""
    added = set()
    for app, name in migrations:
        for operation in importlib.import_module(f"{app}.migrations.{name}").Migration.operations:
            if isinstance(operation, AddField):
                added.add((f"{app}.{operation.model_name}", operation.name))
    return added


def without(rows, columns):
    kept = []
    for model, pk, fields in rows:
        values = {name: value for name, value in json.loads(fields).items() if (model, name) not in columns}
        kept.append((model, pk, json.dumps(values, sort_keys=True)))
    return kept


def test_migrations_reverse_and_reapply_over_data_without_losing_it(databases):
    database = databases.create_loaded()
    before = content(database)
    # Back before the workflow columns and the indexes, then forward again, with the seed data in place.
    manage(database, "migrate", "practices", "0002", "-v0")
    manage(database, "migrate", "projects", "0002", "-v0")
    manage(database, "migrate", "-v0")
    # The facts of real documents (0007) are columns of their own, dropped with them on the way back;
    # everything else comes back, the people that 0007 wrote into the contacts text on the way back included.
    new = added_columns(("practices", "0007_real_documents"), ("projects", "0007_real_documents"))
    assert ("practices.practice", "locality_fr") in new
    assert without(content(database), new) == without(before, new)
    # And every migration reverses, down to an empty database.
    for app in ["projects", "practices", "taxonomy"]:
        manage(database, "migrate", app, "zero", "-v0")
    assert "[X]" not in manage(database, "showmigrations", "practices", "projects", "taxonomy")


def test_all_content_round_trips_through_dumpdata_and_loaddata(loaded_database, databases, tmp_path):
    dump = tmp_path / "catalogue.json"
    dump.write_text(manage(loaded_database, "dumpdata", *CONTENT))
    copy = databases.create()
    manage(copy, "migrate", "-v0")
    manage(copy, "loaddata", "-v0", str(dump))
    assert content(copy) == content(loaded_database)


def test_a_pg_dump_backup_restores_into_an_identical_database(loaded_database, databases, tmp_path):
    backup = tmp_path / "catalogue.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={backup}", loaded_database], check=True)
    restored = databases.create()
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={restored}", str(backup)], check=True)
    assert content(restored) == content(loaded_database)
