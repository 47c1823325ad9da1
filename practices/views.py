from django.http import Http404
from django.shortcuts import get_object_or_404

from pagecache.cache import public_page
from practices.filters import PracticeFilter
from practices.models import Practice
from records.views import record_page, register_list, related_records, render_filtered_list
from records.workflow import can_preview

# An empty list of another kind says how many practices the same filters give, and links here.
register_list(PracticeFilter, "practices:list")


@public_page
def practice_list(request):
    filterset = PracticeFilter(request.GET, queryset=Practice.objects.published().for_cards())
    return render_filtered_list(request, filterset, "practices/practice_list.html")


@public_page
def practice_detail(request, slug):
    practice = get_object_or_404(Practice.objects.for_detail(), slug=slug)
    if not practice.is_public and not can_preview(request.user, practice):
        raise Http404
    return record_page(
        request,
        "practices/practice_detail.html",
        practice,
        {
            "practice": practice,
            # Related projects are listed on project pages only: practices do not depend on projects.
            "related_practices": related_records(practice, Practice.objects.all()),
        },
    )
