"""Downloads of the filtered lists and of each record (CSV, JSON, PDF), and robots.txt."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rest_framework.throttling import SimpleRateThrottle

from opendata.exports import PRACTICE_FIELDS, PROJECT_FIELDS, export_response, practice_row, project_row, refused
from opendata.summaries import list_summary, record_summary
from pagecache.cache import public_page
from practices.filters import PracticeFilter
from practices.models import Practice
from projects.filters import ProjectFilter
from projects.models import Project
from records.workflow import can_preview


@require_safe
def practices_export(request, format):
    filterset = PracticeFilter(request.GET, queryset=Practice.objects.published().with_classifications())
    return export_response(request, filterset, practice_row, PRACTICE_FIELDS, "practices", format)


@require_safe
def projects_export(request, format):
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published().with_classifications())
    return export_response(request, filterset, project_row, PROJECT_FIELDS, "projects", format)


@require_safe
@public_page
def practice_pdf(request, slug):
    return record_pdf(request, Practice.objects.for_detail(), slug)


@require_safe
@public_page
def project_pdf(request, slug):
    return record_pdf(request, Project.objects.for_detail(), slug)


def record_pdf(request, records, slug):
    """A record's summary, as its page shows it: published, or previewed by staff who may preview it."""
    record = get_object_or_404(records, slug=slug)
    if not record.is_public and not can_preview(request.user, record):
        raise Http404
    return record_summary(request, record)


class ListSummaryThrottle(SimpleRateThrottle):
    """A list's PDF takes seconds of a worker to make (up to 50 records laid out), so each client may have
    LIST_PDF_RATE made. A PDF the page cache already holds is served before the view, and does not count.
    Clients are told apart as the API's throttles tell them (django-rest-framework's)."""

    scope = "list_pdf"

    def get_rate(self):
        return settings.LIST_PDF_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def too_many(request, list_address):
    """None while the client may have another list's PDF made; else a 429 page that says when, and offers
    the list and its other downloads."""
    throttle = ListSummaryThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = max(1, round(throttle.wait() or 60))
    context = {"minutes": -(-wait // 60), "list_address": list_address}
    response = render(request, "opendata/too_many_pdfs.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_safe
@public_page
def practices_pdf(request):
    filterset = PracticeFilter(request.GET, queryset=Practice.objects.published().for_detail())
    return list_pdf(request, filterset, _("Practices"), "practices:list")


@require_safe
@public_page
def projects_pdf(request):
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published().for_detail())
    return list_pdf(request, filterset, _("Projects"), "projects:list")


def list_pdf(request, filterset, title, list_name):
    """The first records of a filtered list as a PDF: its filters checked as the list checks them, then the
    client's limit."""
    if not filterset.is_valid():
        return refused(filterset)
    list_address = reverse(list_name) + query_of(request)
    if limited := too_many(request, list_address):
        return limited
    return list_summary(request, filterset.qs, title, list_address)


def query_of(request):
    query = request.GET.copy()
    query.pop("page", None)
    return f"?{query.urlencode()}" if query else ""


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        # The API and the downloads repeat the pages; crawling every filtered export would only cost.
        "Disallow: /api/",
        "Disallow: /*/export.",
        # A PDF repeats its page, and costs a render each.
        "Disallow: /*/summary.pdf",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
