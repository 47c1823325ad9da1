"""The search page's list: practices and projects under the same words and filters, read as one.

Each kind's own FilterSet filters and counts its records, given the filters the kinds share (a
practice's type and a project's status are left to their own lists). The page adds a filter of its
own, the kinds to list, and sums each shared facet's counts over the kinds (records.facets.combined).
"""

from functools import cached_property

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from practices.filters import PracticeFilter
from practices.models import Practice
from projects.filters import ProjectFilter
from projects.models import Project
from records.facets import Facet, FacetOption, combined
from records.views import Chip, without

KINDS = [
    ("practice", _("Practices"), PracticeFilter, Practice),
    ("project", _("Projects"), ProjectFilter, Project),
]


class KindForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label=_("Kind of record"),
        choices=[(name, label) for name, label, _filterset, _model in KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AcrossKinds:
    """`data`: the page's query. `filtersets`: each kind's FilterSet, in KINDS order; `filter`, the first,
    holds the shared fields the form shows."""

    def __init__(self, data):
        shared = set(PracticeFilter.base_filters) & set(ProjectFilter.base_filters)
        query = QueryDict(mutable=True)
        for name in data:
            if name in shared:
                query.setlist(name, data.getlist(name))
        self.filtersets = {
            name: filterset_class(query, queryset=model.objects.published().for_list())
            for name, _label, filterset_class, model in KINDS
        }
        self.filter = self.filtersets["practice"]
        self.kind_form = KindForm(data)
        self.kind_form.is_valid()

    @property
    def errors(self):
        return bool(self.filter.form.errors or self.kind_form.errors)

    @property
    def chosen(self):
        """The kinds to list: those ticked, else all."""
        kinds = self.kind_form.cleaned_data.get("kind") or []
        return [name for name in self.filtersets if name in kinds or not kinds]

    @property
    def active(self):
        """True when a filter or a kind narrows what the page lists."""
        return self.filter.active or bool(self.kind_form.cleaned_data.get("kind"))

    @cached_property
    def facets(self):
        """The kinds, with how many records each gives under the filters, then the shared facets."""
        shared = combined(list(self.filtersets.values()))  # first: see counts
        chosen = self.kind_form.cleaned_data.get("kind") or []
        kinds = Facet(
            "kind",
            KindForm.base_fields["kind"].label,
            [FacetOption(name, str(label), self.counts[name], name in chosen) for name, label, *_rest in KINDS],
        )
        return [kinds, *shared]

    @cached_property
    def counts(self):
        """{kind: how many records it lists under the filters}. Read after the facets, it costs no query
        when they read the records' ids (FacetCounting.known_count)."""
        return {name: self.count(filterset) for name, filterset in self.filtersets.items()}

    @staticmethod
    def count(filterset):
        known = filterset.known_count()
        return filterset.results().count() if known is None else known

    def results(self):
        """What each chosen kind lists, best first: see MergedResults."""
        lists = [self.filtersets[kind].results() for kind in self.chosen]
        return MergedResults(lists, total=sum(self.counts[kind] for kind in self.chosen))

    def chips(self, request):
        """A Chip for each kind ticked, to remove it."""
        labels = {name: label for name, label, *_rest in KINDS}
        return [
            Chip(str(KindForm.base_fields["kind"].label), str(labels[kind]), without(request, "kind", kind))
            for kind in self.kind_form.cleaned_data.get("kind") or []
        ]


class MergedResults:
    """Ranked lists of records (search.RankedRecords), or lists newest first, read as one for the
    paginator: by relevance where words ranked them, then the newest first."""

    def __init__(self, lists, total):
        self.querysets = lists
        self.total = total

    def count(self):
        return self.total

    def __getitem__(self, window):
        # The first `stop` of the merged list are among the first `stop` of each kind.
        rows = [row for queryset in self.querysets for row in queryset[: window.stop]]
        rows.sort(key=lambda row: (-(getattr(row, "rank", 0) or 0), -row.created_at.timestamp()))
        return rows[window]
