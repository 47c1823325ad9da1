# PostgreSQL only: keep search_vector up to date with a trigger, and index it.
# The field list is frozen here; a later change of the searched fields needs a new migration.
from django.db import migrations

from taxonomy import search

TABLE = "projects_project"
WEIGHTED_FIELDS = {
    "A": ["title"],
    "B": ['summary'],
    "C": [
                "description",
                "general_objective",
                "specific_objectives",
                "expected_results",
                "activities",
                "intervention_zone",
                "beneficiary_regions",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial"), ("taxonomy", "0002_search_configurations")]

    operations = [
        migrations.RunPython(
            search.run_on_postgres(lambda: search.trigger_sql(TABLE, WEIGHTED_FIELDS)),
            search.run_on_postgres(lambda: search.drop_trigger_sql(TABLE)),
        ),
    ]
