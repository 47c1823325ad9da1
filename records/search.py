"""Search: the published records that match what a visitor typed, best first, in any of the three languages.

One engine answers the lists, their facet counts, the search page, the API and the downloads: each asks
matching_ids() for a kind's ranked record ids, then reads rows, counts and pages by those ids. It reads
the search documents (records/documents.py), and fuses two rankings (decisions/007):

- words: every word must occur in the record's titles, names or text. On PostgreSQL, full-text search
  over the documents' vectors, each language's stemming with unaccent; on SQLite, FTS5 with accent
  folding and Porter stemming;
- meaning: the records whose sentence vector is nearest the query's (records/embeddings.py), so that
  "return migrants" finds a French text about "migrants de retour".

Reciprocal rank fusion puts a record that both rank high first. The engine is the boundary a distributed
engine (OpenSearch) would take over: it would read the same documents, by their indexed_at, and answer
the same matching_ids().
"""

import hashlib
import json
import re
import unicodedata
from functools import lru_cache

import numpy
from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Func, IntegerField, Lookup
from django.db.models.functions import Greatest
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache import cache
from records import embeddings, memory
from taxonomy.text import LocalizedText

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Markers that cannot occur in text, replaced by <mark> once the snippet is escaped.
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 30
CLOSE_MATCH_THRESHOLD = 0.4
# Past this many records holding the words, they are not ranked by how well they hold them (by_words).
RANKED_MATCHES = 2000
# Fusion: a record's score is the sum of 1 / (RANK_OFFSET + its rank) in each ranking.
RANK_OFFSET = 60
# Records found by meaning alone: at most this many, each at least this close to the query (cosine of
# multilingual-e5-small, where unrelated texts score about 0.75-0.80 and a translation about 0.88).
MEANING_LIMIT = 20
MEANING_THRESHOLD = 0.83
# When no record holds every word (a query in another language than the records'), meaning is all there
# is to go by, and a looser bar finds the translation (0.80: "entrepreneurship" for "création d'entreprises").
MEANING_THRESHOLD_ALONE = 0.80
# Related records: the records whose text is nearest a record's, at most this many, each at least this
# close (a record's averaged passages against another's closest: texts on migration score 0.90-0.97
# between themselves, so the nearest few count, not a bar).
RELATED_BY_MEANING = 5
RELATED_THRESHOLD = 0.90


def postgres():
    return connection.vendor == "postgresql"


def config(language):
    """The text search configuration of `language`: its stemming with unaccent, set up by
    taxonomy/migrations/0002_search_configurations.py."""
    return f"catalogue_{language}"


# Folding: what counts as a word, for the snippets and the FTS5 query.


@lru_cache(maxsize=65536)
def fold(text):
    """Lower-case ASCII letters and digits, one space between words: "Réintégration" -> "reintegration".

    Kept for the names it is asked most (records/suggestions.py folds every organisation's, a search)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.findall(r"[^\W_]+", ascii_text))


def stem(word):
    """A crude plural stripper for the snippets: "migrantes" and "migrants" both give "migrant"."""
    for ending in ("es", "s"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def words(text):
    return [stem(word) for word in fold(text).split()]


# Words too common to require (PostgreSQL's configurations drop their own): "migrants in Senegal" needs
# "migrants" and "Senegal", not "in", which a French record lacks, or "IN", which is India's code.
COMMON_WORDS = """
    a an and as at by for from in into is it of on or the to with
    au aux avec ce d dans de des du en et l la le les ou par pour sur un une
    al con del e el las lo los para por se su una y
