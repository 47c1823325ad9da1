"""Whole-page caching of public pages, invalidated whenever the data they show changes.

The cache holds rendered pages for anonymous visitors under a "version" stamp. Any save or delete in
the apps named by PAGE_CACHE_WATCHED_APPS moves the stamp on, unless the instance says the change
shows on no public page (see public_pages_change below); the next request then renders afresh.
Signals are used on purpose: they catch every way data changes (admin, workflow, loaddata, shell),
which is what invalidation needs. Bulk inserts send none: call bump() after them.

Views opt in with @public_page (a DRF view with public_response()); PageCacheMiddleware, near the
top of the stack, stores their answers and serves them again before sessions, users, languages and
views are touched: a hit costs one cache round trip. Values shared by many pages (facet counts, the
records that match some words) are kept under the same stamp with cached().

After an edit, a page kept before it is still served as fresh until it is PAGE_STALE_SECONDS old, so that
an editor publishing every few seconds does not make every page render again each time: lists, counts
and the home page show an edit within that bound. The record's own pages show it at once: a model names
them (`public_paths()`), and an edit marks them touched. A page past the bound is rendered afresh by the
first request, while the others are served the previous page (stale-while-revalidate); nobody waits for
anybody. After a withdrawal (a record unpublished or deleted, anything deleted) no earlier page is served
again: each request renders its own until a fresh one is kept.

The cache may fail: pagecache.backends.RedisCache turns an outage into misses, so that every page
is rendered afresh until Redis is back.

Models in the watched apps may define `public_pages_change(deleted)`, returning None (nothing
public changed), EDIT or WITHDRAWAL; without it, a save is an edit and a delete a withdrawal. They may
also define `public_paths()`: the addresses (paths, without query) of their own pages, fresh at once
after an edit.
"""

import contextlib
import contextvars
import functools
import hashlib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation

# Change the prefix whenever what is stored under a key changes shape: a shared Redis outlives a release.
PREFIX = "pagecache:3"
VERSION_KEY = f"{PREFIX}:version"
# The stamp of the last withdrawal: nothing kept under an earlier stamp is served again.
WITHDRAWN_KEY = f"{PREFIX}:withdrawn"
# The stamp of the last change in the reference apps (PAGE_CACHE_REFERENCE_APPS): what is held from their
# tables alone (a facet's entries) outlasts the records' edits (reference_version()).
REFERENCE_KEY = f"{PREFIX}:reference"
# How long a worker's claim to refresh a stale entry lasts, should it die meanwhile.
CLAIM_SECONDS = 30

EDIT = "edit"
WITHDRAWAL = "withdrawal"


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def shared():
    """True when every process reads the same cache (Redis): a stamp moved by one is seen by all."""
    return not settings.CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))


# The stamps: a counter that only grows (Redis INCR is atomic across machines). Should the key be lost
# (evicted, or Redis restarted), it starts again from the clock in nanoseconds, far above any count
# reached before: entries kept under an older stamp are then stale, and nothing worse happens.


def version():
    """The current stamp, or None when the cache cannot be reached (nothing is then kept)."""
    stamp = cache.get(VERSION_KEY)
    if stamp is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        stamp = cache.get(VERSION_KEY)
        cache.add(WITHDRAWN_KEY, stamp, timeout=None)
    return stamp


# Far below any stamp seeded from the clock: a counter under it was restarted by INCR on a lost key.
SEED_FLOOR = 10**15
# A bump this process could not make (the cache was unreachable), to make as a withdrawal at the first
# chance: entries kept before it must not be served as fresh once the cache answers again.
_owed = False


def bump(change=EDIT, paths=(), reference=False):
    """Move the stamp on: every kept value is older than it. A withdrawal forbids serving them again; the
    pages at `paths` are stale at once; the rest may be served for up to PAGE_STALE_SECONDS. `reference`:
    the change is in a reference app, so what is held from those alone is read again too."""
    global _owed
    try:
        stamp = cache.incr(VERSION_KEY)
    except ValueError:  # the key is gone
        stamp = None
    if stamp is not None and stamp < SEED_FLOOR:
        stamp = None  # evicted between the backend's check and its INCR: seed again from the clock
    if stamp is None:
        stamp = time.time_ns()
        if cache.set(VERSION_KEY, stamp, timeout=None) is False:
            _owed = True
            return
    if change == WITHDRAWAL and cache.set(WITHDRAWN_KEY, stamp, timeout=None) is False:
        _owed = True
    if reference and cache.set(REFERENCE_KEY, stamp, timeout=None) is False:
        _owed = True
    # set_many answers the keys it could not set. A page not marked touched would show the edit late; a
    # withdrawal makes every page render afresh, so it pays for that too.
    if paths and cache.set_many({touched_key(path): stamp for path in paths}, settings.PAGE_CACHE_SECONDS):
        _owed = True


