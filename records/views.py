from dataclasses import dataclass
from urllib.parse import quote_plus, urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from pagecache import cache
from records import cards, search
from records.suggestions import suggestions
from records.workflow import can_preview


def render_filtered_list(request, filterset, template_name, extra_context=None, map_points=()):
    """Filter, paginate, count the facets, render: every list page of the catalogue does this.

    map_points: [(latitude, longitude, label, address)] to mark on the world map, which the list's
    template draws (browse's `list_map` tag) from these and the country facet's counts.
    """
    facets = filterset.facets()
    records = filterset.results()
    paginator = Paginator(records, settings.PAGE_SIZE)
    paginator.count = filterset.count()  # read after the facets, which may know it already
    number = page_number(paginator, request.GET.get("page"))
    words = filterset.form.cleaned_data.get("q") or ""

    def read_cards():
        start = (number - 1) * paginator.per_page
        ids = cards.page_ids(records, start, min(start + paginator.per_page, paginator.count))
        return cards.read(filterset._meta.model, ids, words)

    # The page's cards are the same in every language but for an order by title: read once for the three,
    # and kept as the counts are.
    page = Page(cache.cached(filterset.page_key(number), read_cards, filterset.stamp), number, paginator)
    empty = not page.paginator.count
    # The country facet already counts each country's records under the other filters.
    country_counts = {
        option.value: option.count for facet in facets if facet.name == "country" for option in facet.options
    }
    context = {
        "filter": filterset,
        "page_obj": page,
        "facets": facets,
        "chips": chips(request, filterset, facets),
        "words": words,
        "close_titles": (search.close_titles(filterset.queryset, words) if words and empty else []),
        "suggestions": suggestions(request, filterset, words) if words else [],
        "elsewhere": elsewhere(request, filterset) if empty and filterset.active else [],
        "country_counts": country_counts,
        "map_points": map_points,
        **(extra_context or {}),
    }
    # A refused filter is named above the results, which the other filters still narrow: the page is whole,
    # and its status says the request was not all understood (nor is it kept by the page cache).
    return render(request, template_name, context, status=400 if filterset.form.errors else 200)


def page_number(paginator, number):
    """The number of the page to show for the `number` asked: the first for a value that is not one, the
    last for one past it (Paginator.get_page(), which reads the page too)."""
    try:
        return paginator.validate_number(number)
    except PageNotAnInteger:
        return 1
    except EmptyPage:
        return paginator.num_pages


def record_page(request, template_name, record, context):
    """A record's page. A staff member's preview of an unpublished record is marked private, never to be
    stored: no shared cache in front of the site may keep it and give it to someone else."""
    response = render(request, template_name, context)
    if not record.is_public:
        patch_cache_control(response, private=True, no_store=True)
    return response


# Each kind of record's list: its FilterSet and its URL name, registered by the kind's views module, so
# that an empty list can point to another kind without importing it (practices and projects are peers).
LISTS = {}


def register_list(filterset_class, url_name):
    LISTS[filterset_class._meta.model._meta.label_lower] = (filterset_class, url_name)


@dataclass(frozen=True)
class Elsewhere:
    """Records of another kind that the same filters give: `count` of `kind` (a model name) at `address`."""

    kind: str
    count: int
    address: str


def elsewhere(request, filterset):
    """For an empty list, an Elsewhere for each other kind whose records the same filters give.

    Only the filters the list applied and the other kind has too are passed on, so that its count is what
    the address shows; its FilterSet checks their values itself. A few queries a kind, whatever the rows.
    """
    applied = set(filterset.filtering())
    found = []
    for model_label, (other_class, url_name) in LISTS.items():
        if model_label == filterset._meta.model._meta.label_lower:
            continue
        query = parameters(request.GET, applied & set(other_class.base_filters))
        model = other_class._meta.model
        count = other_class(query, queryset=model._default_manager.published()).qs.count()
        if count:
            found.append(Elsewhere(model._meta.model_name, count, f"{reverse(url_name)}?{query.urlencode()}"))
    return found


@dataclass(frozen=True)
class Chip:
    """An active filter value, and the address of the list without it."""

    filter_label: str
    value_label: str
    address: str
    # The language of value_label when it fell back to another than the page's (an organisation's name).
    language: str = ""


def chips(request, filterset, facets):
    """A Chip for each active filter value, to remove it."""
    result = []
    options = {(facet.name, option.value): (facet.label, option) for facet in facets for option in facet.options}
    cleaned = filterset.form.cleaned_data
    for name in request.GET:
        if name in ("page", "sort") or name not in filterset.filters or not cleaned.get(name):
            continue
        for value in request.GET.getlist(name):
            address = without(request, name, value)
            if (name, value) in options:
                facet_label, option = options[name, value]
                result.append(Chip(facet_label, option.label, address, option.language))
            elif name == "gcm_primary":
                result.append(Chip("", _("Primary objective only"), address))
            elif name in ("q", "year_from", "year_to"):
                result.append(Chip(filterset.filters[name].label, value, address))
    return result


