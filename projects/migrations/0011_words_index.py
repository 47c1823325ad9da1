"""PostgreSQL: an index of the words of projects' own search documents, which search reads
(records/migrations/0004 says why an index a kind)."""

from django.db import migrations

INDEX = "projects_search_words"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON records_searchdocument_words USING gin (vector)"
            " WHERE kind = 'projects.project'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0010_map_points_index"), ("records", "0004_words_by_kind")]

    operations = [migrations.RunPython(create, drop)]
