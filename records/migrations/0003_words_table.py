"""PostgreSQL: the documents' words move to a narrow table of their own, read by one function.

A word that most records hold (a search for "migrants") matches most documents. Read from the documents'
table, 400 MB at 120,000 records, the matches cost a second: the planner preferred reading every row and
detoasting every tsvector to the GIN index's list. In a table of four columns whose rows keep their
tsvector out of line (toast_tuple_target), the index's list covers a few hundred pages: about 25 ms. The
function makes sure the index is read (enable_seqscan off, for its own queries only, planned for the
values given, which format() writes in), ranks the matches only when they are few, and answers one array. SQLite keeps its FTS5 table.

The documents are also indexed by their text's hash, by which a text's vector is computed once and read
(without it, each read was a scan of the documents).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FORWARD = """
CREATE TABLE records_searchdocument_words (
    document_id bigint PRIMARY KEY REFERENCES records_searchdocument (id) ON DELETE CASCADE,
    kind varchar(50) NOT NULL,
    record_id integer NOT NULL,
    vector tsvector NOT NULL
) WITH (toast_tuple_target = 128);
INSERT INTO records_searchdocument_words (document_id, kind, record_id, vector)
    SELECT id, kind, record_id, vector FROM records_searchdocument WHERE vector IS NOT NULL;
DROP INDEX IF EXISTS search_document_words;
CREATE INDEX search_document_words ON records_searchdocument_words USING gin (vector);

-- The record ids of `kind` whose words match `query`: ranked by how well they hold them, the best first,
-- when they are `ranked` or fewer; in no order past that, where reading each match's vector again to rank
-- it would cost more than the order is worth. One array, which the driver reads at once.
CREATE FUNCTION catalogue_words(kind text, query tsquery, ranked integer) RETURNS integer[]
LANGUAGE plpgsql STABLE SET enable_seqscan = off
AS $function$
DECLARE
    found integer[];
    matches text := format(
        'FROM records_searchdocument_words WHERE kind = %L AND vector @@ %L::tsquery', kind, query
    );
BEGIN
    EXECUTE 'SELECT array_agg(record_id) ' || matches INTO found;
    IF cardinality(found) <= ranked THEN
        EXECUTE format('SELECT array_agg(record_id ORDER BY ts_rank(vector, %L::tsquery) DESC, record_id DESC) ', query)
            || matches INTO found;
    END IF;
    RETURN coalesce(found, '{}');
END
$function$;
"""
BACKWARD = """
DROP FUNCTION IF EXISTS catalogue_words(text, tsquery, integer);
DROP TABLE IF EXISTS records_searchdocument_words;
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no placeholders: format() has its own %L

    return run


class Migration(migrations.Migration):
    dependencies = [("records", "0002_facet_counts")]

    operations = [
        # The table exists on PostgreSQL only; Django knows it everywhere, so that flushing truncates it.
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))],
            state_operations=[
                migrations.CreateModel(
                    name="SearchWords",
                    fields=[
                        (
                            "document",
                            models.OneToOneField(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="records.searchdocument",
                            ),
                        ),
                        ("kind", models.CharField(max_length=50)),
                        ("record_id", models.IntegerField()),
                        ("vector", django.contrib.postgres.search.SearchVectorField()),
                    ],
                    options={"db_table": "records_searchdocument_words"},
                ),
            ],
        ),
        migrations.RemoveField(model_name="searchdocument", name="vector"),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["embedded_text_hash"], name="search_document_texts"),
        ),
    ]
