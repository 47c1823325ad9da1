"""The filters, facets and sort orders that practices and projects share.

One FilterSet per list (practices/filters.py, projects/filters.py) subclasses
RecordFilterSet; the HTML list, and later the exports and the API, all use it.
Several values of one filter widen the list (any of them); different filters
narrow it.
"""

import datetime
import hashlib
from functools import cached_property

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pagecache import cache
from records import memory, search
from records.facets import WORLD, FacetCounting
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


class ReferenceChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Refuses, as invalid choices, numbers that no database integer column can hold.

    Django's `in` lookup sends them as they come: SQLite then overflows and PostgreSQL raises an
    out-of-range error, both a 500. Such a value is a typo or a probe, never a record.
    """

    def clean(self, value):
        # An empty value (`?country=`, as a form with nothing chosen may send) chooses nothing.
        if isinstance(value, (list, tuple)):
            value = [item for item in value if item not in self.empty_values]
        if not value and not self.required:
            # A list, as the values chosen are (django-filter's _check_values), rather than Django's
            # queryset.none(): a test of truth sent that through the SQL compiler, some 0.3 ms, and pages
            # ask it of every empty filter several times.
            return []
        return super().clean(value)

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
    comes once, without a DISTINCT over every column of the record. The subquery
    reads the link table alone (linked_to()).
    """

    field_class = ReferenceChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(pk__in=linked_to(qs.model, self.field_name, value))


def linked_to(model, path, values, **links):
    """The ids of the records of `model` whose link on `path` ("countries", "countries__region") leads to
    any of `values`, read from the link table (with `links`, conditions on the link itself): joined to the
    records, the same subquery reads each of them twice, which at 8,000 records costs 50 ms, not 10."""
    first, _, rest = path.partition("__")
    relation = model._meta.get_field(first)
    record, entry = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    entry_path = f"{entry}__{rest}" if rest else entry
    through = relation.remote_field.through._default_manager
    return through.filter(**{f"{entry_path}__in": values}, **links).values(f"{record}_id")


class FilterForm(forms.Form):
    """Refuses a parameter that takes one value when it is given twice (?year_from=2000&year_from=2010),
    rather than reading one of them silently. Several values widen the filters that take several."""

    def clean(self):
        for name, field in self.fields.items():
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            if len(values) > 1 and not getattr(field.widget, "allow_multiple_selected", False):
                self.add_error(name, ValidationError(_("Give this parameter once."), code="repeated"))
        return super().clean()


