"""System checks of the page cache's settings."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def page_cache_is_shared(app_configs, **kwargs):
    """The page cache needs a cache that every process shares: the version stamp lives there."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS > 0 and backend.endswith("LocMemCache"):
        return [
            Warning(
                "Public pages are cached in local memory, which each worker process has to itself: "
                "a change made through one would not reach the pages that the others keep.",
                hint="Set REDIS_URL, or PAGE_CACHE_SECONDS=0.",
                id="pagecache.W001",
            )
        ]
    return []
