"""Errors under /api/ are JSON, in the shape the schema documents ({"detail": "..."}, ErrorSerializer),
whoever answers them: DRF for its own views; Django and the site's middleware for the rest (an address
that does not exist, a refused request, a server error, a database outage), which answer HTML pages
everywhere else."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def is_api(request):
    return request.path.startswith("/api/")


def json_error(status, detail):
    return JsonResponse({"detail": str(detail)}, status=status)


def bad_request(request, exception):
    if is_api(request):
        return json_error(400, _("The request could not be understood."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return json_error(403, _("You may not do this."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return json_error(404, _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return json_error(500, _("Something went wrong on our side. Please try again later."))
    return defaults.server_error(request)


def unavailable(request):
    """JSON for the API when the database does not answer (config.middleware), else None."""
    if is_api(request):
        return json_error(503, _("The catalogue is unavailable for a moment. Please try again shortly."))
    return None
