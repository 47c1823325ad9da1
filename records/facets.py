"""Facet counts: for each filter of a list, how many records each of its values would give.

A mixin of RecordFilterSet. Under no other filter, a facet's counts are those kept at write time
(records.models.FacetCount). Under other filters, the database gives the records those filters leave,
and their facet keys, held in memory (records/memory.py), are counted: one query of record ids for every
facet whose own filter is not in use, whatever the number of records. A facet no key describes (a
project's status, which depends on today's date, or primary objectives alone) is counted in SQL over
the link tables. The page cache wraps all of it (facet_counts), keyed by what the other filters act on.
"""

import hashlib
import heapq
from dataclasses import dataclass, field
from functools import cached_property, partial

from django.conf import settings
from django.db.models import Count, F, QuerySet
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import get_language

from pagecache import cache
from records import memory
from records.models import FacetCount
from taxonomy.collation import collated, sort_key
from taxonomy.models import (
    SDG,
    Beneficiary,
    Country,
    GCMObjective,
    GCRObjective,
    GuidingPrinciple,
    Organisation,
    Region,
)

WORLD = "001"  # M49 code of the world: its children are the regions


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    # Set when the label is in another language than the page's: organisations named in one language only.
    language: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


class FacetCounting:
    """Counts the facets of a FilterSet that names them in `relation_facets` and `column_facets()`."""

    def facets(self):
        """Every facet with its options and counts: at most two queries a facet, whatever the number of records."""
        self.is_valid()
        sources = held_sources(self.facet_sources(), self.value_keys())
        with cache.read_ahead(self.counts_key(name) for name in self.facet_names()):
            return [*(self.relation_facet(name, sources[name]) for name in self.relation_facets), *self.choice_facets()]

    def facet_names(self):
        return {*self.relation_facets, *(name for name, _expression, _choices in self.column_facets())}

    def value_keys(self):
        return {name: self.value_key(name) for name in self.relation_facets}

    def value_key(self, name):
        """The attribute of an entry that `name`'s parameter writes: a beneficiary's slug, else its key."""
        return self.filters[name].extra.get("to_field_name") or "pk"

    def selected_values(self, name):
        """The values chosen for `name`, as the filter's parameter writes them (a beneficiary's slug)."""
        key = self.value_key(name)
        return {str(getattr(item, key, item)) for item in self.form.cleaned_data.get(name) or []}

    def facet_sources(self):
        """Filter name -> a function giving the reference entries it offers, in the order the form lists
        them: called only when they are not held already (building the nine querysets cost 1.8 ms a page).
        """
        return {
            "region": lambda: Region.objects.filter(parent=WORLD),
            "subregion": lambda: Region.objects.exclude(parent=None).exclude(parent=WORLD),
            "country": Country.objects.all,
            "gcm": GCMObjective.objects.all,
            "principle": GuidingPrinciple.objects.all,
            "gcr": GCRObjective.objects.all,
            "sdg": SDG.objects.all,
            "beneficiary": Beneficiary.objects.all,
            # Named by their alias in the page's language when they have no name of their own in it.
            "organisation": lambda: Organisation.objects.public().prefetch_related("aliases"),
        }

    # Paths on which a record can reach the same entry twice: through two countries of one region, or
    # one organisation in two roles.
    repeating_paths = {"countries__region", "countries__subregion", "organisations"}

    def counts(self, name, records):
        """{entry or value of facet `name`: how many of `records` have it}."""
        return dict(self.counts_query(name, records))

    def counts_query(self, name, records):
        """(entry or value of facet `name`, how many of `records` have it) rows."""
        records = records.order_by()
        columns = {name: expression for name, expression, _choices in self.column_facets()}
        if name in columns:
            return records.annotate(value=columns[name]).values_list("value").annotate(count=Count("pk"))
        path = self.filters[name].field_name
        if name == "gcm" and self.form.cleaned_data.get("gcm_primary"):
            path = "objective_links__objective"
            records = records.filter(objective_links__is_primary=True)
        # Counted from the records' side, so a narrow filter reads only its own records' links.
        return records.values_list(path).annotate(count=Count("pk", distinct=path in self.repeating_paths))

    @classmethod
    def published_counts(cls, name):
        """{entry: how many published records have it}, for facet `name`: the unfiltered list's counts."""
        filterset = cls(QueryDict(), queryset=cls._meta.model._default_manager.published())
        filterset.is_valid()
        return filterset.facet_counts(name)

    def facet_counts(self, name):
        """The counts of facet `name` under every other active filter, from the cache when it has them.

        They do not depend on the language, the order or the page, so every page and API answer with the
        same other filters shares them.
        """
        return cache.cached(self.counts_key(name), partial(self.count_facet, name), self.stamp)

    def count_facet(self, name):
        if self.counts_kept(name):
            return self.kept_counts.get(name, {})
        if self.keyed(name):
            return self.key_counts(name).get(name, {})
        return self.counts(name, self.queryset_without(name))

    def keyed(self, name):
        """True when facet `name` can be counted from the records' facet keys (records.documents.facet_keys):
        not a time-dependent column (a project's status), nor primary objectives alone."""
        if name not in self.kept_facets():
            return False
        return not (name == "gcm" and self.form.cleaned_data.get("gcm_primary"))

    def counts_kept(self, name):
        """True when facet `name` counts under no other filter: the published records' counts, kept at
        write time (records.models.FacetCount)."""
        return self.keyed(name) and not self.filtering(but=(name, *self.adjusting))

    def kept_facets(self):
        return {*self.relation_facets, *self._meta.model.facet_columns}

    @cached_property
    def kept_counts(self):
        """{facet: {entry key or value: count}} of every published record, in one query. The same for every
        page of the kind until the data changes: held in memory (2-3 ms a page to read and type), and
        never changed by its readers."""
        model = self._meta.model
        return cache.held(
            f"kept-counts:{model._meta.label_lower}", lambda: self.typed(FacetCount.objects.of(model)), self.stamp
        )

    def key_counts(self, name):
        return self.counted_keys[self.other_filters(name)]

    def other_filters(self, name):
        return tuple(self.filtering(but=(name, *self.adjusting)))

    @cached_property
    def counted_keys(self):
        """{other filters: {facet: {entry: count}}} for the facets counted from keys: the database gives the
        records that each set of other filters leaves (records_left(): one query a set, none for words
        alone), and the index in memory counts their keys (records/memory.py)."""
        records = self.records_counted
        for name in sorted(self.kept_facets()):
            others = self.other_filters(name)
            if self.keyed(name) and not self.counts_kept(name) and others not in records:
                records[others] = self.records_left(name)
        counts = memory.index_of(self._meta.model).counts(*records.values())
        return {others: self.typed(counted) for others, counted in zip(records, counts, strict=True)}

    def records_left(self, name):
        """The ids of the records that every filter but `name`'s leaves. With words, their matches (known,
        and published) are kept among the other filters' records in Python: sent to the database, a list
        of 100,000 matches cost 170 ms a query."""
        if self.matching_words is None:
            return self.queryset_without(name).order_by().primary_keys()
        if not self.filtering(but=(name, "q", *self.adjusting)):
            return self.matching_words
        return self.matches_among(self.queryset_without(name, "q"))

    @cached_property
    def records_counted(self):
        """{other filters: the ids of the records they leave}, as counted_keys() read them."""
        return {}

    def known_count(self):
        """How many records the whole list holds, if the facets know it (else None): its count then costs no
        query. Under no filter, the kept counts of a facet every record has once, its language, add up to
        all the published records (a COUNT of 100,000 took 20-60 ms); under filters, the ids the facets
        read, when they did."""
        filtering = tuple(self.filtering(but=self.adjusting))
        if not filtering and self.counts_kept("language"):
            return sum(self.kept_counts.get("language", {}).values())
        ids = self.records_counted.get(filtering)
        return None if ids is None else len(ids)

    @cached_property
    def without_words(self):
        """The same list without its words (records/suggestions.py offers filters in their place)."""
        data = self.data.copy()
        data.pop("q")
        without_words = type(self)(data, queryset=self.queryset)
        without_words.stamp = self.stamp
        without_words.is_valid()
        return without_words

    def typed(self, counts):
        """`counts` ({facet: {value as the keys write it: count}}) keyed as the link tables' counts are:
        by the entries' primary keys."""
        for name in self.relation_facets:
            key = self.filters[name].queryset.model._meta.pk
            counts[name] = {key.to_python(value): count for value, count in counts.get(name, {}).items()}
        return counts

    def counts_key(self, name):
        """The cache key of facet `name`'s counts: the record kind and the other filters' values."""
        values = self.form.cleaned_data
        query = [(other, self.key_value(values[other])) for other in sorted(self.filtering(but=(name, "sort")))]
        digest = hashlib.sha256(repr(query).encode()).hexdigest()
        return f"facet:{self._meta.model._meta.label_lower}:{name}:{digest}"

    @staticmethod
    def key_value(value):
        """A cleaned filter value as the key names it: what the filter acts on, not what was typed
        (`?q=a&q=b` searches "b" alone)."""
        if isinstance(value, (list, tuple, QuerySet)):
            return sorted(str(getattr(item, "pk", item)) for item in value)
        return str(value)

    def in_catalogue(self, name, options):
        """The primary keys of `name`'s entries that any published record has: those with a kept count."""
        return list(self.kept_counts.get(name, {}))

    def relation_facet(self, name, entries, counts=None, present=None):
        """Two queries at most: the counts (often from the cache), then the entries to list. `entries`: those
        of held_sources() (for organisations, the function giving their queryset); `counts`, and `present`
        (the entries any published record has), when given: those of several kinds (combined())."""
        counts = self.facet_counts(name) if counts is None else counts
        selected = self.selected_values(name)
        if name == "organisation":
            # The busiest few of all the organisations counted (thousands, for words in most records).
            busiest = heapq.nsmallest(
                self.organisation_facet_size,
                (entry for entry in counts if entry is not None),
                key=lambda entry: (-counts[entry], entry),
            )
            entries = self.organisation_entries(entries, sorted({str(pk) for pk in (*busiest, *selected)}))
        elif name in self.catalogue_only_facets:
            present = set(self.in_catalogue(name, entries) if present is None else present)
            entries = [entry for entry in entries if entry.pk in present]
        options = [
            FacetOption(entry.value, entry.label, counts.get(entry.pk, 0), entry.value in selected, entry.language)
            for entry in entries
        ]
        return Facet(name, self.filters[name].label, self.ordered_options(name, options))

    def organisation_entries(self, organisations, shown):
        """The Entries of the `shown` organisations (primary keys) of `organisations()`, a queryset, named in
        the page's language. Read once for every language, and kept as the counts are: their queries cost
        3-5 ms in every list page's render. ordered_options() puts them in order."""
        digest = hashlib.sha256(repr(shown).encode()).hexdigest()
        value_key = self.value_key("organisation")

        def named():
            rows = list(organisations().filter(pk__in=shown))
            return {code: named_in(code, rows, value_key) for code, _name in settings.LANGUAGES}

        entries = cache.cached(f"facet-organisations:{digest}", named, self.stamp).get(get_language())
        # Outside a request, no language of the site's may be active: named afresh then.
        return named_entries(organisations().filter(pk__in=shown), value_key) if entries is None else entries

    def ordered_options(self, name, options):
        """`options` of facet `name` in the order the form lists them."""
        if name == "organisation":
            options = sorted(options, key=lambda option: (-option.count, sort_key(option.label)))
        elif name in self.alphabetical_facets:
            options = collated(options, lambda option: option.label)
        if name in self.long_facets:
            # What is ticked comes first, where it is seen without scrolling through 200 names.
            options.sort(key=lambda option: not option.selected)
        return options

    def choice_facets(self):
        """Facets on a column of the record itself, such as its language."""
        for name, _expression, choices in self.column_facets():
            yield self.choice_facet(name, choices, self.facet_counts(name))

    def choice_facet(self, name, choices, counts):
        selected = self.selected_values(name)
        options = [FacetOption(value, str(label), counts.get(value, 0), value in selected) for value, label in choices]
        return Facet(name, self.filters[name].label, options)

    def column_facets(self):
        return [("language", F("language"), settings.LANGUAGES)]


