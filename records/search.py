"""Word search that ignores accents, case and the language the text is in.

On PostgreSQL: full-text search. A trigger keeps each record's `search_vector`
up to date from its text in the three languages, each read with its own
configuration (English, French or Spanish stemming, with unaccent), and a GIN
index serves the `@@` match; results are ranked and get a highlighted snippet
from ts_headline. No hit? Titles close to the words (trigram similarity).

Elsewhere (SQLite, for development): every word, folded to lower-case ASCII and
stripped of a plural ending, must occur in a folded text field.
"""

import hashlib
import re
import unicodedata

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Lookup, Q, Value, When
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache import cache
from taxonomy.text import LocalizedText

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Markers that cannot occur in text, replaced by <mark> once the snippet is escaped.
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 30
CLOSE_MATCH_THRESHOLD = 0.4


def postgres():
    return connection.vendor == "postgresql"


def config(language):
    """The text search configuration of `language`: its stemming with unaccent, set up by
    taxonomy/migrations/0002_search_configurations.py."""
    return f"catalogue_{language}"


# Folding, shared by the fallback search and the snippets.


def fold(text):
    """Lower-case ASCII letters and digits, one space between words: "Réintégration" -> "reintegration"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.findall(r"[^\W_]+", ascii_text))


def stem(word):
    """A crude plural stripper for the fallback: "migrantes" and "migrants" both give "migrant"."""
    for ending in ("es", "s"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def words(text):
    return [stem(word) for word in fold(text).split()]


class Fold(Func):
    """The SQLite function registered in TaxonomyConfig.ready()."""

    function = "catalogue_fold"


def register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("catalogue_fold", 1, fold, deterministic=True)


# Querying.


def matching_ids(queryset, text, stamp=None):
    """The primary keys of the records in `queryset` whose text matches `text`, best match first (PostgreSQL).

    A list page filters its rows, its count and each facet by the words: searched once and passed
    to them as this list, the words cost one pass over the search vectors instead of a dozen, and
    the page reads its rows by their place in the list (RankedRecords). The list is kept in the
    cache for every page, language and API answer that searches the same words. `queryset` must be
    the published records of one kind: the key names only the kind. stamp: as for cache.cached().
    """

    def search():
        query = _query(text)
        matches = queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
        return matches.order_by(*RELEVANCE_ORDER).primary_keys()

    digest = hashlib.sha256(text.encode()).hexdigest()
    return cache.cached(f"words:{queryset.model._meta.label_lower}:{digest}", search, stamp)


class RankedRecords:
    """The records of a ranked list of primary keys, in its order, read a page at a time (PostgreSQL).

    Enough of a sequence for Django's paginator and the API's: a count, and slices, each one query
    (with the prefetches of `queryset`) that also marks the words in a snippet.
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
        ids = self.ids[window] if isinstance(window, slice) else [self.ids[window]]
        rows = {row.pk: row for row in filter(self.queryset.filter(pk__in=ids), self.text, among=ids)}
        page = [rows[pk] for pk in ids if pk in rows]
        return page if isinstance(window, slice) else page[0]


class AnyOf(Lookup):
    """`value = ANY(array)`: a list of any length as one parameter (PostgreSQL)."""

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # Typed like the column, so that PostgreSQL hashes the array rather than reading it for each row.
        array_type = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY(({rhs})::{array_type}[])", (*lhs_params, *rhs_params)


def filter(queryset, text, among=None):
    """Records whose text matches every word of `text`, annotated with a `rank`.

    among: matching_ids() of these words, when the caller has them already.
    """
    if not words(text):
        return queryset
    if postgres():
        query = _query(text)
        matching = AnyOf(F("pk"), among) if among is not None else Q(search_vector=query)
        return queryset.filter(matching).annotate(
            rank=SearchRank(F("search_vector"), query),
            headline=SearchHeadline(
                _localized(queryset.model.snippet_fields),
                query,
                config=config(get_language() or settings.LANGUAGE_CODE),
                start_sel=START,
                stop_sel=STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
            ),
            headline_language=_localized_language(queryset.model.snippet_fields),
        )
    for word in words(text):
        matches = Q()
        for field in queryset.model.search_fields:
            for language in LANGUAGES:
                matches |= Q(**{f"folded_{field}_{language}__contains": word})
        queryset = queryset.alias(**_folded(queryset.model)).filter(matches)
    title_matches = Q()
    for language in LANGUAGES:
        for word in words(text):
            title_matches |= Q(**{f"folded_title_{language}__contains": word})
    return queryset.annotate(
        rank=Case(When(title_matches, then=Value(2.0)), default=Value(1.0), output_field=FloatField())
    )


RELEVANCE_ORDER = [F("rank").desc(nulls_last=True), "-created_at", "-pk"]


def order_by_relevance(queryset):
    """Best matches first; newest first when nothing was searched (no rank to sort by)."""
    if "rank" not in queryset.query.annotations:
        return queryset.order_by("-created_at", "-pk")
    return queryset.order_by(*RELEVANCE_ORDER)


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


def _query(text):
    query = None
    for language in LANGUAGES:
        part = SearchQuery(text, config=config(language), search_type="websearch")
        query = part if query is None else query | part
    return query


def _localized(fields):
    """The first of `fields` with text, in the active language first."""
    active = get_language() or settings.LANGUAGE_CODE
    codes = [active, *(code for code in LANGUAGES if code != active)]
    columns = [NullIf(F(f"{field}_{code}"), Value("")) for field in fields for code in codes]
    return Coalesce(*columns, Value(""))


def _localized_language(fields):
    """The language of the column that _localized(fields) picks, for the snippet's `lang`."""
    active = get_language() or settings.LANGUAGE_CODE
    codes = [active, *(code for code in LANGUAGES if code != active)]
    picks = [When(Q(**{f"{field}_{code}__gt": ""}), then=Value(code)) for field in fields for code in codes]
    return Case(*picks, default=Value(active))


def _folded(model):
    return {
        f"folded_{field}_{language}": Fold(F(f"{field}_{language}"))
        for field in model.search_fields
        for language in LANGUAGES
    }


# Snippets.


def snippet(record, text):
    """A short escaped extract of the record around the words of `text`, with <mark>ed matches.

    A LocalizedText: the extract and the language it is written in.
    """
    headline = getattr(record, "headline", None)
    if headline:
        return LocalizedText(_marked(headline), record.headline_language)
    wanted = words(text)
    for field in record.snippet_fields:
        for language in [get_language(), *LANGUAGES]:
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
