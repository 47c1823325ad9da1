"""Health endpoints for load balancers and orchestrators, answered before the rest of the stack.

HealthCheckMiddleware, first in the stack, answers them: no page cache, no session, no language,
no host check (a load balancer may call the server by its address) and no HTTPS redirect.
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from config.middleware import start_afresh


def live(request):
    """The process answers: no database, no template. Also the benchmark's ceiling."""
    return JsonResponse({"status": "ok"})


def ready(request):
    """The process can reach its database: 200, or 503 so that traffic goes elsewhere.

    The cache is reported, not required: without it, pages are rendered afresh, slower but right.
    """
    cache_state = "ok" if getattr(cache, "ping", lambda: True)() else "down"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        start_afresh()
        return JsonResponse({"status": "unavailable", "database": "unreachable", "cache": cache_state}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "cache": cache_state})


ENDPOINTS = {"/healthz": ready, "/healthz/live": live}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        endpoint = ENDPOINTS.get(request.path_info)
        if endpoint is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        response = endpoint(request)
        add_never_cache_headers(response)
        return response
