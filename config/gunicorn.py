"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` (see `make serve`), from the environment."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# 2 processes per core and one spare is the usual start. Each runs a few threads (gthread), which keep
# connections alive between requests: sync workers close each one, and at a thousand requests a
# second the closed connections exhaust the client's ports (TIME_WAIT) and stall for a second.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so that a slow leak never builds up; rarely, as a worker's restart
# (about a second) holds up the requests queued on it.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
