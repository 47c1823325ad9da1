"""The filters, facets and sort orders that practices and projects share.

One FilterSet per list (practices/filters.py, projects/filters.py) subclasses
RecordFilterSet; the HTML list, and later the exports and the API, all use it.
Several values of one filter widen the list (any of them); different filters
narrow it.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from functools import cached_property, partial

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pagecache import cache
from records import search
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

# Longer queries are refused with a message rather than sent to the database.
MAX_QUERY_LENGTH = 200
WORLD = "001"


class ReferenceChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Refuses, as invalid choices, numbers that no database integer column can hold.

    Django's `in` lookup sends them as they come: SQLite then overflows and PostgreSQL raises an
    out-of-range error, both a 500. Such a value is a typo or a probe, never a record.
    """

    def _check_values(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name else None
        key = key or self.queryset.model._meta.pk
        internal_type = key.get_internal_type()
        if "IntegerField" in internal_type or internal_type in ("AutoField", "BigAutoField", "SmallAutoField"):
            low, high = connection.ops.integer_field_range(internal_type)
            for item in value:
                try:
                    number = int(str(item))
                except ValueError:
                    continue  # Django's own check explains a value that is not a number.
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                    )
        return super()._check_values(value)


class AnyOfFilter(django_filters.ModelMultipleChoiceFilter):
    """Records linked to any of the chosen values.

    A subquery rather than a join: a record linked to two chosen values still
    comes once, without a DISTINCT over every column of the record.
    """

    field_class = ReferenceChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        matching = qs.model._default_manager.filter(**{f"{self.field_name}__in": value})
        return qs.filter(pk__in=matching.values("pk"))


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1900, max_value=2100, **kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


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


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    TITLE = "title"
    START = "start"
    CHOICES = [
        (RELEVANCE, _("Relevance")),
        (NEWEST, _("Newest first")),
        (TITLE, _("Title")),
        (START, _("Start date, latest first")),
    ]


