# PostgreSQL only: the extensions and the text search configurations that
# practices and projects index their text with. Nothing happens on SQLite.
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


SQL = """
        DROP TEXT SEARCH CONFIGURATION IF EXISTS catalogue_en;
        CREATE TEXT SEARCH CONFIGURATION catalogue_en (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION catalogue_en
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
        

        DROP TEXT SEARCH CONFIGURATION IF EXISTS catalogue_fr;
        CREATE TEXT SEARCH CONFIGURATION catalogue_fr (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION catalogue_fr
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        

        DROP TEXT SEARCH CONFIGURATION IF EXISTS catalogue_es;
        CREATE TEXT SEARCH CONFIGURATION catalogue_es (COPY = spanish);
        ALTER TEXT SEARCH CONFIGURATION catalogue_es
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
        """

REVERSE_SQL = """DROP TEXT SEARCH CONFIGURATION IF EXISTS catalogue_en;
DROP TEXT SEARCH CONFIGURATION IF EXISTS catalogue_fr;
DROP TEXT SEARCH CONFIGURATION IF EXISTS catalogue_es;"""


def on_postgres(sql):
    """Run `sql` on PostgreSQL; SQLite has no trigger or text search configuration to set up."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(
            on_postgres(SQL),
            on_postgres(REVERSE_SQL),
        ),
    ]
