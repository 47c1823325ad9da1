from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string

from api import errors


class DatabaseUnavailableMiddleware:
    """An unreachable database gives a friendly 503 page at once, and the site recovers by itself.

    OperationalError and InterfaceError are the DB-API's "not your query's fault" errors: the server
    is down, unreachable, or timed out. The next request connects afresh (start_afresh()), so nothing
    needs a restart when the database returns. Other database errors still surface as a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        start_afresh()
        response = errors.unavailable(request) or HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response


def start_afresh():
    """Drop the connection pool after a database error: the next request makes a new one, which connects at
    once. The old pool would retry with a growing delay, and answer 503 for about 20 s after the database
    came back."""
    if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("pool"):
        connection.close()
        connection.close_pool()


class RejectNullBytesMiddleware:
    """A NUL byte in the address or the query string is never meaningful: answer 400 before any view.

    PostgreSQL refuses NUL characters in text, so they must not reach a query; the forms' own
    validators catch them in typed fields, this catches them everywhere else (codes, slugs, numbers).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in name or any("\x00" in value for value in values) for name, values in request.GET.lists()
        ):
            return errors.bad_request(request, exception=None)
        return self.get_response(request)


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's strict policy everywhere, with the few allowances the admin needs, and Permissions-Policy.

    The public pages have no inline script or style at all. Django's admin writes one inline <style>
    in its change lists (and reversion-compare in its diff), so /admin/ may use inline styles, never
    inline scripts.
    """

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def process_response(self, request, response):
        if request.path.startswith(f"/{settings.ADMIN_URL}"):
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return super().process_response(request, response)
