"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` (see `make serve`), from the environment."""

import contextlib
import ctypes
import gc
import multiprocessing
import os
import time
from pathlib import Path

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers, 2 per core and one spare, the usual start: a connection waits in the shared queue
# until any worker is free. (Threaded workers keep connections alive, but pin each to its worker,
# where it waits behind that worker's slow requests even when others are idle.)
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so that a slow leak never builds up; rarely, as a worker's restart
# (about a second) holds up the requests queued on it.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# The longest request line gunicorn takes (its maximum; 4,094 by default), so that a list with many
# filters reaches the site. A longer one gets gunicorn's own 414 page, which the API's schema documents.
limit_request_line = 8190
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Read the search documents into memory (records/memory.py) and the collation table
    (taxonomy/collation.py), and load the code the pages run, before the worker's first request."""
    from records import memory
    from taxonomy import collation

    started = time.monotonic()
    memory.warm()
    collation.warm()
    load_code()
    give_back_freed_memory()
    gc.set_threshold(REQUEST_OBJECTS)
    # The benchmarks wait for this line from every worker (bench/run.py).
    worker.log.info("Worker warmed in %.1f s", time.monotonic() - started)


def load_code():
    """What a worker's first pages would each load once, loaded now: the views (the URL patterns import them,
    the API's schema tools among them), the compiled templates, the three languages' translations and
    addresses (the tables reverse() reads, built for each language on its first use: 17 ms a
    language), the world map's outlines and the sentence model. Some 0.5 s a worker, which its first list
    page took (0.53 s, against 0.06 s for the next), when every worker of a cold site starts at once.
    Nothing read from the data, nor any page, is kept: the page cache starts as cold as it was."""
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    from browse import worldmap
    from records import embeddings

    get_resolver().url_patterns  # noqa: B018 (read for its side effect: the URL modules and views imported)
    templates = Path(settings.BASE_DIR, "templates")
    for template in sorted(templates.rglob("*.html")):
        get_template(str(template.relative_to(templates)))
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Practices")
            get_resolver().reverse_dict  # noqa: B018 (read for its side effect, as url_patterns above)
    worldmap.borders()
    embeddings.warm()


def give_back_freed_memory():
    """Return to the system the heap that reading left free: glibc keeps it for the process otherwise, and
    the worker's resident memory stays at its peak for its whole life."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)


# The garbage collector works between requests rather than during them. With CPython's default threshold
# (700 new objects), it interrupted a list page some 70 times, 6 ms in all, and one page in eight for 20-35
# ms more with a full pass. A page makes some 12,000 objects that outlive it until collected: under this
# threshold, only a request that makes far more (a list's PDF) is interrupted.
REQUEST_OBJECTS = 100_000
# Requests between two full collections, each followed by a return of freed heap to the system: a page of
# 200 KB builds and drops some megabytes, and glibc keeps the pages it freed in the middle of its heap.
TRIM_EVERY_REQUESTS = int(os.environ.get("GUNICORN_TRIM_EVERY", "100"))


def post_request(worker, request, environ, response):
    """Once the answer has gone: collect the young objects the request left (1-7 ms that no visitor waits
    for), and now and then everything."""
    if TRIM_EVERY_REQUESTS and worker.nr % TRIM_EVERY_REQUESTS == 0:
        give_back_freed_memory()
    else:
        gc.collect(1)


# Requests after which the worker sets aside, from the garbage collector's full passes, what it holds.
SETTLING_REQUESTS = 3


def pre_request(worker, request):
    """Once the first requests are answered, the worker holds what it keeps for its life (the search index,
    the collation table, compiled templates: some 400,000 objects). Collect, then freeze what is left, before
    the next request makes anything: a full collection walking them all otherwise added 120-150 ms to about
    one request in thirty."""
    if worker.nr == SETTLING_REQUESTS:  # requests answered so far
        gc.collect()
        gc.freeze()
