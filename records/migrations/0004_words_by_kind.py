"""PostgreSQL: each kind of record reads the words of its own documents, and a word stemmed alike in two
languages is looked up once.

With one GIN index over every kind's words, a search of projects read the index's lists for practices too
and dropped them row by row: 13 ms for a word in most records at 20,000 projects beside 100,000 practices,
where an index of projects' words alone answers in 3 ms. Each kind's app now indexes its own words (a
partial index, `WHERE kind = ...`: practices/migrations/0010, projects/migrations/0011), and this one drops the
shared index. A kind with no index of its own still gets its answers, from a scan of the table.

catalogue_words() now takes each language's query apart: English and French stem "reintegration" alike,
and an OR of the two read the same list of the index twice (17 ms instead of 20 for most records).
"""

from django.db import migrations

FORWARD = """
DROP FUNCTION IF EXISTS catalogue_words(text, tsquery, integer);
DROP INDEX IF EXISTS search_document_words;

-- The record ids of `kind` whose words match any of `queries` (one a language; the same query twice counts
-- once): ranked by how well they hold them, the best first, when they are `ranked` or fewer; in no order
-- past that, where reading each match's vector again to rank it would cost more than the order is worth.
CREATE FUNCTION catalogue_words(kind text, queries tsquery[], ranked integer) RETURNS integer[]
LANGUAGE plpgsql STABLE SET enable_seqscan = off
AS $function$
DECLARE
    found integer[];
    query tsquery;
    distinct_queries tsquery[] := '{}';
    matches text;
BEGIN
    FOREACH query IN ARRAY queries LOOP
        IF numnode(query) > 0 AND NOT query = ANY(distinct_queries) THEN
            distinct_queries := distinct_queries || query;
        END IF;
    END LOOP;
    IF cardinality(distinct_queries) = 0 THEN
        RETURN '{}';
    END IF;
    query := distinct_queries[1];
    FOR position IN 2 .. cardinality(distinct_queries) LOOP
        query := query || distinct_queries[position];
    END LOOP;
    -- The kind is written into the query, so that the planner picks that kind's partial index.
    matches := format('FROM records_searchdocument_words WHERE kind = %L AND vector @@ %L::tsquery', kind, query);
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
DROP FUNCTION IF EXISTS catalogue_words(text, tsquery[], integer);
CREATE INDEX IF NOT EXISTS search_document_words ON records_searchdocument_words USING gin (vector);
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


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no placeholders: format() has its own %L

    return run


class Migration(migrations.Migration):
    dependencies = [("records", "0003_words_table")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
