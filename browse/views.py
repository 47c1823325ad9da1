"""Pages that span practices and projects: home, search, and a page per reference entry."""

import csv

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from browse import charts
from browse.across import AcrossKinds
from browse.coverage import TABLES, Coverage
from browse.worldmap import world_map
from pagecache.cache import public_page
from practices.filters import PracticeFilter
from practices.models import Practice
from projects.filters import ProjectFilter
from projects.models import Project
from records import cards, search, suggestions
from records.filters import MAX_QUERY_LENGTH, linked_to
from records.views import chips
from taxonomy.models import (
    SDG,
    Beneficiary,
    Country,
    GCMObjective,
    GCRObjective,
    GuidingPrinciple,
    Organisation,
    OrganisationAlias,
)

# How many records a reference entry's page shows of each kind, and organisation names the autocomplete returns.
TOPIC_PAGE_SIZE = 10
AUTOCOMPLETE_SIZE = 10


@public_page
def home(request):
    practices = Practice.objects.published()
    projects = Project.objects.published()
    practice_list = reverse("practices:list")
    return render(
        request,
        "browse/home.html",
        {
            "practice_count": practices.count(),
            "project_count": projects.count(),
            "latest_practices": cards.newest(practices, 3),
            "latest_projects": cards.newest(projects, 3),
            "objectives": GCMObjective.objects.all(),
            "world_map": world_map(
                practices.count_by_country(),
                projects.map_points(),
                lambda code: f"{practice_list}?country={code}",
            ),
        },
    )


@public_page
def about(request):
    """What the catalogue is, who runs it, its editorial policy and licence, how to cite and to contribute:
    the owner's details come from settings (CATALOGUE_*), so that another owner runs it as their own."""
    return render(request, "browse/about.html", {"catalogue": settings.CATALOGUE})