def touched_key(path):
    return f"{PREFIX}:touched:{hashlib.sha256(path.encode()).hexdigest()}"


def pay_what_is_owed():
    global _owed
    if _owed:
        _owed = False
        bump(WITHDRAWAL, reference=True)


def bump_now_and_on_commit(change=EDIT, paths=(), reference=False):
    """Move the stamp now, and again once the change is committed.

    Between the two, a request may read the new stamp but the data as it was before the change (the
    transaction is still open), and keep what it rendered under that stamp: the second move makes it
    stale. Outside a transaction, on_commit runs at once.
    """
    bump(change, paths, reference)
    transaction.on_commit(functools.partial(bump, change, paths, reference))


def change_of(instance, deleted):
    """EDIT, WITHDRAWAL or None: what saving or deleting `instance` does to the public pages."""
    if instance._meta.app_label not in settings.PAGE_CACHE_WATCHED_APPS:
        return None
    hook = getattr(instance, "public_pages_change", None)
    if hook is None:
        return WITHDRAWAL if deleted else EDIT
    return hook(deleted=deleted)


def is_reference(instance):
    return instance._meta.app_label in settings.PAGE_CACHE_REFERENCE_APPS


def paths_of(instance):
    hook = getattr(instance, "public_paths", None)
    return tuple(hook()) if hook else ()


def _on_save(sender, instance, **kwargs):
    if change := change_of(instance, deleted=False):
        bump_now_and_on_commit(change, paths_of(instance), is_reference(instance))


def _on_delete(sender, instance, **kwargs):
    if change := change_of(instance, deleted=True):
        bump_now_and_on_commit(change, reference=is_reference(instance))


def _on_links_change(sender, instance, action, **kwargs):
    # `instance` is the object whose links changed: a record, or the entry it was linked from.
    if action.startswith("post_") and (change := change_of(instance, deleted=action != "post_add")):
        bump_now_and_on_commit(change, reference=is_reference(instance))


def connect():
    post_save.connect(_on_save, dispatch_uid="pagecache_post_save")
    post_delete.connect(_on_delete, dispatch_uid="pagecache_post_delete")
    m2m_changed.connect(_on_links_change, dispatch_uid="pagecache_m2m_changed")


# Reading and writing entries: (stamp, time kept, value) triples.


@dataclass
class Ahead:
    """A read_ahead() block's entries: those it found (get_many()'s answer, with the stamps), the keys
    still to take from them, those its cached() calls computed, to keep at its end, and their claims on
    stale values, to release once kept."""

    found: dict
    keys: set
    kept: dict = field(default_factory=dict)
    claimed: list = field(default_factory=list)

    def take(self, key):
        """True, once, for a key read ahead or written in the block."""
        if key not in self.keys:
            return False
        self.keys.discard(key)
        return True

    def keep(self, key, entry):
        self.kept[key] = self.found[key] = entry
        self.keys.add(key)


_ahead = contextvars.ContextVar("read_ahead", default=None)


@contextlib.contextmanager
def read_ahead(keys):
    """Within the block, cached() takes the entries of `keys` (as it names them) from one round trip made
    now, and keeps what it computes in one more at the block's end, rather than two round trips each: a
    list's dozen facet counts cost some 25, 3-5 ms a page. Each key read ahead is taken once; one written
    in the block is taken from what was written."""
    if not enabled():
        yield
        return
    pay_what_is_owed()
    keys = {f"{PREFIX}:{key}" for key in keys}
    ahead = Ahead(cache.get_many([VERSION_KEY, WITHDRAWN_KEY, *keys]), keys)
    token = _ahead.set(ahead)
    try:
        yield
    finally:
        _ahead.reset(token)
        if ahead.kept:
            cache.set_many(ahead.kept, settings.PAGE_CACHE_SECONDS)
        for key in ahead.claimed:  # released once the fresh value is there for the other workers
            release(key)


