# The link tables, the reviewers' comments and the workflow's log call their foreign key to the project
# `record`, as the abstract bases in records.models name it for every record kind; the link tables' indexes
# and constraints take the names those bases build from `%(app_label)s` and `%(class)s`.
#
# The state changes as makemigrations writes it: constraints and indexes removed, fields renamed, indexes
# and constraints added. On PostgreSQL the database renames them all in place instead, so that no index is
# rebuilt and no constraint checked again; elsewhere (SQLite, for development) Django's operations run.
# Revisions saved before this migration name the field too: they are renamed, so that they still restore.
import json
from collections import namedtuple

from django.db import migrations, models

APP = "projects"
OLD, NEW = "project", "record"
# Each link table: the fields its index leads with, its index's old name, its constraint's old name and
# the fields that constraint makes unique with the record.
Link = namedtuple("Link", "model fields index constraint unique")
LINKS = [
    Link(
        "projectobjective",
        ["objective", "is_primary"],
        "projectobjective_by_objective",
        "project_objective_once",
        ["objective"],
    ),
    Link("projectgcrobjective", ["objective"], "projectgcrobjective_by_objecti", "project_gcr_once", ["objective"]),
    Link("projectcountry", ["country"], "projectcountry_by_country", "project_country_once", ["country"]),
    Link(
        "projectbeneficiary",
        ["beneficiary"],
        "projectbeneficiary_by_benefici",
        "project_beneficiary_once",
        ["beneficiary"],
    ),
    Link(
        "projectorganisation",
        ["organisation"],
        "projectorganisation_by_organis",
        "project_organisation_role_once",
        ["organisation", "role"],
    ),
    Link("projectprinciple", ["principle"], "projectprinciple_by_principle", "project_principle_once", ["principle"]),
    Link("projectsdg", ["sdg"], "projectsdg_by_sdg", "project_sdg_once", ["sdg"]),
]
PRIMARY = ("projectobjective", "project_one_primary_objective")
PARTS = [link.model for link in LINKS] + ["projectreviewcomment", "projectstatuschange"]


def index_name(model):
    return f"{model}_by_value"


def constraint_name(model, suffix="once"):
    return f"{APP}_{model}_{suffix}"


STATE = [
    *(migrations.RemoveConstraint(link.model, link.constraint) for link in LINKS),
    migrations.RemoveConstraint(*PRIMARY),
    *(migrations.RemoveIndex(link.model, link.index) for link in LINKS),
    *(migrations.RenameField(model, OLD, NEW) for model in PARTS),
    *(
        migrations.AddIndex(link.model, models.Index(fields=[*link.fields, NEW], name=index_name(link.model)))
        for link in LINKS
    ),
    *(
        migrations.AddConstraint(
            link.model, models.UniqueConstraint(fields=[NEW, *link.unique], name=constraint_name(link.model))
        )
        for link in LINKS
    ),
    migrations.AddConstraint(
        PRIMARY[0],
        models.UniqueConstraint(
            fields=[NEW], condition=models.Q(is_primary=True), name=constraint_name(PRIMARY[0], "one_primary")
        ),
    ),
]


def renames(forwards):
    """PostgreSQL's renames, one statement each: columns, then indexes and constraints."""

    def names(old, new):
        return (old, new) if forwards else (new, old)

    statements = [
        'ALTER TABLE "{}_{}" RENAME COLUMN "{}_id" TO "{}_id"'.format(APP, model, *names(OLD, NEW)) for model in PARTS
    ]
    for link in LINKS:
        statements.append('ALTER INDEX "{}" RENAME TO "{}"'.format(*names(link.index, index_name(link.model))))
        statements.append(
            'ALTER TABLE "{}_{}" RENAME CONSTRAINT "{}" TO "{}"'.format(
                APP, link.model, *names(link.constraint, constraint_name(link.model))
            )
        )
    # A unique constraint with a condition is a unique index.
    statements.append(
        'ALTER INDEX "{}" RENAME TO "{}"'.format(*names(PRIMARY[1], constraint_name(PRIMARY[0], "one_primary")))
    )
    return statements


class InPlaceOnPostgres(migrations.SeparateDatabaseAndState):
    """`operations` for the state, and for the database too except on PostgreSQL, which runs `sql` instead."""

    def __init__(self, operations, sql, reverse_sql):
        super().__init__(database_operations=operations, state_operations=operations)
        self.sql, self.reverse_sql = sql, reverse_sql

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        for statement in self.sql:
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        for statement in self.reverse_sql:
            schema_editor.execute(statement)

    deconstruct = migrations.operations.base.Operation.deconstruct

    def describe(self):
        return "Name the record `record` in the link tables, comments and log; rename their indexes and constraints"


def rename_in_revisions(old, new):
    """The field's name in the copies that django-reversion keeps of each part (JSON, one object a copy)."""

    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Version = apps.get_model("reversion", "Version")
        types = ContentType.objects.using(schema_editor.connection.alias).filter(app_label=APP, model__in=PARTS)
        versions = Version.objects.using(schema_editor.connection.alias).filter(content_type__in=types, format="json")
        for version in versions.iterator():
            objects = json.loads(version.serialized_data)
            for copy in objects:
                if old in copy["fields"]:
                    copy["fields"][new] = copy["fields"].pop(old)
            version.serialized_data = json.dumps(objects, ensure_ascii=False)
            version.save(update_fields=["serialized_data"])

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        InPlaceOnPostgres(STATE, renames(forwards=True), renames(forwards=False)),
        migrations.RunPython(rename_in_revisions(OLD, NEW), rename_in_revisions(NEW, OLD)),
    ]
