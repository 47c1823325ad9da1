from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """Pages as on the site (?page=), with ?page_size= for clients that want fewer requests.

    Page numbers rather than cursors: a list may be sorted by relevance or title, which a cursor
    cannot follow; every order the FilterSet applies ends with the primary key, so pages are stable.

    Both take one whole number from 1 (page_size up to API_MAX_PAGE_SIZE), as the schema says: anything
    else is a 400 that names the parameter, not a value silently replaced by the default. A page past the
    last is a 404.
    """

    page_size = settings.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    last_page_strings = ()  # "?page=last" is not a number: the schema would not describe it

    def paginate_queryset(self, queryset, request, view=None):
        self.number(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        return self.number(request, self.page_size_query_param, self.max_page_size) or self.page_size

    def number(self, request, name, maximum=None):
        """The one whole number given as `name`, from 1 to `maximum`; None when it is not given."""
        values = request.query_params.getlist(name)
        if not values:
            return None
        if len(values) > 1:
            raise ValidationError({name: [_("Give this parameter once.")]})
        try:
            number = int(values[0])
        except ValueError:
            number = 0
        if number < 1 or (maximum is not None and number > maximum):
            message = _("Enter a whole number from 1 to %(maximum)s.") % {"maximum": maximum} if maximum else None
            raise ValidationError({name: [message or _("Enter a whole number from 1.")]})
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters
