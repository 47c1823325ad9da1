"""The benchmark behind `make bench`: the catalogue at 100,000 practices, served as in production.

1. A PostgreSQL database `catalogue_bench` with the fixtures and generated demo data (kept between
   runs: generated again only when it holds fewer records than asked).
2. gunicorn with the production settings (DEBUG off, whitenoise, Redis cache when it answers).
3. wrk, a standard HTTP load tool, against each page for a fixed time at a fixed concurrency; the
   trivial view /healthz/live, served by the same gunicorn in the same run, is the stack's ceiling, and
   /healthz (one query, one cache round trip) the bar the query engine issue sets: a page's throughput
   at least half of its.
4. Requests/s, p50 and p99 latency and the ratio to /healthz, printed and written to bench/results/.

Runs from the repository root with the project's venv: `.venv/bin/python bench/run.py`.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
POSTGRES = "postgres://postgres@127.0.0.1:5432"
# The embedded default's benchmark database (--sqlite), kept between runs as catalogue_bench is.
SQLITE_FILE = ROOT / "bench-sqlite.sqlite3"
# The page every other is measured against: a page's throughput at least TARGET_RATIO of its.
READINESS = "readiness (/healthz)"
TARGET_RATIO = 0.5
TARGET_P99_MS = 100
WARM_UP_SECONDS = 3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--database", default="catalogue_bench")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load a page")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--workers", type=positive, help="gunicorn's sync workers (default: 2 a core and one)")
    parser.add_argument("--uncached", action="store_true", help="no page cache: every page computed afresh")
    parser.add_argument(
        "--one-at-a-time",
        type=positive,
        default=0,
        metavar="N",
        help="instead of wrk: N requests a page, one after another (server time: median and p95)",
    )
    parser.add_argument("--only", default="", help="the pages whose name holds one of these comma-separated words")
    parser.add_argument(
        "--sqlite",
        action="store_true",
        help=f"the embedded default instead of PostgreSQL: a SQLite file, {SQLITE_FILE.name} (give --practices 1000)",
    )
    options = parser.parse_args()

    server = f"sqlite:///{SQLITE_FILE.parent}" if options.sqlite else os.environ.get("BENCH_POSTGRES", POSTGRES)
    options.port = options.port or free_port()
    env = production_env(server, options)
    prepare_database(server, options, env)
    gunicorn = start_gunicorn(env)
    try:
        base = f"http://127.0.0.1:{options.port}"
        wait_until_warm(gunicorn, env)
        wait_for(f"{base}/healthz/live")
        # Every worker past its first requests, after which it sets aside what it keeps (config/gunicorn.py:
        # a full collection, once): one request at a time, some workers would otherwise meet it mid-measure.
        run_wrk(f"{base}/healthz/live", options, duration=WARM_UP_SECONDS)
        pages = pages_to_measure(env)
        if options.only:
            # The health pages always: the others' ratios are to /healthz's throughput.
            words = [*options.only.split(","), "healthz"]
            pages = [(name, path) for name, path in pages if any(word in name for word in words)]
        if options.one_at_a_time:
            report_serial({name: serial(f"{base}{path}", options) for name, path in pages}, options, env)
            return
        results = {}
        for name, path in pages:
            fetch(f"{base}{path}")
            # Warm every worker and thread (connection pool, page cache, first use of the code),
            # under the same load: the first seconds of a fresh server are not its steady state.
            run_wrk(f"{base}{path}", options, duration=WARM_UP_SECONDS)
            results[name] = {"path": path, **run_wrk(f"{base}{path}", options)}
        report(results, options, env)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def positive(text):
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("give 1 or more")
    return number


def production_env(server, options):
    """The production settings, on this machine, over plain HTTP on loopback."""
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{SQLITE_FILE.name}" if on_sqlite(options) else f"{server}/{options.database}",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-not-for-production-use",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_SECURE_COOKIES": "False",
        "PORT": str(options.port),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "PYTHONUNBUFFERED": "1",
        # The benchmark measures throughput from one client: the API's per-client limits would answer 429.
        "DJANGO_API_RATE_LIMITS": "False",
    }
    if on_sqlite(options):
        # The embedded default as `make run` has it: no Redis, so the cache is each process's own memory and
        # the page cache is off (config/settings.py).
        env.pop("REDIS_URL", None)
    elif redis_answers():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/7"
    if options.uncached:
        env["PAGE_CACHE_SECONDS"] = "0"
    if getattr(options, "workers", None):
        env["WEB_CONCURRENCY"] = str(options.workers)
    return env


def start_gunicorn(env):
    manage(env, "collectstatic", "--no-input", "-v0")
    return serve(env, runtime_python())


# The benchmarks' app servers run from a virtual environment with the site's requirements alone, as a
# deployment has them (the Dockerfile, `make install`). In .venv, the development tools add some 35 MB to
# every worker: django-countries loads django-countries-hdx (dev only) on first use, and with it pydantic,
# frictionless and 700 more modules.
RUNTIME_VENV = ROOT / ".venv-runtime"


def runtime_python():
    """The runtime environment's Python, made or brought up to date with requirements.txt first."""
    python = RUNTIME_VENV / "bin" / "python"
    installed = RUNTIME_VENV / "requirements.txt"
    wanted = (ROOT / "requirements.txt").read_text()
    if not python.exists() or not installed.exists() or installed.read_text() != wanted:
        subprocess.run([sys.executable, "-m", "venv", str(RUNTIME_VENV)], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements.txt"], check=True)
        installed.write_text(wanted)
    return str(python)


def serve(env, python=PYTHON, **options):
    """gunicorn with the site's settings; its log goes on to stderr, and `wait_until_warm` reads it."""
    process = subprocess.Popen(
        [python, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )
    process.warm_workers = threading.Semaphore(0)

    def relay():
        with process.stderr:  # closed once every process that writes to it has ended
            for line in process.stderr:
                sys.stderr.write(line)
                if WARM_WORKER_LINE in line:
                    process.warm_workers.release()

    threading.Thread(target=relay, daemon=True).start()
    return process


# What a worker logs once it has read the search documents (config/gunicorn.py).
WARM_WORKER_LINE = "Worker warmed"


def wait_until_warm(process, env, seconds=180):
    """Until every worker has read what it keeps in memory: a worker answers as soon as it is ready, but
    the others, still reading, take the cores from it (at 100,000 records, for some 10 s)."""
    workers = int(env.get("WEB_CONCURRENCY", os.cpu_count() * 2 + 1))
    deadline = time.monotonic() + seconds
    for _ in range(workers):
        if not process.warm_workers.acquire(timeout=max(0, deadline - time.monotonic())):
            raise SystemExit(f"gunicorn's {workers} workers were not all warm after {seconds} s")


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_answers():
    try:
        import redis

        return redis.Redis.from_url("redis://127.0.0.1:6379/7", socket_connect_timeout=1).ping()
    except Exception:
        return False


def manage(env, *arguments, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout


def shell(env, code):
    """What `code` prints, run in the project's shell (without its automatic imports, which print a line)."""
    return manage(env, "shell", "--no-imports", "-c", code, capture=True)


def prepare_database(server, options, env):
    if not on_sqlite(options):
        create_database(server, options.database)
    manage(env, "migrate", "--no-input", "-v0")
    counts = shell(
        env,
        "from practices.models import Practice; from projects.models import Project; "
        "print(Practice.objects.count(), Project.objects.count())",
    ).split()
    practices, projects = int(counts[-2]), int(counts[-1])
    if practices == 0:
        fixtures = sorted(path.stem for path in (ROOT / "fixtures").glob("*.json"))
        manage(env, "loaddata", "-v0", *fixtures)
    if practices < options.practices or projects < options.projects:
        started = time.monotonic()
        manage(env, "generate_demo_data", "--remove")
        manage(env, "generate_demo_data", "--practices", str(options.practices), "--projects", str(options.projects))
        print(f"Generated the data in {time.monotonic() - started:.0f} s")
        if not on_sqlite(options):  # generate_demo_data has run ANALYZE, which is all SQLite has
            vacuum(server, options.database)


def create_database(server, name):
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def vacuum(server, database):
    """`VACUUM ANALYZE`: what autovacuum would do, which this machine's PostgreSQL runs without."""
    import psycopg

    with psycopg.connect(f"{server}/{database}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def pages_to_measure(env):
    slug = shell(
        env,
        "from practices.models import Practice; "
        "print(Practice.objects.published().order_by('-pk').values_list('slug', flat=True)[0])",
    ).split()[-1]
    return [
        ("ceiling (/healthz/live)", "/healthz/live"),
        (READINESS, "/healthz"),
        ("home", "/en/"),
        ("list", "/en/practices/"),
        ("list by country", "/en/practices/?country=SN"),
        ("list by objective", "/en/practices/?gcm=16"),
        ("list by a broad objective", "/en/practices/?gcm=21"),
        ("list by country and objective", "/en/practices/?country=SN&gcm=16"),
        # Words in a few records, in about 0.75 % (a country), in 11 % and in every one (the demo texts).
        ("list searched, a name in a few records", "/en/practices/?q=PAMECAS"),
        ("list searched, a word in 0.75 %", "/en/practices/?q=Norway"),
        ("list searched, a word in 11 %", "/en/practices/?q=water"),
        ("list searched, a word in most records", "/en/practices/?q=migrants"),
        ("list searched, across languages", "/en/practices/?q=return%20migrants"),
        ("list searched and filtered", "/en/practices/?q=migrants&country=SN"),
        ("search", "/en/search/?q=reintegration"),
        ("detail", f"/en/practices/{slug}/"),
        # The coverage page and a record's PDF: kept by the page cache here, computed afresh each time under
        # --uncached (`make bench-uncached`).
        ("coverage", "/en/coverage/"),
        ("coverage by sub-region, filtered", "/en/coverage/?by=subregion&gcm=16"),
        ("record PDF", f"/en/practices/{slug}/summary.pdf"),
        ("API list", "/api/v1/practices/"),
    ]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer in {seconds} s")


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def run_wrk(url, options, duration=None):
    output = subprocess.run(
        # As a browser does: ask for gzip (cached pages are stored compressed).
        [
            "wrk",
            "-t2",
            f"-c{options.connections}",
            f"-d{duration or options.duration}s",
            "--latency",
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": milliseconds(latency["50"]),
        "p99_ms": milliseconds(latency["99"]),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def serial(url, options):
    """Milliseconds of `options.one_at_a_time` requests made one after another: median and p95. After a few
    seconds of load (--connections), so that every worker has answered the page before (its first use of the code,
    the query's vector, WeasyPrint's fonts): one worker's first render, which each pays once, is not the
    page's steady cost."""
    count = options.one_at_a_time
    run_wrk(url, options, duration=WARM_UP_SECONDS)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        fetch(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(times[math.ceil(0.95 * count) - 1], 1)}


def report_serial(results, options, env):
    lines = [
        f"# Server times one request at a time, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        f"{options.practices:,} practices and {options.projects:,} projects on {database_name(options)}; "
        f"cache: {cache_name(env)}, {'page cache off' if options.uncached else 'page cache on'}; "
        f"{options.one_at_a_time} requests a page, one after another, after {WARM_UP_SECONDS} s of "
        f"{options.connections} clients to warm every worker up.",
        "",
        f"| page | median ms | p95 ms | p95 under {TARGET_P99_MS} ms |",
        "| --- | ---: | ---: | --- |",
    ]
    for name, result in results.items():
        result["target_met"] = result["p95_ms"] < TARGET_P99_MS
        lines.append(
            f"| {name} | {result['median_ms']} | {result['p95_ms']} | {'yes' if result['target_met'] else 'NO'} |"
        )
    write_report("\n".join(lines) + "\n", results, suffix="-serial" + ("-sqlite" if on_sqlite(options) else ""))


def milliseconds(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return round(float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


def report(results, options, env):
    bar = results[READINESS]["requests_per_second"]
    lines = [
        f"# Benchmark, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        f"{options.practices:,} practices and {options.projects:,} projects on {database_name(options)}; "
        f"gunicorn sync workers: {env.get('WEB_CONCURRENCY', 'default')}; "
        f"cache: {cache_name(env)}"
        f"{', page cache off' if options.uncached else ''}; "
        f"wrk, {options.connections} connections, {options.duration} s a page after {WARM_UP_SECONDS} s of warm-up.",
        "",
        "| page | requests/s | p50 ms | p99 ms | ratio to /healthz | errors | target met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, result in results.items():
        ratio = result["requests_per_second"] / bar
        result["ratio"] = round(ratio, 2)
        met = ratio >= TARGET_RATIO and result["p99_ms"] < TARGET_P99_MS and not result["errors"]
        result["target_met"] = met
        lines.append(
            f"| {name} | {result['requests_per_second']:.0f} | {result['p50_ms']} | {result['p99_ms']} | "
            f"{ratio:.2f} | {result['errors']} | {'yes' if met else 'NO'} |"
        )
    write_report("\n".join(lines) + "\n", results, suffix="-sqlite" if on_sqlite(options) else "")


def cache_name(env):
    return "Redis" if env.get("REDIS_URL") else "each process's memory"


def on_sqlite(options):
    """--sqlite given (the load test and the cluster, which share these helpers, have no such option)."""
    return getattr(options, "sqlite", False)


def database_name(options):
    return "SQLite" if on_sqlite(options) else "PostgreSQL"


def write_report(text, results, suffix=""):
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"{stamp}{suffix}.md").write_text(text)
    (RESULTS / f"{stamp}{suffix}.json").write_text(json.dumps(results, indent=1) + "\n")
    (RESULTS / f"latest{suffix}.md").write_text(text)


if __name__ == "__main__":
    main()
