"""The search page's list: practices and projects under the same words and filters, read as one.

Each kind's own FilterSet filters and counts its records, given the filters the kinds share (a
practice's type and a project's status are left to their own lists, and so is the sort order: the page
ranks by relevance, else the newest first). The page adds a filter of its own, the kinds to list, and
adds up each shared facet's counts over the kinds listed (records.facets.combined).
"""

from functools import cached_property

from django import forms
from django.utils.translation import gettext_lazy as _

from practices.filters import PracticeFilter
from practices.models import Practice
from projects.filters import ProjectFilter
from projects.models import Project
from records import cards, search
from records.facets import Facet, FacetOption, combined
from records.views import Chip, parameters, without

KINDS = [
    ("practice", _("Practices"), PracticeFilter, Practice),
    ("project", _("Projects"), ProjectFilter, Project),
]
# Shared by the kinds' lists, but not the page's: it has one order.
NOT_SHARED = {"sort"}


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
        shared = (set(PracticeFilter.base_filters) & set(ProjectFilter.base_filters)) - NOT_SHARED
        query = parameters(data, shared)
        self.filtersets = {
            name: filterset_class(query, queryset=model.objects.published())
            for name, _label, filterset_class, model in KINDS
        }
        self.filter = self.filtersets["practice"]
        self.kind_form = KindForm(data)
        self.kind_form.is_valid()

    @property
    def errors(self):
        return bool(self.filter.form.errors or self.kind_form.errors)

    @property
    def words(self):
        """The words searched, as the lists read them (a refused value is not searched)."""
        self.filter.is_valid()
        return self.filter.form.cleaned_data.get("q") or ""

    @property
    def chosen(self):
        """The kinds to list: those ticked, else all."""
        kinds = self.kind_form.cleaned_data.get("kind") or []
        return [name for name in self.filtersets if name in kinds or not kinds]

    @cached_property
    def facets(self):
        """The kinds, with how many records each gives under the filters, then the shared facets, counted
        over the kinds listed."""
        every = list(self.filtersets.values())
        shared = combined(every, [self.filtersets[kind] for kind in self.chosen])  # first: see counts
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
        return {name: filterset.count() for name, filterset in self.filtersets.items()}

    def results(self):
        """What each chosen kind lists, best first: see MergedResults."""
        lists = [self.filtersets[kind].results() for kind in self.chosen]
        return MergedResults(lists, total=sum(self.counts[kind] for kind in self.chosen), words=self.words)

    def chips(self, request):
        """A Chip for each kind ticked, to remove it."""
        labels = {name: label for name, label, *_rest in KINDS}
        return [
            Chip(str(KindForm.base_fields["kind"].label), str(labels[kind]), without(request, "kind", kind))
            for kind in self.kind_form.cleaned_data.get("kind") or []
        ]


class MergedResults:
    """Lists of records, ranked (search.RankedRecords) or newest first (a queryset), read as one for the
    paginator as cards (records.cards): by relevance where words ranked them, then the newest first.

    A page is chosen from each list's keys alone, then only its rows are read: the last page of 120,000
    records reads their keys, not their rows.
    """

    def __init__(self, lists, total, words=""):
        self.lists = lists
        self.total = total
        self.words = words

    def count(self):
        return self.total

    def __getitem__(self, window):
        # The first `stop` of the merged list are among the first `stop` of each list.
        heads = sorted(
            (key, number, pk) for number, records in enumerate(self.lists) for key, pk in keys(records, window.stop)
        )
        chosen = heads[window]
        found = {}
        for number, records in enumerate(self.lists):
            if wanted := [pk for _key, list_number, pk in chosen if list_number == number]:
                model = rows_of(records).model
                found.update(((number, card.pk), card) for card in cards.read(model, wanted, self.words))
        return [found[number, pk] for _key, number, pk in chosen if (number, pk) in found]


def rows_of(records):
    """The queryset a list's rows are read from."""
    return records.queryset if isinstance(records, search.RankedRecords) else records


def keys(records, stop):
    """[(order key, pk)] of the first `stop` of `records`, without their rows. A ranked list's by its place
    (1 / (RANK_OFFSET + place): the same scale in every list), then, as in a list newest first, by date
    and key, the highest first."""
    if isinstance(records, search.RankedRecords):
        ids = records.ids[:stop]
        created = dict(records.queryset.filter(pk__in=ids).order_by().values_list("pk", "created_at"))
        return [
            ((-1.0 / (search.RANK_OFFSET + place), -created[pk].timestamp(), -pk), pk)
            for place, pk in enumerate(ids, start=1)
            if pk in created
        ]
    return [((0.0, -created.timestamp(), -pk), pk) for pk, created in records.values_list("pk", "created_at")[:stop]]
