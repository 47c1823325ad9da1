from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string


class DatabaseUnavailableMiddleware:
    """An unreachable database gives a friendly 503 page at once, and the site recovers by itself.

    OperationalError and InterfaceError are the DB-API's "not your query's fault" errors: the server
    is down, unreachable, or timed out. Django reconnects on the next request, so nothing needs a
    restart when the database returns. Other database errors still surface as a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
