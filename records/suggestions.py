"""A query that names a thing offers the thing: "senegal" typed in a list offers "Filter by Senegal: 12 practices".

Readers type a country or an organisation into the search box where a filter would serve them better: a
filter is exact, words are not. An entry is offered when the whole query, folded (accents and case), is
one of its names in any language: a country's name; an organisation's name, acronym or alias; a
beneficiary group's name; a GCM objective's short label or title. Whole names only, so that an offer is
predictable: "senegal" offers Senegal, "women in senegal" offers nothing. Only organisations a published
record names (Organisation.objects.public()) are offered, as the organisation filter accepts no other: a
draft's organisation is not public yet.
"""

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.translation import get_language

from pagecache import cache
from records.search import LANGUAGES, fold
from taxonomy.models import Beneficiary, Country, GCMObjective, Organisation


@dataclass(frozen=True)
class Suggestion:
    """A filter the words name, and what it gives: `count` records of `kind` at `address`."""

    kind: str  # the record model's name: "practice" or "project"
    label: str
    count: int
    address: str
    # The language of `label` when it fell back to another than the page's (an organisation's name).
    language: str = ""

    @property
    def name_html(self):
        """The label, marked with its language when that is not the page's, for the translated sentence."""
        if self.language:
            return format_html('<span lang="{}">{}</span>', self.language, self.label)
        return escape(self.label)


def translated(field):
    return [f"{field}_{code}" for code in LANGUAGES]


def folded_names(rows):
    """{folded name: [keys]} from (key, name, name...) rows: one name can be several entries' (an acronym)."""
    names = {}
    for key, *texts in rows:
        for folded in filter(None, map(fold, texts)):
            keys = names.setdefault(folded, [])
            if key not in keys:
                keys.append(key)
    return names


def country_names():
    return folded_names(Country.objects.values_list("code", *translated("name")))


def organisation_names():
    """Names, acronyms and aliases of every organisation, read in one query (aliases joined). Which are
    public is asked of the few a query names (entries()): asked of them all, it costs more than the rest
    of a list (an EXISTS an organisation)."""
    columns = [*translated("name"), *translated("acronym"), "aliases__name"]
    return folded_names(Organisation.objects.values_list("pk", *columns))


def beneficiary_names():
    return folded_names(Beneficiary.objects.values_list("pk", *translated("name")))


def objective_names():
    return folded_names(GCMObjective.objects.values_list("pk", *translated("short_label"), *translated("title")))


# Filter name -> its entries' folded names, in the order offers are shown.
NAMES = {
    "country": country_names,
    "organisation": organisation_names,
    "beneficiary": beneficiary_names,
    "gcm": objective_names,
}


def all_names():
    """Every table, in one value held by each process until the data changes (some 20 ms to read)."""
    return {name: read() for name, read in NAMES.items()}


def named(text, stamp=None):
    """[(filter name, entry key)] that `text` names as a whole. Four queries without the cache, none with it."""
    words = fold(text)
    if not words:
        return []
    tables = cache.held("suggestions:names", all_names, stamp)
    return [(name, key) for name, table in tables.items() for key in table.get(words, [])]


def entries(text, filterset):
    """[(filter name, entry)] that `text` names, among the values `filterset`'s filters accept: one query
    for each filter named (two for organisations, with their aliases to name them in the page's language)."""
    keys = {}
    for name, key in named(text, filterset.stamp):
        keys.setdefault(name, []).append(key)
    found = []
    for name, wanted in keys.items():
        rows = filterset.filters[name].queryset.filter(pk__in=wanted)
        if name == "organisation":
            rows = rows.prefetch_related("aliases")
        found.extend((name, row) for row in rows)
    return found


def label(entry):
    """(the entry's name in the page's language, the language it fell back to or "")."""
    name = getattr(entry, "display_name", None)
    if name is None:
        return str(entry), ""
    return name.text, "" if name.language == get_language() else name.language


def offers(found, counting, path, query):
    """A Suggestion for each entry of `found` that would show records on the list at `path`.

    counting: the list's FilterSet without its words; its facet counts are the records each entry gives
    under the list's other filters, exactly (and shared with every page with those filters, through the
    cache). query: the list's other filters, kept in the addresses. An entry already applied, or one that
    would give nothing, is not offered.
    """
    counting.is_valid()
    kind = counting._meta.model._meta.model_name
    offered = []
    for name, entry in found:
        value = str(getattr(entry, counting.value_key(name)))
        if value in counting.selected_values(name):
            continue
        count = counting.facet_counts(name).get(entry.pk, 0)
        if not count:
            continue
        address = query.copy()
        address.appendlist(name, value)
        text, language = label(entry)
        offered.append(Suggestion(kind, text, count, f"{path}?{address.urlencode()}", language))
    return offered


def suggestions(request, filterset, words):
    """The filters a list's words name, each as that list with the filter instead of the words."""
    found = entries(words, filterset)
    if not found:
        return []  # and the list without its words, which checks the other filters' values again, is not built
    query = request.GET.copy()
    for dropped in ("q", "page"):
        query.pop(dropped, None)
    return offers(found, filterset.without_words, request.path, query)
