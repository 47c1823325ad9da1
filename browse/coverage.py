"""The coverage page's figures: what the catalogue holds by objective and place, by year, by organisation.

Every count is a facet count of the lists (records/facets.py), summed over the kinds listed as the
search page sums them: a cell "GCM objective 3 in Africa" is the search page's count of objective 3 under
the same filters and the region Africa, and links to that page. A column is the page's filters with its
region put in place of theirs; a row's count ignores the row's own filter, as a facet's does. Only
published records are counted, as the lists count them.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import Count
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from browse.across import KINDS, AcrossKinds
from records.facets import WORLD, summed
from records.views import Chip, without
from taxonomy.models import SDG, Country, GCMObjective, GCRObjective, Organisation, Region

# Antarctica is an M49 region without a permanent population: the matrices leave it out.
ANTARCTICA = "010"
# How many organisations the ranking names.
TOP_ORGANISATIONS = 10


# Each matrix: its rows' filter, their entries, its title and its rows' name.
MATRICES = {
    "gcm": (GCMObjective, _("GCM objectives by place"), _("GCM objective")),
    "gcr": (GCRObjective, _("GCR objectives by place"), _("GCR objective")),
    "sdg": (SDG, _("Sustainable Development Goals by place"), _("Sustainable Development Goal")),
}


class CoverageForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Columns"),
        choices=[("region", _("Regions")), ("subregion", _("Sub-regions"))],
        required=False,
    )


@dataclass
class Cell:
    count: int
    link: str


@dataclass
class Row:
    entry: object  # a GCM objective, GCR objective or SDG
    cells: list[Cell]
    total: Cell


@dataclass
class Matrix:
    """Entries (rows) by places (columns): `name`, the rows' filter ("gcm"); `total`, each row's count
    anywhere (a record in two regions counts in each column, once in the total)."""

    name: str
    title: str
    rows_label: str
    columns_label: str
    columns: list[Region]
    rows: list[Row]


@dataclass
class YearCount:
    year: int
    counts: dict  # {kind: count}

    @property
    def total(self):
        return sum(self.counts.values())


@dataclass
class RankedOrganisation:
    organisation: Organisation
    count: int
    link: str


class Coverage:
    """The page's figures for the query `data`: the lists' filters, the kinds, and `by` (regions or
    sub-regions as the matrices' columns)."""

    def __init__(self, data):
        self.found = AcrossKinds(data)
        self.form = CoverageForm(data)
        self.form.is_valid()
        self.by = self.form.cleaned_data.get("by") or "region"

    @property
    def errors(self):
        return self.found.errors or bool(self.form.errors)

    @property
    def filter(self):
        return self.found.filter

    @property
    def kinds(self):
        """The kinds counted, as (name, label)."""
        return [(name, label) for name, label, *_rest in KINDS if name in self.found.chosen]

    def query(self, **replaced):
        """The search page's query for these filters, with `replaced` parameters set instead of theirs."""
        query = QueryDict(mutable=True)
        query.update(self.found.filter.data)
        # A refused value is left out, as the lists leave it out.
        for name in ("page", "sort", "by", *self.found.filter.form.errors, *replaced):
            query.pop(name, None)
        if self.found.kind_form.cleaned_data.get("kind"):
            query.setlist("kind", self.found.kind_form.cleaned_data["kind"])
        for name, value in replaced.items():
            query.setlist(name, [str(value)])
        return query

    def search_link(self, **replaced):
        """The search page's address for these filters with `replaced` instead of theirs. The rest of the
        query is written once for each set of names replaced: a page has some 300 links."""
        names = tuple(sorted(replaced))
        if names not in self.link_bases:
            query = self.query(**dict.fromkeys(names, ""))
            for name in names:
                query.pop(name)
            self.link_bases[names] = f"{reverse('browse:search')}?" + (f"{query.urlencode()}&" if query else "")
        return self.link_bases[names] + urlencode(replaced)

    @cached_property
    def link_bases(self):
        return {}

    def chips(self, request):
        """A Chip for each kind ticked and each filter value in use, to remove it. Named from the values
        the form checked, without counting the facets, which this page does not show."""
        found = self.found.chips(request)
        cleaned = self.filter.form.cleaned_data
        languages = dict(settings.LANGUAGES)
        for name in self.filter.filtering(but=self.filter.adjusting):
            label = str(self.filter.filters[name].label)
            if name in self.filter.relation_facets:
                key = self.filter.value_key(name)
                for entry in cleaned[name]:
                    shown = getattr(entry, "display_name", None)
                    text, language = (shown.text, shown.language) if shown else (str(entry), "")
                    found.append(Chip(label, text, without(request, name, str(getattr(entry, key))), language))
                continue
            values = cleaned[name] if isinstance(cleaned[name], list) else [cleaned[name]]
            for value in values:
                found.append(Chip(label, str(languages.get(value, value)), without(request, name, str(value))))
        if cleaned.get("gcm_primary"):
            address = without(request, "gcm_primary", request.GET.get("gcm_primary", ""))
            found.append(Chip("", str(self.filter.filters["gcm_primary"].label), address))
        return found

    # Columns.

    @cached_property
    def columns(self):
        """The regions, or sub-regions, the matrices count in: those chosen in the filters, else all."""
        chosen = list(self.found.filter.form.cleaned_data.get(self.by) or [])
        if chosen:
            return sorted(chosen, key=lambda region: region.code)
        if self.by == "region":
            return list(Region.objects.filter(parent=WORLD).exclude(code=ANTARCTICA).order_by("code"))
        regions = self.found.filter.form.cleaned_data.get("region") or []
        countries = Country.objects.exclude(region=ANTARCTICA).exclude(subregion=None)
        if regions:
            countries = countries.filter(region__in=regions)
        order = countries.order_by("region", "subregion").values_list("subregion", flat=True).distinct()
        subregions = {region.code: region for region in Region.objects.filter(code__in=list(order))}
        return [subregions[code] for code in dict.fromkeys(order) if code in subregions]

    @cached_property
    def column_filtersets(self):
        """{column code: {kind: its FilterSet under the page's filters, the column in place of theirs}}.
        Each keeps what it counts under the page's stamp, read before anything the page counted: one read,
        and the indexes in memory look once for the page (a stamp read later makes them look again)."""
        filtersets = {}
        for region in self.columns:
            found = AcrossKinds(self.query(**{self.by: region.code}))
            for kind in self.found.chosen:
                found.filtersets[kind].stamp = self.found.filtersets[kind].stamp
            filtersets[region.code] = {kind: found.filtersets[kind] for kind in self.found.chosen}
        return filtersets

    def counted(self, filtersets, name):
        """{entry key: count} of facet `name`, summed over `filtersets` ({kind: FilterSet})."""
        for filterset in filtersets.values():
            filterset.is_valid()
        return summed(filterset.facet_counts(name) for filterset in filtersets.values())

    def matrix(self, name, entries, title, rows_label):
        totals = self.counted({kind: self.found.filtersets[kind] for kind in self.found.chosen}, name)
        by_column = {code: self.counted(filtersets, name) for code, filtersets in self.column_filtersets.items()}
        rows = []
        for entry in entries:
            cells = [
                Cell(
                    by_column[region.code].get(entry.pk, 0),
                    self.search_link(**{name: entry.pk, self.by: region.code}),
                )
                for region in self.columns
            ]
            rows.append(Row(entry, cells, Cell(totals.get(entry.pk, 0), self.search_link(**{name: entry.pk}))))
        columns_label = _("Region") if self.by == "region" else _("Sub-region")
        return Matrix(name, title, rows_label, columns_label, self.columns, rows)

    def matrices(self):
        return [self.matrix_named(name) for name in MATRICES]

    def matrix_named(self, name):
        model, title, rows_label = MATRICES[name]
        return self.matrix(name, model.objects.all(), title, rows_label)

    # Years and organisations.

    def years(self):
        """[YearCount] from the first year of start to the last, every year between included (a year
        without records is a gap, not left out), and how many records give no year."""
        counts = {}
        for kind in self.found.chosen:
            filterset = self.found.filtersets[kind]
            filterset.is_valid()
            records = filterset.qs.order_by().values_list("start_year").annotate(count=Count("pk"))
            for year, count in records:
                counts.setdefault(year, {})[kind] = count
        unknown = counts.pop(None, {})
        if not counts:
            return [], unknown
        years = [
            YearCount(year, {kind: counts.get(year, {}).get(kind, 0) for kind in self.found.chosen})
            for year in range(min(counts), max(counts) + 1)
        ]
        return years, unknown

    def organisations(self):
        """The TOP_ORGANISATIONS organisations that published records name most under the filters."""
        counts = self.counted({kind: self.found.filtersets[kind] for kind in self.found.chosen}, "organisation")
        busiest = sorted((pk for pk in counts if pk is not None), key=lambda pk: (-counts[pk], pk))
        busiest = busiest[:TOP_ORGANISATIONS]
        # public(): an organisation only drafts name is named nowhere, whatever the counts say.
        named = Organisation.objects.public().filter(pk__in=busiest).prefetch_related("aliases")
        names = {organisation.pk: organisation for organisation in named}
        return [
            RankedOrganisation(names[pk], counts[pk], self.search_link(organisation=pk))
            for pk in busiest
            if pk in names
        ]

    def error_text(self):
        """Each refused filter and its message, for a download that cannot be made."""
        forms = (self.filter.form, self.found.kind_form, self.form)
        return "\n".join(
            f"{form.fields[name].label}: {' '.join(errors)}"
            for form in forms
            for name, errors in form.errors.items()
            if name in form.fields
        )


# The data tables as CSV rows: a header, then a row an entry. Texts are the page's language's.

# A spreadsheet program runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text(value):
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def matrix_table(figures, name):
    matrix = figures.matrix_named(name)
    header = [_("Number"), matrix.rows_label, *(f"{region.name} ({region.code})" for region in matrix.columns)]
    yield [text(value) for value in [*header, _("All")]]
    for row in matrix.rows:
        label = getattr(row.entry, "short_label", None) or row.entry.title
        yield [row.entry.pk, text(label), *(cell.count for cell in row.cells), row.total.count]


def years_table(figures):
    years, undated = figures.years()
    yield [text(value) for value in [_("Year of start"), *(label for _name, label in figures.kinds), _("All")]]
    for year in years:
        yield [year.year, *(year.counts.get(kind, 0) for kind in figures.found.chosen), year.total]
    yield [
        text(_("Not given")),
        *(undated.get(kind, 0) for kind in figures.found.chosen),
        sum(undated.values()),
    ]


def organisations_table(figures):
    yield [text(_("Organisation")), text(_("Records")), text(_("Address"))]
    for ranked in figures.organisations():
        yield [text(ranked.organisation.display_name.text), ranked.count, ranked.organisation.get_absolute_url()]


TABLES = {
    "gcm": lambda figures: matrix_table(figures, "gcm"),
    "gcr": lambda figures: matrix_table(figures, "gcr"),
    "sdg": lambda figures: matrix_table(figures, "sdg"),
    "years": years_table,
    "organisations": organisations_table,
}