"""
STOP_WORDS = frozenset(COMMON_WORDS.split())


def fts_terms(text):
    """An FTS5 query that needs every word of `text` but the common ones (and "or", which joins them
    in by_words' fallback): each folded and quoted, so that nothing a visitor types reads as syntax."""
    return " ".join(f'"{word}"' for word in fold(text).split() if word not in STOP_WORDS | {"or"})


# The engine.


def matching_ids(queryset, text, stamp=None):
    """The primary keys of the records in `queryset` that match `text`, best first.

    `queryset` must be the published records of one kind: the cache key names only the kind. The list
    is kept for every page, language and API answer that searches the same words; stamp: as for
    cache.cached().
    """

    def search():
        words = by_words(queryset.model, text)
        meaning = by_meaning(queryset.model, text, MEANING_THRESHOLD if len(words) else MEANING_THRESHOLD_ALONE)
        if not len(words):
            words = by_any_word(queryset.model, text)
        # Documents exist for published records only, and go in the transaction that withdraws one; the
        # vectors in memory may lag a withdrawal (records/memory.py): those few are checked.
        kept = set(queryset.filter(AnyOf(F("pk"), meaning)).order_by().values_list("pk", flat=True))
        return fuse(words, [pk for pk in meaning if pk in kept])

    digest = hashlib.sha256(text.encode()).hexdigest()
    return cache.cached(f"search:{queryset.model._meta.label_lower}:{digest}", search, stamp)


def by_any_word(model, text):
    """Record ids whose document holds any word of `text`, for a query none holds all of (half in
    another language: "vocational training for refugees")."""
    terms = [word for word in fold(text).split() if word not in STOP_WORDS]
    return by_words(model, " or ".join(terms), any_word=True) if len(terms) > 1 else []


def by_words(model, text, any_word=False):
    """Record ids whose document holds every word of `text` (with any_word, any), best first: an array."""
    if postgres():
        with connection.cursor() as cursor:
            cursor.execute(*words_sql(model, text))
            found = int_array(cursor.fetchone()[0])
        if len(found) > RANKED_MATCHES:  # not ranked: the newest first
            found = numpy.sort(found)[::-1]
        return found
    terms = fts_terms(text).replace('" "', '" OR "') if any_word else fts_terms(text)
    if not terms:
        return numpy.empty(0, dtype=numpy.int64)
    with connection.cursor() as cursor:
        # bm25() weighs a title's words over a name's, and a name's over the text's.
        cursor.execute(
            "SELECT document.record_id FROM records_searchdocument_fts"
            " JOIN records_searchdocument document ON document.id = records_searchdocument_fts.rowid"
            " WHERE records_searchdocument_fts MATCH %s AND document.kind = %s"
            " ORDER BY bm25(records_searchdocument_fts, 10.0, 4.0, 1.0), document.record_id DESC",
            [terms, model._meta.label_lower],
        )
        return numpy.array([row[0] for row in cursor.fetchall()], dtype=numpy.int64)


def by_meaning(model, text, threshold=MEANING_THRESHOLD):
    """Record ids whose sentence vector is nearest to `text`'s, nearest first."""
    if not fold(text):
        return []
    nearest = memory.index_of(model).nearest(embeddings.query(text), MEANING_LIMIT, threshold)
    return [record_id for record_id, _similarity in nearest]


def similar(record, model, limit=RELATED_BY_MEANING, threshold=RELATED_THRESHOLD):
    """Ids of published `model` records whose text is nearest `record`'s, nearest first (not `record`):
    what related records are close to beside their shared classifications. Empty for a draft, which has
    no document yet."""
    vector = memory.index_of(type(record)).vector_of(record.pk)
    if vector is None:
        return []
    nearest = memory.index_of(model).nearest(vector, limit + 1, threshold)
    return [pk for pk, _similarity in nearest if not (model is type(record) and pk == record.pk)][:limit]


# What makes two records related, beside a close subject: their facet keys (records/documents.py) of the
# facets memory.RELATED_FACETS names, read from these links (link relation, linked field).
RELATED_LINKS = {
    "gcm": ("objective_links", "objective_id"),
    "country": ("country_links", "country_id"),
    "beneficiary": ("beneficiary_links", "beneficiary_id"),
}


def sharing(record, model, close=(), limit=4, leaving_out=()):
    """Ids of published `model` records that share the most GCM objectives, countries and beneficiary
    groups with `record`, a record of `close` (ids: similar()) counting as sharing one more; among equals,
    the newest first. Not `record`, nor those of `leaving_out`.

    Scored in the index in memory, which may still hold a record withdrawn in the last minute: readers
    ask for a few more than they show, and read them from the published records. `record`'s links must be
    prefetched (for_detail()); it may be a draft, which the index does not hold.
    """
    keys = []
    for facet in memory.RELATED_FACETS:
        relation, field = RELATED_LINKS[facet]
        keys += [f"{facet}:{getattr(link, field)}" for link in getattr(record, relation).all()]
    if isinstance(record, model):
        leaving_out = [*leaving_out, record.pk]
    return memory.index_of(model).sharing(keys, close, limit, leaving_out)


def fuse(words, meaning):
    """Reciprocal rank fusion of the two rankings: one list, a record ranked high in either first (ties:
    the newest first).

    Only the head can change: a record ranked past len(meaning) by words alone scores less than any record
    of the meaning's ranking, so those keep their order after the head, and a search that matches most of
    the catalogue sorts a few dozen records, not all of them. The tail, up to a hundred thousand ids, is
    searched and filtered as an array (a loop over it in Python cost 5-7 ms).
    """
    words = numpy.asarray(words, dtype=numpy.int64)
    leading, deeper = words[: len(meaning)].tolist(), words[len(meaning) :]
    head = {*leading, *meaning}
    scores = dict.fromkeys(head, 0.0)
    for rank, record_id in enumerate(leading, start=1):
        scores[record_id] += 1.0 / (RANK_OFFSET + rank)
    # The records of the meaning's ranking that the words rank past the head.
    for index in numpy.flatnonzero(numpy.isin(deeper, meaning)).tolist():
        scores[int(deeper[index])] += 1.0 / (RANK_OFFSET + len(leading) + index + 1)
    for rank, record_id in enumerate(meaning, start=1):
        scores[record_id] += 1.0 / (RANK_OFFSET + rank)
    ranked = sorted(head, key=lambda record_id: (-scores[record_id], -record_id))
    return ranked + deeper[~numpy.isin(deeper, list(head))].tolist()


def int_array(data):
    """The integers of a one-dimensional int4[] that PostgreSQL sent in its binary form (array_send), as
    an array: a hundred thousand record ids in about a millisecond, where their text form cost 10 ms more
    to write, send and parse."""
    if not int.from_bytes(data[:4], "big"):  # no dimension: an empty array
        return numpy.empty(0, dtype=numpy.int64)
    # After the header (dimensions, flags, element type, then the one dimension's length and lower bound),
    # each element is its length (4) and its value, big-endian.
    return numpy.frombuffer(data, dtype=">i4", offset=20)[1::2].astype(numpy.int64)


def words_sql(model, text):
    """The PostgreSQL query of by_words(), and its parameters: matches by every language's stemming, from
    the words' own table through the kind's index (catalogue_words, records/migrations/0003 and 0004)."""
    queries = ", ".join(f"websearch_to_tsquery('{config(code)}', %(text)s)" for code in LANGUAGES)
    sql = f"SELECT array_send(catalogue_words(%(kind)s, ARRAY[{queries}], %(ranked)s))"
    return sql, {"text": text, "kind": model._meta.label_lower, "ranked": RANKED_MATCHES}


class AnyOf(Lookup):
    """`value = ANY(array)`: a list of any length as one parameter (on SQLite, a JSON array)."""

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor != "postgresql":
            return f"{lhs} IN (SELECT value FROM json_each(%s))", (*lhs_params, json.dumps(list(self.rhs)))
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # Typed like the column, so that PostgreSQL hashes the array rather than reading it for each row.
        array_type = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY(({rhs})::{array_type}[])", (*lhs_params, *rhs_params)


class RankedRecords:
    """The records of a ranked list of primary keys, in its order, read a page at a time.

    Enough of a sequence for Django's paginator and the API's: a count, and slices, each one query
    (with the prefetches of `queryset`). Each record gets its `rank` (higher is better) for the search
    page, which merges two kinds.
    """

    ordered = True

    def __init__(self, queryset, ids, text):
        self.queryset = queryset
        self.ids = ids
        self.text = text

    def count(self):
        return len(self.ids)

    __len__ = count

    def __getitem__(self, window):
        start = (window.start or 0) if isinstance(window, slice) else window
        ids = self.ids[window] if isinstance(window, slice) else [self.ids[window]]
        rows = {row.pk: row for row in self.queryset.filter(AnyOf(F("pk"), ids))}
        page = [rows[pk] for pk in ids if pk in rows]
        for position, row in enumerate(page, start=start + 1):
            row.rank = 1.0 / (RANK_OFFSET + position)
        return page if isinstance(window, slice) else page[0]


def filter(queryset, text, among):
    """The records of `queryset` among `among`, the ids matching_ids() found for `text`."""
    if not words(text):
        return queryset
    return queryset.filter(AnyOf(F("pk"), among))


class Position(Func):
    """The place of a row's key in a ranked list of keys (matching_ids()), to order by; none for a key
    not in it. The list is one parameter, whatever its length."""

    output_field = IntegerField()

    def __init__(self, ids):
        super().__init__(F("pk"))
        self.ids = list(ids)

    def as_sql(self, compiler, connection, **extra_context):
        key, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"array_position(%s::bigint[], {key}::bigint)", (self.ids, *params)
        return f"(SELECT key FROM json_each(%s) WHERE value = {key})", (json.dumps(self.ids), *params)


def in_ranked_order(queryset, ids):
    """`queryset` in the order of `ids`, for readers of a whole filtered list (the downloads)."""
    return queryset.alias(position=Position(ids)).order_by(F("position").asc(nulls_last=True), "-pk")


def close_titles(queryset, text, limit=5):
    """Published titles that look like `text`, for a search with no hit (PostgreSQL only)."""
    if not postgres() or not words(text):
        return []
    similarity = Greatest(*(TrigramWordSimilarity(text, f"title_{language}") for language in LANGUAGES))
    return list(
        queryset.annotate(similarity=similarity)
        .filter(similarity__gte=CLOSE_MATCH_THRESHOLD)
        .order_by("-similarity", "pk")[:limit]
    )


# Snippets.


def snippet(record, text):
    """A short escaped extract of the record around the words of `text`, with <mark>ed matches.

    A LocalizedText: the extract and the language it is written in. A record found by meaning alone
    may hold none of the words: its first snippet field then gives the start of its text.
    """
    wanted = words(text)
    languages = [get_language(), record.language, *LANGUAGES]
    for field in record.snippet_fields:
        for language in languages:
            value = getattr(record, f"{field}_{language}", "") or ""
            extract = _extract(value, wanted)
            if extract:
                return LocalizedText(_marked(extract), language)
    return LocalizedText("", get_language())


def _extract(value, wanted):
    tokens = value.split()
    hits = [index for index, token in enumerate(tokens) if any(word in fold(token) for word in wanted)]
    if not hits:
        return ""
    first = max(hits[0] - SNIPPET_WORDS // 3, 0)
    window = tokens[first : first + SNIPPET_WORDS]
    marked = [f"{START}{token}{STOP}" if any(word in fold(token) for word in wanted) else token for token in window]
    prefix = "… " if first else ""
    suffix = " …" if first + SNIPPET_WORDS < len(tokens) else ""
    return prefix + " ".join(marked) + suffix


def _marked(text):
    # Escape first, then turn the markers into tags: nothing the record holds reaches the page raw.
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))
