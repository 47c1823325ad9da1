"""Whole-page caching of the public pages, invalidated whenever catalogue data changes.

The cache holds rendered pages for anonymous visitors under a "version"
stamp; any save or delete that can change a public page (a published record, or
one being withdrawn, its links, a reference entry: see shows_publicly) moves
the stamp on, so the next request renders afresh. Signals are used here on
purpose: they catch every way data changes (admin, workflow, loaddata, shell),
which is what invalidation needs. Bulk inserts send none, so the demo data
command calls bump() itself.

Views opt in with @public_page (the API with public_response); PageCacheMiddleware,
near the top of the stack, stores their answers and serves them again before
sessions, users, languages, views and the API's rate limits are touched: a hit
costs one cache round trip. Values shared by many pages (facet counts, the
records that match some words) are kept under the same stamp with cached().

The backend is Django's cache: local memory by default, Redis when REDIS_URL
is set, so that several app servers share pages and the stamp.
"""

import contextlib
import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpResponse
from django.utils import translation

# Change the prefix whenever what is stored under a key changes shape: a shared Redis outlives a release.
PREFIX = "catalogue:3"
VERSION_KEY = f"{PREFIX}:version"
WATCHED_APPS = {"taxonomy", "practices", "projects"}


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def version():
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def bump(**kwargs):
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def shows_publicly(model, instance):
    """Whether saving or deleting `instance` can change a public page.

    A record matters when it is published, or was when the save began (it is being withdrawn);
    what belongs to a record (its links, results, comments) when that record is published; the
    workflow's log never shows. Reference lists always matter. Editors working on drafts therefore
    leave the cached pages alone, and the cache lasts between publications.
    """
    from taxonomy.models import Record, StatusChange

    if model._meta.app_label not in WATCHED_APPS or issubclass(model, StatusChange):
        return False
    if isinstance(instance, Record):
        return instance.is_public or getattr(instance, "_was_public", True)
    owner = _owner_field(model)
    if owner is None:
        return True
    try:
        return getattr(instance, owner.name).is_public
    except owner.related_model.DoesNotExist:
        return True


@functools.cache
def _owner_field(model):
    """The foreign key from `model` to the record it belongs to, if it belongs to one."""
    from taxonomy.models import Record

    for field in model._meta.concrete_fields:
        if field.many_to_one and issubclass(field.related_model, Record):
            return field
    return None


def _before_save(sender, instance, **kwargs):
    from taxonomy.models import Record, Status

    if isinstance(instance, Record):
        saved = type(instance)._default_manager.filter(pk=instance.pk, status=Status.PUBLISHED)
        instance._was_public = instance.pk is not None and saved.exists()


def bump_now_and_on_commit():
    """Move the stamp now, and again once the change is committed.

    Between the two, a request may read the new stamp but the data as it was before the change (the
    transaction is still open), and keep what it rendered under that stamp: the second move makes it
    stale. Outside a transaction, on_commit runs at once.
    """
    bump()
    transaction.on_commit(bump)


def _on_change(sender, instance, **kwargs):
    if shows_publicly(sender, instance):
        bump_now_and_on_commit()


def _on_links_change(sender, instance, action, **kwargs):
    # `sender` is the link table; `instance` the record, or the reference entry when linked from its side.
    if action.startswith("post_") and shows_publicly(type(instance), instance):
        bump_now_and_on_commit()


def connect():
    pre_save.connect(_before_save, dispatch_uid="catalogue_cache_pre_save")
    post_save.connect(_on_change, dispatch_uid="catalogue_cache_post_save")
    post_delete.connect(_on_change, dispatch_uid="catalogue_cache_post_delete")
    m2m_changed.connect(_on_links_change, dispatch_uid="catalogue_cache_m2m_changed")


def cached(key, compute, stamp=None):
    """`compute()`, kept under `key` until catalogue data changes: for values every visitor shares.

    stamp: the version() read before any of the data that `compute` builds on, when the caller read
    some of it earlier (see RecordFilterSet.stamp); else the current one.
    """
    if not enabled():
        return compute()
    key = f"{PREFIX}:{key}"
    if stamp is None:
        stamp, value = read(key)
    else:
        value = stored_under(stamp, cache.get(key))
    if value is not None:
        return value
    with computing(key, stamp) as ready:
        if ready is not None:
            return ready
        value = compute()
        write(key, stamp, value)
        return value


# How long others wait for a worker computing a value (beyond it, they compute it themselves), and how
# long its claim lasts should the worker die meanwhile. They stop waiting as soon as the claim is gone;
# while it stands, computing again would only slow down the worker that is nearly done.
WAIT_SECONDS = 20
CLAIM_SECONDS = 30
POLL_SECONDS = 0.05


