"""Anonymous visitors' reads from a streaming replica; everything else from the primary.

With DATABASE_REPLICA_URL set (a PostgreSQL hot standby of the primary), ReplicaMiddleware marks for the
replica a GET or HEAD without a session cookie, the requests the page cache serves, and
PrimaryReplicaRouter sends their reads there. Writes, reads inside a transaction, signed-in users, staff
and every other request go to the primary.

Replication is asynchronous. A request reads from the replica only if the replica has replayed the
primary's write-ahead log up to where the primary had flushed it when the request began; otherwise from
the primary. So a visitor's own write, a withdrawal, or a page the page cache keeps under a new stamp is
never read from a replica that is behind. Asking the primary where it stands touches no table; the
replica is asked only when the primary has moved past what this process last saw it replay.

Should the replica fail, the view runs again on the primary, and the replica is left alone for
REPLICA_RETRY_SECONDS; then the next request tries it again. Nothing needs a restart.
"""

import contextlib
import contextvars
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

REPLICA = "replica"
logger = logging.getLogger(__name__)

_reading = contextvars.ContextVar("reading_replica", default=False)
# The furthest position this process has seen the replica replay, and until when to leave it alone.
_replayed = 0
_down_until = 0.0


def configured():
    return REPLICA in settings.DATABASES


def reading():
    """True while the current request reads from the replica."""
    return _reading.get()


def position(text):
    """A write-ahead log position ('16/B374D848') as a number."""
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def primary_position():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_flush_lsn()")
        return position(cursor.fetchone()[0])


def replica_has(needed):
    """Whether the replica has replayed up to `needed`; asks it only when this process has not seen it yet."""
    global _replayed
    if needed <= _replayed:
        return True
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn()")
        replayed = cursor.fetchone()[0]
    if replayed is None:  # not a standby: promoted, or not a replica at all
        return False
    _replayed = max(_replayed, position(replayed))
    return needed <= _replayed


def went_down(error):
    global _down_until, _replayed
    if time.monotonic() >= _down_until:
        logger.warning(
            "The replica failed (%s): reads go to the primary for %s s.", error, settings.REPLICA_RETRY_SECONDS
        )
    _down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
    _replayed = 0  # it may come back as another copy, further behind
    with contextlib.suppress(OperationalError, InterfaceError):
        connections[REPLICA].close()


def usable():
    """Whether this request may read from the replica: it is up, and it has what the primary has."""
    if time.monotonic() < _down_until:
        return False
    try:
        needed = primary_position()
    except (OperationalError, InterfaceError):
        return False  # the primary's trouble: the view meets it there, and the site answers 503
    try:
        return replica_has(needed)
    except (OperationalError, InterfaceError) as error:
        went_down(error)
        return False


class ReplicaMiddleware:
    """Below DatabaseUnavailableMiddleware, so that a failed replica gets a second try on the primary
    before an outage page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (configured() and self.public_read(request) and usable()):
            return self.get_response(request)
        token = _reading.set(True)
        try:
            return self.get_response(request)
        finally:
            _reading.reset(token)

    @staticmethod
    def public_read(request):
        return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES

    def process_exception(self, request, exception):
        """The replica failed under the view: run the view again on the primary (a GET changes nothing)."""
        if not (reading() and isinstance(exception, OperationalError | InterfaceError)):
            return None
        went_down(exception)
        _reading.set(False)
        match = request.resolver_match
        try:
            return match.func(request, *match.args, **match.kwargs)
        except (OperationalError, InterfaceError):
            return None  # the primary fails too: an outage page


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if reading() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
