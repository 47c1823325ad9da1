from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """Pages as on the site (?page=), with ?page_size= for clients that want fewer requests.

    Page numbers rather than cursors: a list may be sorted by relevance or title, which a cursor
    cannot follow; every order the FilterSet applies ends with the primary key, so pages are stable.
    """

    page_size = settings.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
