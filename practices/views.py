from pagecache.cache import public_page
from practices.filters import PracticeFilter
from practices.models import Practice
from records.views import record_and_related, record_page, register_list, render_filtered_list

# An empty list of another kind says how many practices the same filters give, and links here.
register_list(PracticeFilter, "practices:list")


@public_page
def practice_list(request):
    filterset = PracticeFilter(request.GET, queryset=Practice.objects.published())
    return render_filtered_list(request, filterset, "practices/practice_list.html")


@public_page
def practice_detail(request, slug):
    # Related projects are listed on project pages only: practices do not depend on projects.
    practice, (related,) = record_and_related(request, Practice.objects.for_detail(), slug, [Practice.objects.all()])
    return record_page(
        request, "practices/practice_detail.html", practice, {"practice": practice, "related_practices": related}
    )
