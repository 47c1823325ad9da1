from django.apps import apps

from pagecache.cache import public_page
from projects.filters import ProjectFilter
from projects.models import Project
from records.views import record_and_related, record_page, register_list, render_filtered_list

# An empty list of another kind says how many projects the same filters give, and links here.
register_list(ProjectFilter, "projects:list")


@public_page
def project_list(request):
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published())
    return render_filtered_list(request, filterset, "projects/project_list.html", map_points=filterset.qs.map_points())


@public_page
def project_detail(request, slug):
    # Practices and projects are peers that import nothing of each other: the practices a project page
    # suggests are reached through the app registry.
    practices = apps.get_model("practices", "Practice").objects.all()
    project, (related_projects, related_practices) = record_and_related(
        request, Project.objects.for_detail(), slug, [Project.objects.all(), practices]
    )
    return record_page(
        request,
        "projects/project_detail.html",
        project,
        {"project": project, "related_projects": related_projects, "related_practices": related_practices},
    )
