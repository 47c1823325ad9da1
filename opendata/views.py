"""Downloads of the filtered lists, and robots.txt."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from opendata.exports import PRACTICE_FIELDS, PROJECT_FIELDS, export_response, practice_row, project_row
from practices.filters import PracticeFilter
from practices.models import Practice
from projects.filters import ProjectFilter
from projects.models import Project


@require_safe
def practices_export(request, format):
    filterset = PracticeFilter(request.GET, queryset=Practice.objects.published().with_classifications())
    return export_response(request, filterset, practice_row, PRACTICE_FIELDS, "practices", format)


@require_safe
def projects_export(request, format):
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published().with_classifications())
    return export_response(request, filterset, project_row, PROJECT_FIELDS, "projects", format)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        # The API and the downloads repeat the pages; crawling every filtered export would only cost.
        "Disallow: /api/",
        "Disallow: /*/export.",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
