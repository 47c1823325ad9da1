# PostgreSQL only: keep search_vector up to date with a trigger, and index it.
# The SQL is frozen here, as the search module wrote it for these fields (title weighted A, summary B,
# then key_objective, activities, beneficiaries_description, key_theme, gcr_contribution, benefits_and_impact, key_results, success_factors, lessons_learned, challenges, challenges_overcome, recommendations C);
# a later change of the searched fields needs a new migration.
from django.db import migrations

SQL = """
        CREATE OR REPLACE FUNCTION practices_practice_search_vector() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector := setweight(to_tsvector('catalogue_en', concat_ws(' ', NEW.title_en)), 'A') ||
            setweight(to_tsvector('catalogue_fr', concat_ws(' ', NEW.title_fr)), 'A') ||
            setweight(to_tsvector('catalogue_es', concat_ws(' ', NEW.title_es)), 'A') ||
            setweight(to_tsvector('catalogue_en', concat_ws(' ', NEW.summary_en)), 'B') ||
            setweight(to_tsvector('catalogue_fr', concat_ws(' ', NEW.summary_fr)), 'B') ||
            setweight(to_tsvector('catalogue_es', concat_ws(' ', NEW.summary_es)), 'B') ||
            setweight(to_tsvector('catalogue_en', concat_ws(' ', NEW.key_objective_en, NEW.activities_en, NEW.beneficiaries_description_en, NEW.key_theme_en, NEW.gcr_contribution_en, NEW.benefits_and_impact_en, NEW.key_results_en, NEW.success_factors_en, NEW.lessons_learned_en, NEW.challenges_en, NEW.challenges_overcome_en, NEW.recommendations_en)), 'C') ||
            setweight(to_tsvector('catalogue_fr', concat_ws(' ', NEW.key_objective_fr, NEW.activities_fr, NEW.beneficiaries_description_fr, NEW.key_theme_fr, NEW.gcr_contribution_fr, NEW.benefits_and_impact_fr, NEW.key_results_fr, NEW.success_factors_fr, NEW.lessons_learned_fr, NEW.challenges_fr, NEW.challenges_overcome_fr, NEW.recommendations_fr)), 'C') ||
            setweight(to_tsvector('catalogue_es', concat_ws(' ', NEW.key_objective_es, NEW.activities_es, NEW.beneficiaries_description_es, NEW.key_theme_es, NEW.gcr_contribution_es, NEW.benefits_and_impact_es, NEW.key_results_es, NEW.success_factors_es, NEW.lessons_learned_es, NEW.challenges_es, NEW.challenges_overcome_es, NEW.recommendations_es)), 'C');
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS practices_practice_search_vector ON practices_practice;
        CREATE TRIGGER practices_practice_search_vector BEFORE INSERT OR UPDATE ON practices_practice
            FOR EACH ROW EXECUTE FUNCTION practices_practice_search_vector();
        CREATE INDEX IF NOT EXISTS practices_practice_search_gin ON practices_practice USING gin (search_vector);
        UPDATE practices_practice SET id = id;
    """

REVERSE_SQL = """
        DROP INDEX IF EXISTS practices_practice_search_gin;
        DROP TRIGGER IF EXISTS practices_practice_search_vector ON practices_practice;
        DROP FUNCTION IF EXISTS practices_practice_search_vector();
    """


def on_postgres(sql):
    """Run `sql` on PostgreSQL; SQLite has no trigger or text search configuration to set up."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial"), ("taxonomy", "0002_search_configurations")]

    operations = [
        migrations.RunPython(
            on_postgres(SQL),
            on_postgres(REVERSE_SQL),
        ),
    ]