@dataclass(frozen=True)
class Entry:
    """A reference entry as a facet lists it: its primary key, the value its filter's parameter writes,
    and its name in the page's language (`language`: the name's own, when another, for an organisation
    named in one language only)."""

    pk: object
    value: str
    label: str
    language: str = ""


def named_entries(rows, value_key):
    """An Entry for each of `rows`, named in the active language."""
    active = get_language()
    found = []
    for row in rows:
        name = getattr(row, "display_name", None)
        if name is None:
            found.append(Entry(row.pk, str(getattr(row, value_key)), str(row)))
        else:
            language = "" if name.language == active else name.language
            found.append(Entry(row.pk, str(getattr(row, value_key)), name.text, language))
    return found


def named_in(language, rows, value_key):
    """named_entries() of `rows`, in `language`."""
    with translation.override(language):
        return named_entries(rows, value_key)


def named_from(source, value_key):
    """named_entries() of the queryset that `source()` gives."""
    return named_entries(source(), value_key)


def held_sources(sources, value_keys):
    """{facet: its Entries, in the order the form lists them} for `sources` (facet_sources()), each named
    in the active language; `value_keys`: {facet: value_key()}.

    Held in this process's memory while the reference lists stay as they were, past the records' edits
    (pagecache.cache.reference_version()): every list page names some 350 entries, and reading them as model
    instances cost 15-20 ms a page at 100,000 records, naming them 5-8 ms more; held under the records'
    stamp, they were read again by every process in every language after each edit. Organisations, which
    change with the records, are not held: theirs is left the function giving their queryset, of which a
    facet names the busiest alone (organisation_entries()).
    """
    language = get_language()
    stamp = cache.reference_version() if cache.shared() else None  # read once for the eight lists
    held = {}
    for name, source in sources.items():
        if name == "organisation":
            held[name] = source
        else:  # facet_sources() is every FacetCounting's: the facet's name says which
            compute = partial(named_from, source, value_keys[name])
            held[name] = cache.held(f"facet-entries:{name}:{language}", compute, stamp, space="reference")
    return held


def combined(filtersets, counted):
    """The facets that all of `filtersets` have (FilterSets of different kinds, under the same filters),
    each value counted over those of them in `counted`: the facets of the search page, which lists several
    kinds. A kind's own facets (a practice's type, a project's status) are left out, and not counted."""
    for filterset in filtersets:
        filterset.is_valid()
    first = filtersets[0]
    shared = set.intersection(*(filterset.facet_names() for filterset in filtersets))
    sources = held_sources(first.facet_sources(), first.value_keys())
    facets = []
    for name in first.relation_facets:
        if name in shared:
            counts = summed(filterset.facet_counts(name) for filterset in counted)
            present = {entry for filterset in counted for entry in filterset.in_catalogue(name, sources[name])}
            facets.append(first.relation_facet(name, sources[name], counts, present))
    for name, _expression, choices in first.column_facets():
        if name in shared:
            facets.append(first.choice_facet(name, choices, summed(fs.facet_counts(name) for fs in counted)))
    return facets


def summed(counts):
    """{value: count} dicts added up."""
    total = {}
    for each in counts:
        for value, count in each.items():
            total[value] = total.get(value, 0) + count
    return total
