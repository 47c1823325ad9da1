"""The filters, facets and sort orders that practices and projects share.

One FilterSet per list (practices/filters.py, projects/filters.py) subclasses
RecordFilterSet; the HTML list, and later the exports and the API, all use it.
Several values of one filter widen the list (any of them); different filters
narrow it.
"""

import datetime
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from taxonomy import search
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

    related_name = None  # "practices" or "projects": how the reference lists name these records
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
        return search.filter(queryset, value)

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

    def ordered(self, queryset):
        order = self.form.cleaned_data.get("sort") if self.is_bound and self.is_valid() else None
        words = self.form.cleaned_data.get("q") if self.is_bound else None
        if not order:
            order = Sort.RELEVANCE if words else Sort.NEWEST
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

    def queryset_without(self, name):
        """The list as filtered by every active filter but `name`, for that filter's counts."""
        queryset = self.queryset
        for other, value in self.form.cleaned_data.items():
            if other not in (name, "sort") and not (name == "gcm" and other == "gcm_primary"):
                queryset = self.filters[other].filter(queryset, value)
        return queryset

    def facets(self):
        """Every facet with its options and counts: one query a facet, whatever the number of records."""
        self.is_valid()
        sources = self.facet_sources()
        return [
            *(self.relation_facet(name, *sources[name]) for name in self.relation_facets),
            *self.choice_facets(),
        ]

    def selected_values(self, name):
        value = self.form.cleaned_data.get(name) or []
        return {str(getattr(item, "pk", item)) for item in value}

    def facet_sources(self):
        """Filter name -> (its options, the path from an option to the records).

        Built for each request: option names are read in the active language.
        """
        records = self.related_name
        return {
            "region": (Region.objects.filter(parent=WORLD), f"region_countries__{records}"),
            "subregion": (Region.objects.exclude(parent=None).exclude(parent=WORLD), f"countries__{records}"),
            "country": (Country.objects.all(), records),
            "gcm": (GCMObjective.objects.all(), records),
            "principle": (GuidingPrinciple.objects.all(), records),
            "gcr": (GCRObjective.objects.all(), records),
            "sdg": (SDG.objects.all(), records),
            "beneficiary": (Beneficiary.objects.all(), records),
            "organisation": (Organisation.objects.all(), records),
        }

    def relation_facet(self, name, options, relation):
        matching = self.queryset_without(name).values("pk")
        counted = Q(**{f"{relation}__in": matching})
        if name == "gcm" and self.form.cleaned_data.get("gcm_primary"):
            # Count through the link table, where the primary flag lives.
            relation = f"{self.Meta.model._meta.model_name}objective"
            owner = self.Meta.model._meta.model_name
            counted = Q(**{f"{relation}__is_primary": True, f"{relation}__{owner}__in": matching})
        rows = options.annotate(count=Count(relation, filter=counted, distinct=True))
        selected = self.selected_values(name)
        if name in self.catalogue_only_facets:
            published = self.Meta.model._default_manager.published().values("pk")
            in_catalogue = Count(relation, filter=Q(**{f"{relation}__in": published}), distinct=True)
            rows = rows.alias(in_catalogue=in_catalogue).filter(in_catalogue__gt=0)
        if name == "organisation":
            rows = rows.order_by("-count", "pk")[: self.organisation_facet_size]
        rows = list(rows)
        key = self.filters[name].extra.get("to_field_name") or "pk"
        if name == "organisation" and (missing := selected - {str(row.pk) for row in rows}):
            rows += options.filter(pk__in=missing).annotate(count=Count(relation, filter=counted, distinct=True))
        return Facet(
            name,
            self.filters[name].label,
            [self.option(row, str(getattr(row, key)), selected) for row in rows],
        )

    @staticmethod
    def option(row, value, selected):
        name = getattr(row, "display_name", None)
        if name is None:
            return FacetOption(value, str(row), row.count, value in selected)
        language = "" if name.language == get_language() else name.language
        return FacetOption(value, name.text, row.count, value in selected, language)

    def choice_facets(self):
        """Facets on a column of the record itself, such as its language."""
        for name, expression, choices in self.column_facets():
            counts = dict(
                self.queryset_without(name)
                .annotate(facet_value=expression)
                .order_by()
                .values_list("facet_value")
                .annotate(count=Count("pk"))
            )
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
        return self.is_bound and any(
            value for name, value in self.form.cleaned_data.items() if name not in ("sort", "gcm_primary")
        )


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