@contextlib.contextmanager
def computing(key, stamp):
    """One worker at a time computes what `key` holds for `stamp`; the others wait for its result.

    Yields the result when another worker made it meanwhile, else None: compute it then. After a
    change, many requests miss the same page or the same counts at once; without this each of them
    would read the same hundreds of thousands of rows, and all would answer late. Waiting costs no
    processor time, so the one computing goes faster.
    """
    claim = f"{key}:claim"
    if cache.add(claim, stamp, CLAIM_SECONDS):
        try:
            yield None
        finally:
            cache.delete(claim)
        return
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        found = cache.get_many([key, claim])
        # Stamps are clock readings from several machines: only the same one is known to be as fresh.
        if (value := stored_under(stamp, found.get(key))) is not None:
            yield value
            return
        if claim not in found:  # done, without keeping anything (not a page to keep), or given up
            break
    yield None


def current(key, stamp):
    """What `cached(key, ..., stamp)` would return without computing it: the value, or None."""
    return stored_under(stamp, cache.get(f"{PREFIX}:{key}")) if enabled() else None


def lasting(key, compute):
    """`compute()`, kept for PAGE_CACHE_SECONDS whatever changes meanwhile.

    Only for choices that may lag behind the data for that long, such as which records to suggest;
    never for what a page shows of them, which comes from the database or under the version stamp.
    """
    if not enabled():
        return compute()
    key = f"{PREFIX}:{key}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def read(key):
    """The version stamp, and what `key` holds if it was stored under that stamp: one round trip."""
    found = cache.get_many([VERSION_KEY, key])
    stamp = found.get(VERSION_KEY) or version()
    return stamp, stored_under(stamp, found.get(key))


def stored_under(stamp, entry):
    """What a cache entry (stamp, value) holds if it was stored under `stamp`, else None."""
    return entry[1] if entry is not None and entry[0] == stamp else None


def write(key, stamp, value):
    """Keep `value` under `key` for the stamp it was computed under; a later stamp makes it stale."""
    cache.set(key, (stamp, value), settings.PAGE_CACHE_SECONDS)


def public_page(view):
    """Mark `view`'s pages as the same for every anonymous visitor, for PageCacheMiddleware to keep."""

    @functools.wraps(view)
    def marked_view(request, *args, **kwargs):
        return public_response(view(request, *args, **kwargs))

    return marked_view


def public_response(response):
    """Mark `response` as the same for every anonymous visitor of its address and language."""
    response.public_page = True
    return response


# What the cache holds for an address whose page is not to be kept.
NOT_KEPT = "not kept"


class PageCacheMiddleware:
    """Serve anonymous GET requests for @public_page views from the cache; staff always get a fresh page.

    A visitor without a session cookie is anonymous: that is all a hit needs to know, so it is
    answered here, before the session, the user, the language and the view. Each page is kept
    in the form it left in, gzipped or plain, under a key of its own, so a hit reads only the
    bytes it sends (pages for anonymous visitors hold no secret, such as a CSRF token, that
    compression could leak). The entry carries the version stamp it was rendered under; the
    stamp and the entry are read in one round trip, and a stale entry is rendered again, by one
    worker while the others asking for the same page wait for it (computing()).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        key = self.key(request)
        stamp, page = read(key)
        if page is None:
            with computing(key, stamp) as page:
                if page is None:
                    return self.render(request, key, stamp)
        if page == NOT_KEPT:
            return self.get_response(request)
        content, headers = page
        return HttpResponse(content, headers=headers)

    def render(self, request, key, stamp):
        response = self.get_response(request)
        if self.keeps(request, response):
            write(key, stamp, (response.content, dict(response.items())))
        elif response.status_code < 500 and response.status_code != 429:
            # Remembered, so that the next visitors of this address (a health check, a form) go
            # straight to the view instead of waiting for one another. Not a server error, which
            # may pass, nor a visitor's own refusal (429): its address is rendered again, and kept
            # when it can be.
            write(key, stamp, NOT_KEPT)
        return response

    @staticmethod
    def key(request):
        variant = "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "plain"
        # Pages have the language in their address; the API takes it from the request, as LocaleMiddleware will.
        language = translation.get_language_from_request(request, check_path=True)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return f"{PREFIX}:page:{variant}:{language}:{path}"

    @staticmethod
    def keeps(request, response):
        return (
            getattr(response, "public_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.user.is_authenticated
        )
