# PostgreSQL only: keep search_vector up to date with a trigger, and index it.
# The SQL is frozen here, as the search module wrote it for these fields (title weighted A, summary B,
# then description, general_objective, specific_objectives, expected_results, activities, intervention_zone, beneficiary_regions C);
# a later change of the searched fields needs a new migration.
from django.db import migrations

SQL = """
        CREATE OR REPLACE FUNCTION projects_project_search_vector() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector := setweight(to_tsvector('catalogue_en', concat_ws(' ', NEW.title_en)), 'A') ||
            setweight(to_tsvector('catalogue_fr', concat_ws(' ', NEW.title_fr)), 'A') ||
            setweight(to_tsvector('catalogue_es', concat_ws(' ', NEW.title_es)), 'A') ||
            setweight(to_tsvector('catalogue_en', concat_ws(' ', NEW.summary_en)), 'B') ||
            setweight(to_tsvector('catalogue_fr', concat_ws(' ', NEW.summary_fr)), 'B') ||
            setweight(to_tsvector('catalogue_es', concat_ws(' ', NEW.summary_es)), 'B') ||
            setweight(to_tsvector('catalogue_en', concat_ws(' ', NEW.description_en, NEW.general_objective_en, NEW.specific_objectives_en, NEW.expected_results_en, NEW.activities_en, NEW.intervention_zone_en, NEW.beneficiary_regions_en)), 'C') ||
            setweight(to_tsvector('catalogue_fr', concat_ws(' ', NEW.description_fr, NEW.general_objective_fr, NEW.specific_objectives_fr, NEW.expected_results_fr, NEW.activities_fr, NEW.intervention_zone_fr, NEW.beneficiary_regions_fr)), 'C') ||
            setweight(to_tsvector('catalogue_es', concat_ws(' ', NEW.description_es, NEW.general_objective_es, NEW.specific_objectives_es, NEW.expected_results_es, NEW.activities_es, NEW.intervention_zone_es, NEW.beneficiary_regions_es)), 'C');
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS projects_project_search_vector ON projects_project;
        CREATE TRIGGER projects_project_search_vector BEFORE INSERT OR UPDATE ON projects_project
            FOR EACH ROW EXECUTE FUNCTION projects_project_search_vector();
        CREATE INDEX IF NOT EXISTS projects_project_search_gin ON projects_project USING gin (search_vector);
        UPDATE projects_project SET id = id;
    """

REVERSE_SQL = """
        DROP INDEX IF EXISTS projects_project_search_gin;
        DROP TRIGGER IF EXISTS projects_project_search_vector ON projects_project;
        DROP FUNCTION IF EXISTS projects_project_search_vector();
    """


def on_postgres(sql):
    """Run `sql` on PostgreSQL; SQLite has no trigger or text search configuration to set up."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial"), ("taxonomy", "0002_search_configurations")]

    operations = [
        migrations.RunPython(
            on_postgres(SQL),
            on_postgres(REVERSE_SQL),
        ),
    ]
