from django.shortcuts import render

from practices.models import Practice
from projects.models import Project
from taxonomy.models import GCMObjective


def home(request):
    practices = Practice.objects.published()
    projects = Project.objects.published()
    return render(
        request,
        "home.html",
        {
            "practice_count": practices.count(),
            "project_count": projects.count(),
            "latest_practices": practices.for_list().order_by("-created_at")[:3],
            "latest_projects": projects.for_list().order_by("-created_at")[:3],
            "objectives": GCMObjective.objects.all(),
        },
    )
