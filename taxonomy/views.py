from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render


def render_filtered_list(request, filterset, template_name):
    """Filter, paginate, render: every list page of the catalogue does this."""
    page = Paginator(filterset.qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template_name, {"filter": filterset, "page_obj": page})