@public_page
def search_page(request):
    """Practices and projects matching the words and filters, in one list ranked by relevance (the
    newest first without words), with the facets the two kinds share."""
    data = request.GET.copy()
    too_long = any(len(words.strip()) > MAX_QUERY_LENGTH for words in data.getlist("q"))
    if too_long:
        data.pop("q")  # refused above the results, which the filters still narrow
    found = AcrossKinds(data)
    words = found.words  # as the lists read them: none when refused (given twice)
    facets = found.facets
    page = Paginator(found.results(), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    close = []
    if words and not page.paginator.count:
        kinds = found.filtersets.values()
        close = [record for filterset in kinds for record in search.close_titles(filterset.queryset, words)]
    context = {
        "words": words,
        "too_long": too_long,
        "max_length": MAX_QUERY_LENGTH,
        "filter": found.filter,
        "kind_form": found.kind_form,
        "facets": facets,
        "chips": found.chips(request) + chips(request, found.filter, facets),
        "page_obj": page,
        "close_titles": close,
        "suggestions": search_suggestions(words) if words else [],
    }
    return render(request, "browse/search.html", context, status=400 if too_long or found.errors else 200)


def search_suggestions(words):
    """The filters the words name (records.suggestions), offered on each kind's list: "Filter practices by
    Senegal: 12", "Filter projects by Senegal: 1". The names and entries are read once for both kinds."""
    lists = [
        (PracticeFilter(QueryDict(), queryset=Practice.objects.published()), reverse("practices:list")),
        (ProjectFilter(QueryDict(), queryset=Project.objects.published()), reverse("projects:list")),
    ]
    found = suggestions.entries(words, lists[0][0])
    if not found:
        return []  # and neither list's filters, which cost a validation each, are checked
    return [offer for filterset, path in lists for offer in suggestions.offers(found, filterset, path, QueryDict())]


def organisation_autocomplete(request):
    """Names of organisations with published records that match `q` (in any language, aliases included:
    ACNUR finds UNHCR), for the list filter, each named as the page names it."""
    words = request.GET.get("q", "")[:100].strip()
    if len(words) < 2:
        return JsonResponse({"results": []})
    names = Q(Exists(OrganisationAlias.objects.filter(organisation=OuterRef("pk"), name__icontains=words)))
    for code, _name in settings.LANGUAGES:
        names |= Q(**{f"name_{code}__icontains": words}) | Q(**{f"acronym_{code}__iexact": words})
    matches = Organisation.objects.public().filter(names).prefetch_related("aliases")
    return JsonResponse(
        {
            "results": [
                {"id": organisation.pk, "name": organisation.display_name.text}
                for organisation in matches[:AUTOCOMPLETE_SIZE]
            ]
        }
    )


# A page for each reference entry: what it is, and the records tied to it.


def topic(request, entry, lookup, parameter, value, extra_context=None):
    """`lookup`: the records' field that holds the entry; `parameter=value`: the list filter that selects it."""
    # A subquery on the link table, as the list's filter does: a record naming the entry twice (an
    # organisation in two roles) comes, and counts, once.
    practices = Practice.objects.published().filter(pk__in=linked_to(Practice, lookup, [entry]))
    projects = Project.objects.published().filter(pk__in=linked_to(Project, lookup, [entry]))
    return render(
        request,
        "browse/topic.html",
        {
            **(extra_context or {}),
            "entry": entry,
            "kind": entry._meta.verbose_name,
            "query": f"{parameter}={value}",
            "practices": cards.newest(practices, TOPIC_PAGE_SIZE),
            "practice_count": practices.count(),
            "projects": cards.newest(projects, TOPIC_PAGE_SIZE),
            "project_count": projects.count(),
        },
    )


@public_page
def gcm_objective(request, number):
    entry = get_object_or_404(GCMObjective, number=number)
    return topic(request, entry, "gcm_objectives", "gcm", number)


@public_page
def gcr_objective(request, number):
    entry = get_object_or_404(GCRObjective, number=number)
    return topic(request, entry, "gcr_objectives", "gcr", number)


@public_page
def principle(request, number):
    entry = get_object_or_404(GuidingPrinciple, number=number)
    return topic(request, entry, "principles", "principle", number)


@public_page
def sdg(request, number):
    entry = get_object_or_404(SDG, number=number)
    return topic(request, entry, "sdgs", "sdg", number)


@public_page
def country(request, code):
    entry = get_object_or_404(Country.objects.select_related("region", "subregion"), code=code.upper())
    return topic(request, entry, "countries", "country", entry.code)


@public_page
def beneficiary(request, slug):
    entry = get_object_or_404(Beneficiary, slug=slug)
    return topic(request, entry, "beneficiaries", "beneficiary", entry.slug)


@public_page
def organisation(request, pk):
    # An organisation that only drafts name has no page yet: its name is not public.
    organisations = Organisation.objects.public().select_related("country", "parent")
    entry = get_object_or_404(organisations.prefetch_related("aliases", "parent__aliases"), pk=pk)
    # The parent is named only once a published record names it: until then it is unpublished, name and all.
    parent_is_public = entry.parent_id is not None and Organisation.objects.public().filter(pk=entry.parent_id).exists()
    context = {"organisation": entry, "parent_is_public": parent_is_public}
    return topic(request, entry, "organisations", "organisation", entry.pk, context)


# The coverage page: what the catalogue holds, by objective and place, year and organisation.


@public_page
def coverage(request):
    """The matrices, the years and the busiest organisations under the lists' filters (browse/coverage.py),
    each chart drawn here (browse/charts.py) with its data table and a CSV download."""
    figures = Coverage(request.GET)
    kinds = [name for name, _label in figures.kinds]
    matrices = [(matrix, charts.matrix_chart(matrix, _("All"), cell_title)) for matrix in figures.matrices()]
    years, undated = figures.years()
    organisations = figures.organisations()
    query = figures.query().urlencode()
    context = {
        "filter": figures.filter,
        "form": figures.form,
        "kind_form": figures.found.kind_form,
        "by": figures.by,
        "kinds": figures.kinds,
        "chips": figures.chips(request),
        "matrices": matrices,
        "years": years,
        "undated": sum(undated.values()),
        "years_chart": charts.years_chart(years, kinds, year_title) if years else None,
        "organisations": organisations,
        "organisations_chart": charts.organisations_chart(organisations) if organisations else None,
        "query": f"?{query}" if query else "",
        "by_query": {by: figures.query(by=by).urlencode() for by in ("region", "subregion")},
        "matrix_query": f"?{figures.query(by=figures.by).urlencode()}",
    }
    return render(request, "browse/coverage.html", context, status=400 if figures.errors else 200)


def cell_title(entry, place, count):
    return ngettext("%(entry)s, %(place)s: %(count)s record", "%(entry)s, %(place)s: %(count)s records", count) % {
        "entry": entry,
        "place": place,
        "count": count,
    }


def year_title(year):
    return f"{year.year}: {', '.join(kind_count(kind, count) for kind, count in year.counts.items())}"


def kind_count(kind, count):
    if kind == "project":
        return ngettext("%(count)s project", "%(count)s projects", count) % {"count": count}
    return ngettext("%(count)s practice", "%(count)s practices", count) % {"count": count}


@public_page
def coverage_csv(request, chart):
    """One chart's data table as CSV, under the same filters; a refused filter is a 400 that names it."""
    figures = Coverage(request.GET)
    if chart not in TABLES:
        raise Http404
    if figures.errors:
        return HttpResponseBadRequest(figures.error_text(), content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coverage-{chart}-{get_language()}.csv"'
    # Spreadsheet programs read a CSV file as UTF-8 only when it starts with a byte order mark.
    response.write("\ufeff")
    csv.writer(response).writerows(TABLES[chart](figures))
    return response