def read(key, path=None):
    """(stamp, fresh value or None, stale value that may still be served or None): one round trip, or
    none in a read_ahead() block that read `key`.

    A value kept under an earlier stamp is fresh while it is younger than PAGE_STALE_SECONDS, unless a
    withdrawal came since, or (with `path`, a page's address) an edit touched that page.
    """
    ahead = _ahead.get()
    if ahead is not None and path is None and ahead.take(key):
        found = ahead.found
    else:
        pay_what_is_owed()
        keys = [VERSION_KEY, WITHDRAWN_KEY, key]
        if path is not None:
            keys.append(touched_key(path))
        found = cache.get_many(keys)
    stamp = found.get(VERSION_KEY) or version()
    entry = found.get(key)
    if stamp is None or entry is None:
        return stamp, None, None
    kept_under, kept_at, value = entry
    if kept_under == stamp:
        return stamp, value, None
    withdrawn = found.get(WITHDRAWN_KEY)
    if withdrawn is None:
        # Never set, or lost: count it as a withdrawal now, so that nothing kept earlier is served stale.
        cache.add(WITHDRAWN_KEY, stamp, timeout=None)
        return stamp, None, None
    if kept_under < withdrawn:
        return stamp, None, None
    touched = found.get(touched_key(path)) if path is not None else None
    if time.time() - kept_at < settings.PAGE_STALE_SECONDS and (touched is None or kept_under >= touched):
        older(kept_under, kept_at)
        return stamp, value, None
    return stamp, None, value


def write(key, stamp, value):
    """Keep `value` under `key` for the stamp it was computed under; a later stamp makes it older.

    A value built on shared values kept earlier (see `basis`) is as old as the oldest of them.
    """
    if stamp is None:
        return
    kept_under, kept_at = as_old_as(stamp, time.time())
    ahead = _ahead.get()
    if ahead is None:
        cache.set(key, (kept_under, kept_at, value), settings.PAGE_CACHE_SECONDS)
    else:  # kept at the end of the read_ahead() block, and read from here until then
        ahead.keep(key, (kept_under, kept_at, value))


def claim(key):
    """True for the one worker that refreshes a stale `key`; the others serve the stale value."""
    return cache.add(f"{key}:claim", 1, CLAIM_SECONDS)


def release(key):
    cache.delete(f"{key}:claim")


# Set when a request was given a stale shared value: the page it renders is then not kept as fresh.
served_stale = contextvars.ContextVar("served_stale", default=False)
# The (stamp, time kept) of the oldest value a request was given as fresh though kept under an earlier
# stamp: what it renders from it is no newer, and is kept as that old.
NEWEST = (float("inf"), float("inf"))
basis = contextvars.ContextVar("basis", default=NEWEST)


def as_old_as(stamp, kept_at):
    """The (stamp, time kept) of a value built on one kept so and on what this request was given."""
    oldest_stamp, oldest_time = basis.get()
    return min(stamp, oldest_stamp), min(kept_at, oldest_time)


def older(stamp, kept_at):
    basis.set(as_old_as(stamp, kept_at))


def cached(key, compute, stamp=None, path=None):
    """`compute()`, kept under `key` until the data changes: for values every visitor shares.

    stamp: the version() read before any of the data that `compute` builds on, when the caller read
    some of it earlier (see RecordFilterSet.stamp); else the current one. path: the address of the page
    that shows the value, for a value that an edit touching that page makes stale at once, as it makes
    the page (a record's own data, for its page).
    """
    if not enabled():
        return compute()
    key = f"{PREFIX}:{key}"
    current, fresh, stale = read(key, path)
    if stamp is None:
        stamp = current
    elif current != stamp:  # the caller read its data under another stamp: keep nothing under this one
        fresh = stale = None
    if fresh is not None:
        return fresh
    if stale is not None and not claim(key):
        served_stale.set(True)
        return stale
    try:
        value = compute()
        if value is not None:  # never served (see above): not kept either
            write(key, stamp, value)
    finally:
        if stale is not None:
            ahead = _ahead.get()
            if ahead is None:
                release(key)
            else:
                ahead.claimed.append(key)
    return value


