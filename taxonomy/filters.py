"""Filters that practices and projects share: the same names, the same behaviour."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from taxonomy.models import Country, GCMObjective

# Longer queries are refused with a message rather than sent to the database.
MAX_QUERY_LENGTH = 200


class AnyOfFilter(django_filters.ModelMultipleChoiceFilter):
    """Records linked to any of the chosen values.

    A subquery rather than a join: a record linked to two chosen values still
    comes once, without a DISTINCT over every column of the record.
    """

    def filter(self, qs, value):
        if not value:
            return qs
        matching = qs.model._default_manager.filter(**{f"{self.field_name}__in": value})
        return qs.filter(pk__in=matching.values("pk"))


class RecordFilterSet(django_filters.FilterSet):
    """Country (ISO code), GCM objective (number) and words, all in the query string.

    Several values of one filter widen the list (OR); different filters narrow it (AND).
    Subclasses set Meta.model and list the text fields `q` searches.
    """

    q = django_filters.CharFilter(
        label=_("Words"),
        method="search",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    country = AnyOfFilter(
        label=_("Country"),
        field_name="countries",
        to_field_name="code",
        queryset=Country.objects.all(),
        help_text=_("Hold Ctrl (or Cmd) to pick several."),
    )
    gcm = AnyOfFilter(
        label=_("GCM objective"),
        field_name="gcm_objectives",
        queryset=GCMObjective.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    search_fields = ["title", "summary"]

    def search(self, queryset, name, value):
        """Match every word, in any language's title or summary."""
        for word in value.split():
            matches = Q()
            for field in self.search_fields:
                for code, _name in settings.LANGUAGES:
                    matches |= Q(**{f"{build_localized_fieldname(field, code)}__icontains": word})
            queryset = queryset.filter(matches)
        return queryset

    @property
    def active(self):
        """True when the visitor narrowed the list with a valid filter."""
        return self.is_bound and any(self.form.cleaned_data.get(name) for name in self.filters)