def parameters(query, names):
    """A copy of `query` with only the parameters in `names`."""
    kept = QueryDict(mutable=True)
    for name in query:
        if name in names:
            kept.setlist(name, query.getlist(name))
    return kept


# Where a value goes in a query written once for many values: a character no value holds.
PLACE = "\x00"


def narrowing(request, name):
    """A function of a value of filter `name`: the address of the current list narrowed by it too, from its
    first page. The query is read and written once, for the world map's 200 countries (a copy of it for
    each cost 10 ms a page)."""
    query = request.GET.copy()
    query.pop("page", None)
    chosen = set(query.getlist(name))
    unchanged = f"{request.path}?{query.urlencode()}"
    query.appendlist(name, PLACE)
    before, after = query.urlencode().rsplit(urlencode({name: PLACE}), 1)  # the last: a visitor may send one
    start = f"{request.path}?{before}{quote_plus(name)}="  # as urlencode() writes a pair, without its cost

    def address(value):
        return unchanged if value in chosen else f"{start}{quote_plus(value)}{after}"

    return address


def without(request, name, value):
    """The current list without one value of a filter, from its first page."""
    query = request.GET.copy()
    query.setlist(name, [other for other in query.getlist(name) if other != value])
    query.pop("page", None)
    return f"{request.path}?{query.urlencode()}" if query else request.path


def record_and_related(request, queryset, slug, related_to):
    """The record of `queryset` (its for_detail()) at `slug`, or a 404, and its related records of each
    queryset of `related_to` (related_records()), each with what it has in common with it, in the page's
    language.

    A published record and its related records are kept under the version stamp (cache.cached()), for
    its page in the other languages: some twenty queries, two thirds of a record page's cost. An edit of
    the record or of its links marks its pages touched, so that its own page reads them afresh at once;
    other changes (a renamed organisation) show within PAGE_STALE_SECONDS, a withdrawal at once. A
    staff member's preview of an unpublished record is read afresh, and never kept.
    """

    def published():
        record = queryset.published().filter(slug=slug).first()
        return record and (record, [related_records(record, others) for others in related_to])

    found = cache.cached(f"record:{queryset.model._meta.label_lower}:{slug}", published, path=request.path)
    if found is None:
        record = get_object_or_404(queryset, slug=slug)
        if not record.is_public and not can_preview(request.user, record):
            raise Http404
        found = record, [related_records(record, others) for others in related_to]
    record, related = found
    for others in related:
        for other in others:
            other.in_common = in_common(record, other) if not other.pinned_by_editors else []
    return record, related


# How many related records a detail page lists of each kind, and how many more are chosen, in case some
# were withdrawn since the index in memory last looked (records.search.sharing).
RELATED_COUNT = 4
RELATED_SPARE = 4


def related_records(record, queryset, limit=RELATED_COUNT):
    """The cards (records.cards) of the records of `queryset` to show beside `record`: those the editors
    pinned (`pinned_by_editors`), then those sharing the most with it (`close_subject` when their text is
    close to its).

    The choice is kept in the cache for a while, past other records' changes (it lags behind them at most
    PAGE_CACHE_SECONDS, or until `record` itself changes); the cards of the records chosen are read afresh,
    and only published records have one, as only they may be pinned.
    """
    model = queryset.model
    pinned = []
    if isinstance(record, model):
        pinned = cards.read(model, list(record.pinned_related.published().values_list("pk", flat=True)[:limit]))
    for other in pinned:
        other.pinned_by_editors, other.close_subject = True, False
    if len(pinned) >= limit:
        return pinned
    wanted = limit - len(pinned)
    leaving_out = [other.pk for other in pinned]

    def choose():
        close = search.similar(record, model)
        chosen = search.sharing(record, model, close, wanted + RELATED_SPARE, leaving_out)
        return {"chosen": chosen, "close": [pk for pk in close if pk in chosen]}

    key = f"related:{record._meta.label_lower}:{record.pk}:{record.updated_at.isoformat()}:{model._meta.label_lower}:v3"
    choice = cache.lasting(key, choose)
    chosen = cards.read(model, [pk for pk in choice["chosen"] if pk not in leaving_out])[:wanted]
    for other in chosen:
        other.pinned_by_editors, other.close_subject = False, other.pk in choice["close"]
    return pinned + chosen


def in_common(record, other):
    """What `other` (a card) shares with `record`: GCM objectives, countries and beneficiary groups, then a
    close subject (related_records())."""
    objectives = {link.objective_id for link in record.objective_links.all()}
    phrases = [
        _("objective %(number)s") % {"number": number} for number, *_rest in other.objectives if number in objectives
    ]
    countries = {link.country_id for link in record.country_links.all()}
    phrases += [name for code, name, _assigned in other.countries if code in countries]
    groups = {link.beneficiary_id for link in record.beneficiary_links.all()}
    phrases += [name for group, name in other.beneficiaries if group in groups]
    if other.close_subject:
        phrases.append(_("a close subject"))
    return phrases
