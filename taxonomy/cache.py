"""Whole-page caching of the public pages, invalidated whenever catalogue data changes.

The cache holds rendered pages for anonymous visitors under a "version"
stamp; any save or delete of a record, a link or a reference entry moves the
stamp on, so the next request renders afresh. Signals are used here on
purpose: they catch every way data changes (admin, workflow, loaddata, shell),
which is what invalidation needs. Bulk inserts send none, so the demo data
command calls bump() itself.

The backend is Django's cache: local memory by default, Redis when REDIS_URL
is set, so that several app servers share pages and the stamp.
"""

import functools
import gzip
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

# Change the prefix whenever what is stored under a key changes shape: a shared Redis outlives a release.
PREFIX = "catalogue:2"
VERSION_KEY = f"{PREFIX}:version"
WATCHED_APPS = {"taxonomy", "practices", "projects"}


def version():
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def bump(**kwargs):
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _on_change(sender, **kwargs):
    if sender._meta.app_label in WATCHED_APPS:
        bump()


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"catalogue_cache_{id(signal)}")


def cached_value(request, name, compute):
    """`compute()`, from the cache for anonymous visitors: for results that are not a whole page (the API)."""
    if settings.PAGE_CACHE_SECONDS <= 0 or request.user.is_authenticated:
        return compute()
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"{PREFIX}:{name}:{version()}:{get_language()}:{path}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def public_page(view):
    """Serve anonymous GET requests of `view` from the cache; staff always get a fresh page (previews).

    The page is kept plain and gzipped: a hit costs no rendering and no compression. (Pages for
    anonymous visitors hold no secret, such as a CSRF token, that compression could leak.)
    """

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method != "GET" or settings.PAGE_CACHE_SECONDS <= 0 or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        compressed = "gzip" in request.headers.get("Accept-Encoding", "")
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"{PREFIX}:page:{version()}:{path}"
        # Each variant under its own key: a hit reads only the bytes it sends.
        entry = cache.get(f"{key}:{'gzip' if compressed else 'plain'}")
        if entry is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            if hasattr(response, "render"):
                response.render()
            headers = dict(response.items())
            plain = (response.content, headers)
            zipped = (gzip.compress(response.content, compresslevel=6), {**headers, "Content-Encoding": "gzip"})
            cache.set_many({f"{key}:plain": plain, f"{key}:gzip": zipped}, settings.PAGE_CACHE_SECONDS)
            entry = zipped if compressed else plain
        content, headers = entry
        response = HttpResponse(content, headers=headers)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return cached_view
