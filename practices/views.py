from django.shortcuts import get_object_or_404, render

from practices.filters import PracticeFilter
from practices.models import Practice
from taxonomy.views import related_records, render_filtered_list


def practice_list(request):
    filterset = PracticeFilter(request.GET, queryset=Practice.objects.published().for_list())
    return render_filtered_list(request, filterset, "practices/practice_list.html")


def practice_detail(request, slug):
    practice = get_object_or_404(Practice.objects.published().for_detail(), slug=slug)
    return render(
        request,
        "practices/practice_detail.html",
        {
            "practice": practice,
            # Related projects are listed on project pages only: practices do not depend on projects.
            "related_practices": related_records(practice, Practice.objects.all()),
        },
    )
