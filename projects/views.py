from django.apps import apps
from django.http import Http404
from django.shortcuts import get_object_or_404

from pagecache.cache import public_page
from projects.filters import ProjectFilter
from projects.models import Project
from records.views import record_page, register_list, related_records, render_filtered_list
from records.workflow import can_preview

# An empty list of another kind says how many projects the same filters give, and links here.
register_list(ProjectFilter, "projects:list")


@public_page
def project_list(request):
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published().for_cards())
    return render_filtered_list(request, filterset, "projects/project_list.html", map_points=filterset.qs.map_points())


@public_page
def project_detail(request, slug):
    project = get_object_or_404(Project.objects.for_detail(), slug=slug)
    if not project.is_public and not can_preview(request.user, project):
        raise Http404
    return record_page(
        request,
        "projects/project_detail.html",
        project,
        {
            "project": project,
            "related_projects": related_records(project, Project.objects.all()),
            # Practices and projects are peers that import nothing of each other: the practices a
            # project page suggests are reached through the app registry.
            "related_practices": related_records(project, apps.get_model("practices", "Practice").objects.all()),
        },
    )