class FlagInput(forms.CheckboxInput):
    """A checkbox (the form sends value="true") whose value the field reads as sent, so that a value other
    than true or false is refused rather than taken as ticked."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    widget = FlagInput
    VALUES = {"true": True, "on": True, "false": False}  # "on": what a checkbox without a value sends

    def to_python(self, value):
        if value is None:  # not sent: an unticked box
            return None
        try:
            return self.VALUES[value]
        except KeyError:
            raise ValidationError(_("Choose true or false."), code="invalid") from None


class FlagFilter(django_filters.BooleanFilter):
    field_class = FlagField


class YearField(forms.IntegerField):
    MINIMUM, MAXIMUM = 1900, 2100

    def __init__(self, **kwargs):
        super().__init__(min_value=self.MINIMUM, max_value=self.MAXIMUM, **kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


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


class RecordFilterSet(FacetCounting, django_filters.FilterSet):
    """Subclasses set Meta.model and `related_name`, the name the reference lists use for the records."""

    class Meta:
        form = FilterForm

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
    gcm_primary = FlagFilter(label=_("Primary objective only"), method="filter_nothing")
    principle = AnyOfFilter(
        label=_("GCM guiding principle"), field_name="principles", queryset=GuidingPrinciple.objects.all()
    )
    gcr = AnyOfFilter(label=_("GCR objective"), field_name="gcr_objectives", queryset=GCRObjective.objects.all())
    sdg = AnyOfFilter(label=_("Sustainable Development Goal"), field_name="sdgs", queryset=SDG.objects.all())
    beneficiary = AnyOfFilter(
        label=_("Beneficiaries"), field_name="beneficiaries", to_field_name="slug", queryset=Beneficiary.objects.all()
    )
    # Only organisations that published records name: any other id, a draft's organisation's included, is a
    # value the catalogue does not offer, left out with the usual message and named in no chip or facet.
    organisation = AnyOfFilter(
        label=_("Organisation"), field_name="organisations", queryset=Organisation.objects.public()
    )
    language = django_filters.MultipleChoiceFilter(label=_("Original language"), choices=settings.LANGUAGES)
    year_from = YearFilter(label=_("From year"), method="filter_year_from")
    year_to = YearFilter(label=_("To year"), method="filter_year_to")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Sort.CHOICES,
        empty_label=_("Default: relevance when searching, else newest"),
        method="filter_nothing",
        # Shown above the results, outside the form's element, and still one of its fields.
        widget=forms.Select(attrs={"form": "filters"}),
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
    # Lists read by name, in the order of the page's language (taxonomy/collation.py); the others by
    # number (GCM objectives...), and organisations by their count, the busiest first.
    alphabetical_facets = {"region", "subregion", "country", "beneficiary"}
    # Lists long enough to need a box to type in (static/js/catalogue.js), with what is ticked first.
    long_facets = {"country", "organisation"}
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
        """The records matching the words, best first, searched once for the list and every facet."""
        words = self.form.cleaned_data.get("q")
        if not search.words(words or ""):
            return None
        return search.matching_ids(self.queryset, words, self.stamp)

    @cached_property
    def stamp(self):
        """The cache's version stamp, read once, before the records: what the list keeps in the cache
        (matches, counts) is all kept under it, so that nothing read before a change is kept as newer. The
        kind's index in memory looks again after it (memory.look_again()), for the same reason."""
        stamp = cache.version() if cache.enabled() else None
        memory.look_again(self._meta.model)
        return stamp

    def filter_objectives(self, queryset, name, value):
        if not value:
            return queryset
        primary = {"is_primary": True} if self.form.cleaned_data.get("gcm_primary") else {}
        return queryset.filter(pk__in=linked_to(queryset.model, "gcm_objectives", value, **primary))

    def filter_year_from(self, queryset, name, value):
        # A record's period is start to end; an ongoing one runs to today; with neither, its start year alone.
        ongoing = Q(ongoing=True) if value <= datetime.date.today().year else Q(pk__in=[])
        return queryset.filter(Q(end_year__gte=value) | ongoing | Q(end_year__isnull=True, start_year__gte=value))

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(start_year__lte=value)

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.ordered(super().qs)
        return self._qs

    def order(self):
        order = words = None
        if self.is_bound:
            self.is_valid()  # cleans the form: a refused filter leaves the others, the order among them
            order, words = self.form.cleaned_data.get("sort"), self.form.cleaned_data.get("q")
        return order or (Sort.RELEVANCE if words else Sort.NEWEST)

    def results(self):
        """What the list shows, in its order: `qs`, or for a search by relevance, the records in the order
        of the ranked matches (search.matching_ids), read a page at a time."""
        self.is_valid()
        ranked = self.matching_words
        if ranked is None or self.order() != Sort.RELEVANCE:
            return self.qs
        if self.filtering(but=("q", *self.adjusting)):
            # The facets have read them already (as records_left() for a facet not in use), unless they came
            # from the cache: the matches among the records every other filter leaves, in the words' order.
            ranked = self.records_counted.get(tuple(self.filtering(but=self.adjusting)))
            if ranked is None:
                ranked = self.matches_among(self.queryset_without("q"))
        return search.RankedRecords(self.queryset, ranked, self.form.cleaned_data["q"])

    def count(self):
        """How many records the list holds: known without a query when the facets read them (known_count()),
        so asked after them. Kept as the facets' counts are, for the list's other languages, orders and pages,
        whose facets come from the cache and know nothing of the records."""
        return cache.cached(self.filters_key("count", but=("sort",)), self.counted, self.stamp)

    def counted(self):
        known = self.known_count()
        return self.results().count() if known is None else known

    def page_key(self, number):
        """The cache key of the records of page `number`: the kind, the filters' values and the order, and
        the page's language when the order is by title, which sorts in it (localized_title())."""
        order = self.order()
        return self.filters_key("cards", order, get_language() if order == Sort.TITLE else "", number)

    def filters_key(self, prefix, *more, but=()):
        """A cache key of `prefix`, this kind of record, the values of the filters but those in `but`, and
        `more`."""
        values = self.form.cleaned_data
        query = [(name, self.key_value(values[name])) for name in sorted(self.filtering(but=but))]
        digest = hashlib.sha256(repr((query, *more)).encode()).hexdigest()
        return f"{prefix}:{self._meta.model._meta.label_lower}:{digest}"

    def matches_among(self, records):
        """The words' matches, in their order, that are among `records` (the other filters' records): kept
        here, as a list of 100,000 matches sent to the database cost 170 ms a query."""
        passing = set(records.order_by().primary_keys())
        return [pk for pk in self.matching_words if pk in passing]

    # Settings that adjust the list or another filter, and narrow nothing by themselves.
    adjusting = ("sort", "gcm_primary")

    def filtering(self, but=()):
        """The names of the filters given a valid value, but those named in `but`."""
        return [name for name in self.filled if name not in but]

    @cached_property
    def filled(self):
        """The names of the filters given a valid value, read once the form is valid: a facet page asks some
        fifty times."""
        return [name for name, value in self.form.cleaned_data.items() if value]

    def ordered(self, queryset):
        order = self.order()
        words = self.form.cleaned_data.get("q") if self.is_bound else None
        if order == Sort.RELEVANCE and words and self.matching_words is not None:
            return search.in_ranked_order(queryset, self.matching_words)
        if order == Sort.TITLE:
            return queryset.order_by(Lower(localized_title()), "pk")
        if order == Sort.START:
            return queryset.order_by(
                F("start_year").desc(nulls_last=True), F("start_month").desc(nulls_last=True), "pk"
            )
        return queryset.order_by("-created_at", "-pk")

    # Facets (counted by records.facets.FacetCounting).

    def queryset_without(self, *names):
        """The list as filtered by every active filter but `names`, for the counts of the first."""
        skipped = {*names, "sort", *(["gcm_primary"] if names[0] == "gcm" else [])}
        queryset = self.queryset
        for other, value in self.form.cleaned_data.items():
            if other not in skipped:
                queryset = self.filters[other].filter(queryset, value)
        return queryset

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
    """Planned, ongoing or completed, from the years and today's date; a record the source says is
    ongoing runs to today."""
    year = datetime.date.today().year
    return Case(
        When(start_year__gt=year, then=Value("planned")),
        When(ongoing=True, then=Value("ongoing")),
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
