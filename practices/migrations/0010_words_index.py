"""PostgreSQL: an index of the words of practices' own search documents, which search reads
(records/migrations/0004 says why an index a kind)."""

from django.db import migrations

INDEX = "practices_search_words"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON records_searchdocument_words USING gin (vector)"
            " WHERE kind = 'practices.practice'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0009_published_index"), ("records", "0004_words_by_kind")]

    operations = [migrations.RunPython(create, drop)]