class RecordFilterSet(django_filters.FilterSet):
    """Subclasses set Meta.model and `related_name`, the name the reference lists use for the records."""

    q = django_filters.CharFilter(
        label=_("Words"),
        method="filter_words",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    country = AnyOfFilter(
        label=_("Country"), field_name="countries", to_field_name="code", queryset=Country.objects.all()
    )
    region = AnyOfFilter(
        label=_("Region"), field_name="countries__region", queryset=Region.objects.filter(parent=WORLD)
    )
    subregion = AnyOfFilter(
        label=_("Sub-region"),
        field_name="countries__subregion",
        queryset=Region.objects.exclude(parent=None).exclude(parent=WORLD),
    )
    gcm = AnyOfFilter(
        label=_("GCM objective"),
        # Read by filter_objectives through the link table; named so the API schema knows its type.
        field_name="gcm_objectives",
        queryset=GCMObjective.objects.all(),
        method="filter_objectives",
    )
    gcm_primary = django_filters.BooleanFilter(
        label=_("Primary objective only"), method="filter_nothing", widget=forms.CheckboxInput
    )
    principle = AnyOfFilter(
        label=_("GCM guiding principle"), field_name="principles", queryset=GuidingPrinciple.objects.all()
    )
    gcr = AnyOfFilter(label=_("GCR objective"), field_name="gcr_objectives", queryset=GCRObjective.objects.all())
    sdg = AnyOfFilter(label=_("Sustainable Development Goal"), field_name="sdgs", queryset=SDG.objects.all())
    beneficiary = AnyOfFilter(
        label=_("Beneficiaries"), field_name="beneficiaries", to_field_name="slug", queryset=Beneficiary.objects.all()
    )
    organisation = AnyOfFilter(label=_("Organisation"), field_name="organisations", queryset=Organisation.objects.all())
    language = django_filters.MultipleChoiceFilter(label=_("Original language"), choices=settings.LANGUAGES)
    year_from = YearFilter(label=_("From year"), method="filter_year_from")
    year_to = YearFilter(label=_("To year"), method="filter_year_to")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Sort.CHOICES,
        empty_label=_("Default: relevance when searching, else newest"),
        method="filter_nothing",
    )

    # The facets counted through a reference list, in the order the form shows them.
    relation_facets = [
        "region",
        "subregion",
        "country",
        "gcm",
        "principle",
        "gcr",
        "sdg",
        "beneficiary",
        "organisation",
    ]
    # Long lists show only what the catalogue has at all, so that the form stays short.
    catalogue_only_facets = {"subregion", "country", "organisation"}
    # Most organisations have one or two records: the form lists the busiest, and any chosen.
    organisation_facet_size = 15

    # Filters.

    def filter_nothing(self, queryset, name, value):
        """For settings that other filters read (gcm_primary, sort)."""
        return queryset

    def filter_words(self, queryset, name, value):
        return search.filter(queryset, value, among=self.matching_words)

    @cached_property
    def matching_words(self):
        """On PostgreSQL, the records matching the words, searched once for the list and every facet."""
        words = self.form.cleaned_data.get("q")
        if not (search.words(words or "") and search.postgres()):
            return None
        return search.matching_ids(self.queryset, words, self.stamp)

    @cached_property
    def stamp(self):
        """The cache's version stamp, read once, before the records: what the list keeps in the cache
        (matches, counts) is all kept under it, so that nothing read before a change is kept as newer."""
        return cache.version() if cache.enabled() else None

    def filter_objectives(self, queryset, name, value):
        if not value:
            return queryset
        links = {"objective_links__objective__in": value}
        if self.form.cleaned_data.get("gcm_primary"):
            links["objective_links__is_primary"] = True
        matching = queryset.model._default_manager.filter(**links)
        return queryset.filter(pk__in=matching.values("pk"))

    def filter_year_from(self, queryset, name, value):
        # A record's period is start to end, or its start year alone.
        return queryset.filter(Q(end_year__gte=value) | Q(end_year__isnull=True, start_year__gte=value))

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(start_year__lte=value)

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.ordered(super().qs)
        return self._qs

    def order(self):
        order = self.form.cleaned_data.get("sort") if self.is_bound and self.is_valid() else None
        words = self.form.cleaned_data.get("q") if self.is_bound else None
        return order or (Sort.RELEVANCE if words else Sort.NEWEST)

    def results(self):
        """What the list shows, in its order: `qs`, or for a search by relevance on PostgreSQL, the records
        in the order of the ranked matches (search.matching_ids), read a page at a time."""
        self.is_valid()
        ranked = self.matching_words
        if ranked is None or self.order() != Sort.RELEVANCE:
            return self.qs
        if self.filtering(but=("q", *self.adjusting)):
            narrowed = self.queryset_without("q").filter(search.AnyOf(F("pk"), ranked))
            passing = set(narrowed.order_by().primary_keys())
            ranked = [pk for pk in ranked if pk in passing]
        return search.RankedRecords(self.queryset, ranked, self.form.cleaned_data["q"])

    # Settings that adjust the list or another filter, and narrow nothing by themselves.
    adjusting = ("sort", "gcm_primary")

    def filtering(self, but=()):
        """The names of the filters given a valid value, but those named in `but`."""
        return [name for name, value in self.form.cleaned_data.items() if value and name not in but]

    def ordered(self, queryset):
        order = self.order()
        words = self.form.cleaned_data.get("q") if self.is_bound else None
        if order == Sort.RELEVANCE and words:
            return search.order_by_relevance(queryset)
        if order == Sort.TITLE:
            return queryset.order_by(Lower(localized_title()), "pk")
        if order == Sort.START:
            return queryset.order_by(
                F("start_year").desc(nulls_last=True), F("start_month").desc(nulls_last=True), "pk"
            )
        return queryset.order_by("-created_at", "-pk")

    # Facets.

    def queryset_without(self, *names):
        """The list as filtered by every active filter but `names`, for the counts of the first."""
        skipped = {*names, "sort", *(["gcm_primary"] if names[0] == "gcm" else [])}
        queryset = self.queryset
        for other, value in self.form.cleaned_data.items():
            if other not in skipped:
                queryset = self.filters[other].filter(queryset, value)
        return queryset

    def facets(self):
        """Every facet with its options and counts: at most two queries a facet, whatever the number of records."""
        self.is_valid()
        sources = self.facet_sources()
        return [
            *(self.relation_facet(name, sources[name]) for name in self.relation_facets),
            *self.choice_facets(),
        ]

    def selected_values(self, name):
        value = self.form.cleaned_data.get(name) or []
        return {str(getattr(item, "pk", item)) for item in value}

    def facet_sources(self):
        """Filter name -> the reference entries it offers, in the order the form lists them.

        Built for each request: option names are read in the active language.
        """
        return {
            "region": Region.objects.filter(parent=WORLD),
            "subregion": Region.objects.exclude(parent=None).exclude(parent=WORLD),
            "country": Country.objects.all(),
            "gcm": GCMObjective.objects.all(),
            "principle": GuidingPrinciple.objects.all(),
            "gcr": GCRObjective.objects.all(),
            "sdg": SDG.objects.all(),
            "beneficiary": Beneficiary.objects.all(),
            "organisation": Organisation.objects.all(),
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

    def counts_among(self, name, ids):
        """counts() of the records `ids` (published), read from the link table alone.

        For words with no other filter: their matches are known already, so the records need not be
        joined again, which halves the cost when the words match most of the catalogue.
        """
        if name not in self.relation_facets:
            return self.counts(name, self.queryset.filter(search.AnyOf(F("pk"), ids)))
        path = self.filters[name].field_name
        first, _, rest = path.partition("__")
        relation = self._meta.model._meta.get_field(first)
        links = relation.remote_field.through._default_manager.all()
        record, value = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        if name == "gcm" and self.form.cleaned_data.get("gcm_primary"):
            links = links.filter(is_primary=True)
        value = f"{value}__{rest}" if rest else value
        distinct = path in self.repeating_paths
        rows = links.filter(search.AnyOf(F(f"{record}_id"), ids)).values_list(value)
        return dict(rows.annotate(count=Count(record, distinct=distinct)).order_by())

    def facet_counts(self, name):
        """The counts of facet `name` under every other active filter, from the cache when it has them.

        Counting a broad selection reads most links of the catalogue. The counts do not depend on the
        language, the order or the page, so every page and API answer with the same other filters
        shares them; and when the words match most records, what they leave out is counted instead,
        and taken from the counts without the words.
        """
        return cache.cached(self.counts_key(name), partial(self.count_facet, name), self.stamp)

    def count_facet(self, name):
        matching = self.matching_words
        # The words alone: their matches are known, and the link tables can be read with them alone.
        alone = matching is not None and not self.filtering(but=(name, "q", *self.adjusting))
        total = self.counts_without_words(name) if matching is not None else None
        if total is not None:
            left_out = list(self.left_out_ids)
            if alone:
                left_out_counts = self.counts_among(name, left_out)
            else:
                records = self.queryset_without(name, "q").filter(search.AnyOf(F("pk"), left_out))
                left_out_counts = self.counts(name, records)
            # As counting directly gives them: entries that some record has, and no count of records
            # without any entry (None, from the totals' outer join).
            counts = {entry: count - left_out_counts.get(entry, 0) for entry, count in total.items()}
            return {entry: count for entry, count in counts.items() if entry is not None and count > 0}
        if alone:
            return self.counts_among(name, matching)
        return self.counts(name, self.queryset_without(name))

    def counts_without_words(self, name):
        """Facet `name`'s counts without the words, when the words match so much that counting what
        they leave out, and taking it from these, costs less than counting what they match.

        With more than half the records matched, that holds when these counts are in the cache. With
        nearly all of them, it holds anyway: these counts cost little more than the matches' would,
        and every other such search, and the list without words, share them.
        """
        if not cache.enabled():
            return None
        share = len(self.matching_words) / max(len(self.published_ids), 1)
        if share <= 0.5:
            return None
        if share > 0.8:
            return self.without_words.facet_counts(name)
        return cache.current(self.without_words.counts_key(name), self.stamp)

    @cached_property
    def without_words(self):
        """The same list without its words, for their counts: built once for every facet."""
        data = self.data.copy()
        data.pop("q")
        without_words = type(self)(data, queryset=self.queryset)
        without_words.stamp = self.stamp
        without_words.is_valid()
        return without_words

    @cached_property
    def published_ids(self):
        key = f"published:{self._meta.model._meta.label_lower}"
        return cache.cached(key, self.queryset.order_by().primary_keys, self.stamp)

    @cached_property
    def left_out_ids(self):
        """The published records that the words do not match."""
        return set(self.published_ids).difference(self.matching_words)

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
        """The primary keys of `name`'s entries that any published record has."""
        path = self.filters[name].field_name
        published = self.Meta.model._default_manager.published().filter(**{path: OuterRef("pk")})
        return list(options.filter(Exists(published)).values_list("pk", flat=True))

    def relation_facet(self, name, options):
        """Two queries at most: the counts (often from the cache), then the entries to list."""
        counts = self.facet_counts(name)
        selected = self.selected_values(name)
        if name == "organisation":
            busiest = sorted(
                (entry for entry in counts if entry is not None), key=lambda entry: (-counts[entry], entry)
            )
            shown = {*busiest[: self.organisation_facet_size], *selected}
            rows = sorted(options.filter(pk__in=shown), key=lambda row: (-counts.get(row.pk, 0), row.pk))
        elif name in self.catalogue_only_facets:
            key = f"in-catalogue:{self._meta.model._meta.label_lower}:{name}"
            rows = options.filter(pk__in=cache.cached(key, partial(self.in_catalogue, name, options), self.stamp))
        else:
            rows = options
        key = self.filters[name].extra.get("to_field_name") or "pk"
        return Facet(
            name,
            self.filters[name].label,
            [self.option(row, counts.get(row.pk, 0), str(getattr(row, key)), selected) for row in rows],
        )

    @staticmethod
    def option(row, count, value, selected):
        name = getattr(row, "display_name", None)
        if name is None:
            return FacetOption(value, str(row), count, value in selected)
        language = "" if name.language == get_language() else name.language
        return FacetOption(value, name.text, count, value in selected, language)

    def choice_facets(self):
        """Facets on a column of the record itself, such as its language."""
        for name, _expression, choices in self.column_facets():
            counts = self.facet_counts(name)
            selected = self.selected_values(name)
            yield Facet(
                name,
                self.filters[name].label,
                [FacetOption(value, str(label), counts.get(value, 0), value in selected) for value, label in choices],
            )

    def column_facets(self):
        return [("language", F("language"), settings.LANGUAGES)]

    # What the page shows about the filters.

    @property
    def active(self):
        """True when the visitor narrowed the list with a valid filter."""
        return self.is_bound and bool(self.filtering(but=self.adjusting))


def localized_title():
    """The title in the active language, else in any language: what a reader sorts by."""
    active = get_language() or settings.LANGUAGE_CODE
    codes = [active, *(code for code, _name in settings.LANGUAGES if code != active)]
    return Coalesce(*(NullIf(F(f"title_{code}"), Value("")) for code in codes), Value(""))


def period_status():
    """Planned, ongoing or completed, from the years and today's date."""
    year = datetime.date.today().year
    return Case(
        When(start_year__gt=year, then=Value("planned")),
        When(end_year__lt=year, then=Value("completed")),
        When(start_year__lte=year, then=Value("ongoing")),
        default=Value("unknown"),
    )


PERIOD_STATUS_CHOICES = [
    ("planned", _("Planned")),
    ("ongoing", _("Ongoing")),
    ("completed", _("Completed")),
    ("unknown", _("Dates not given")),
]


def filter_by_period_status(queryset, values):
    if not values:
        return queryset
    return queryset.alias(period_status=period_status()).filter(period_status__in=values)
