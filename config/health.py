"""Health endpoints for load balancers and orchestrators; outside the language prefixes, never cached."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def live(request):
    """The process answers: no database, no template. Also the benchmark's ceiling."""
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    """The process can reach its database: 200, or 503 so that traffic goes elsewhere."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
