# PostgreSQL only: the extensions and the text search configurations that
# practices and projects index their text with. Nothing happens on SQLite.
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from taxonomy import search


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(
            search.run_on_postgres(search.configurations_sql),
            search.run_on_postgres(search.drop_configurations_sql),
        ),
    ]
