# PostgreSQL only: keep search_vector up to date with a trigger, and index it.
# The field list is frozen here; a later change of the searched fields needs a new migration.
from django.db import migrations

from taxonomy import search

TABLE = "practices_practice"
WEIGHTED_FIELDS = {
    "A": ["title"],
    "B": ['summary'],
    "C": [
                "key_objective",
                "activities",
                "beneficiaries_description",
                "key_theme",
                "gcr_contribution",
                "benefits_and_impact",
                "key_results",
                "success_factors",
                "lessons_learned",
                "challenges",
                "challenges_overcome",
                "recommendations",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial"), ("taxonomy", "0002_search_configurations")]

    operations = [
        migrations.RunPython(
            search.run_on_postgres(lambda: search.trigger_sql(TABLE, WEIGHTED_FIELDS)),
            search.run_on_postgres(lambda: search.drop_trigger_sql(TABLE)),
        ),
    ]