# Values held in this process's memory, each space under one stamp (the newest this process has seen):
# {space: (the stamp, when first held, {key: value})}, each triple replaced whole, and never changed in place
# but for a new key.
_held = {}


def held(key, compute, stamp=None, space="data"):
    """`compute()`, held in this process's memory until the data changes: for values that many pages read
    and that cost more to fetch from Redis than to keep (model instances, tables of names). Values of the
    newest stamp alone are held, so that a change frees the others, and for PAGE_STALE_SECONDS at most, as
    a change that moves no stamp (an update() in bulk, a bump lost in an outage) must show within that bound.

    Only where every process reads the same stamp (shared()); else kept as cached() keeps them. stamp: as
    for cached(). space: values held under a stamp of their own (reference_version()).
    """
    if not shared():
        return cached(key, compute, stamp)
    pay_what_is_owed()
    stamp = version() if stamp is None else stamp
    held_stamp, held_at, values = _held.get(space, (None, 0.0, {}))
    if stamp is None or (held_stamp is not None and stamp < held_stamp):
        return compute()  # the cache is unreachable, or the data changed since this request began
    if stamp != held_stamp or time.monotonic() - held_at > settings.PAGE_STALE_SECONDS:
        values = {}
        _held[space] = (stamp, time.monotonic(), values)
    if key not in values:
        values[key] = compute()
    return values[key]


def reference_version():
    """The stamp of the last change in the reference apps (PAGE_CACHE_REFERENCE_APPS), or None when the
    cache cannot be reached: for values read from their tables alone, held in the space "reference" until
    they change, past the records' edits (held(..., space="reference"))."""
    stamp = cache.get(REFERENCE_KEY)
    if stamp is None:  # not changed since the cache was emptied: from now on
        current = version()
        if current is None:
            return None
        cache.add(REFERENCE_KEY, current, timeout=None)
        stamp = cache.get(REFERENCE_KEY)
    return stamp


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


# Pages.


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


class PageCacheMiddleware:
    """Serve anonymous GET requests for @public_page views from the cache; staff always get a fresh page.

    A visitor without a session cookie is anonymous: that is all a hit needs to know, so it is
    answered here, before the session, the user, the language and the view. Each page is kept in the
    form it left in, gzipped or plain, under a key of its own, so a hit reads only the bytes it sends
    (pages for anonymous visitors hold no secret, such as a CSRF token, that compression could leak).
    Only the answers of views that ask for it are kept: an error, a health check or a refused host
    writes nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        basis.set(NEWEST)  # what this request is given from the cache decides how old its own output is
        if not enabled() or request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        key = self.key(request)
        stamp, fresh, stale = read(key, request.path)
        if fresh is not None:
            return self.response(fresh)
        if stale is not None and not claim(key):
            return self.response(stale)
        served_stale.set(False)
        try:
            response = self.get_response(request)
            if not self.keeps(request, response):
                # The address now answers otherwise (a page gone, a record withdrawn): its old page must
                # not be served stale to the next visitors.
                if stale is not None:
                    cache.delete(key)
            elif not served_stale.get():  # built on a value another worker is refreshing: not fresh
                write(key, stamp, (response.content, dict(response.items())))
        finally:
            if stale is not None:
                release(key)
        return response

    @staticmethod
    def response(page):
        content, headers = page
        return HttpResponse(content, headers=headers)

    @staticmethod
    def key(request):
        """The entry of this address, language and encoding, for this host and scheme.

        Pages carry absolute links (alternates, API pagination, feeds): each host the site answers to
        has pages of its own. get_host() refuses a host that ALLOWED_HOSTS does not list (a 400).
        """
        variant = "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "plain"
        # Pages have the language in their address; the API takes it from the request, as LocaleMiddleware will.
        language = translation.get_language_from_request(request, check_path=True)
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return f"{PREFIX}:page:{variant}:{language}:{hashlib.sha256(address.encode()).hexdigest()}"

    @staticmethod
    def keeps(request, response):
        return (
            getattr(response, "public_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.user.is_authenticated
        )
