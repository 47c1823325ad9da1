"""`make loadtest`: 50 clients for 60 seconds on the public pages of the cluster, while an editor publishes.

Runs against bench/cluster.py's deployment (nginx, two app servers, the PostgreSQL primary and its
streaming replica, Redis) on the benchmark's database, starting from an empty page cache. wrk spreads the
load over more than 1,000 public addresses in three languages: lists by country, by objective and by both,
searches, record pages and the API. Meanwhile an editor, through the real admin over HTTP, saves a published
record or publishes a draft every 5 seconds. Prints the figures, each app server worker's resident memory
after the run, and fails if any request, public or staff, did not succeed or timed out.
"""

import argparse
import html.parser
import http.cookiejar
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cluster
import run as bench

STAFF = ("loadtest-editor", "a-long-loadtest-password-for-the-bench-only")
# Drafts made before the run, for the editor to publish during it.
DRAFTS = 40
EDITOR_EVERY_SECONDS = 5
LANGUAGES = ("en", "fr", "es")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--database", default="catalogue_bench")
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=0, help="nginx's port; default: a free one")
    parser.add_argument("--seed", type=int, default=20261205, help="which records and addresses")
    parser.add_argument(
        "--warm-up", type=int, default=0, metavar="SECONDS", help="the same load first, uncounted, the editor at work"
    )
    parser.set_defaults(uncached=False)
    options = parser.parse_args()
    random.seed(options.seed)
    options.port = options.port or bench.free_port()
    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    env = bench.production_env(server, options)
    bench.prepare_database(server, options, env)
    drafts = prepare_editor(env)
    # Each run's editor leaves dead rows, and a pending list in the search index's GIN entries: unvacuumed,
    # the fourth run in a row gave 9,407 answers, and 18,988 once the database was vacuumed.
    bench.vacuum(server, options.database)
    paths_file = Path("/tmp/loadtest-paths.txt")
    paths = public_paths(env)
    paths_file.write_text("\n".join(paths) + "\n")
    bench.shell(env, "from django.core.cache import cache; cache.clear()")  # a cold start
    access_log = Path(tempfile.mkdtemp(prefix="catalogue-loadtest-")) / "access.log"
    python = bench.runtime_python()
    with cluster.Cluster(env, options.database, port=options.port, python=python, access_log=access_log) as site:
        editor = Editor(site.address, env, drafts)
        if options.warm_up:
            load(site, editor, paths_file, options, options.warm_up)
            editor.saves = editor.publications = 0
        started = time.time()
        output = load(site, editor, paths_file, options, options.duration)
        memory, peaks = worker_memory(site), worker_memory(site, "VmHWM")
    print(output)
    try:
        print(each_request(public_answers(access_log, started)))
    finally:
        shutil.rmtree(access_log.parent)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    failures = int(failed.group(1)) if failed else 0
    sockets = socket_errors.group(1) if socket_errors else "none"
    print(f"Public load: {requests} requests over {len(paths)} addresses, {options.connections} clients, ")
    print(f"{options.duration} s, {failures} failed; socket errors: {sockets}")
    print(f"Staff meanwhile: {editor.saves} saves of published records and {editor.publications} publications, ")
    print(f"{editor.errors} failed")
    print("Resident memory of each app server worker after the run (MB): " + ", ".join(f"{mb:.0f}" for mb in memory))
    print("... and at its highest during the run (MB): " + ", ".join(f"{mb:.0f}" for mb in peaks))
    if failed or socket_errors or editor.errors or not editor.saves or not editor.publications:
        raise SystemExit("The load test saw errors.")


PREPARE_EDITOR = """
from django.contrib.auth.models import User
from practices.models import Practice
from records.models import Status

user, _ = User.objects.get_or_create(username={username!r})
user.is_staff = user.is_superuser = True
user.set_password({password!r})
user.save()
drafts = list(Practice.objects.filter(status=Status.DRAFT, title_en__startswith="Load test draft")[:{count}])
for practice in Practice.objects.published().order_by("?")[: {count} - len(drafts)]:
    practice.status, practice.title_en = Status.DRAFT, f"Load test draft {{practice.pk}}"
    practice.save()
    drafts.append(practice)
print(" ".join(str(practice.pk) for practice in drafts))
"""


def load(site, editor, paths_file, options, duration):
    """wrk's output for `duration` seconds of public load, while the editor works."""
    editing = threading.Thread(target=editor.edit_until, args=(time.monotonic() + duration,))
    editing.start()
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{options.connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(Path(__file__).with_name("paths.lua")),
            site.address,
        ],
        env={**os.environ, "LOADTEST_PATHS": str(paths_file)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    editing.join()
    return output


def public_answers(access_log, since):
    """[(seconds, app server, when it ended)] of each public answer that nginx logged since `since` (a
    time.time()): not
    the editor's nor the health checks', nor a request that no app server answered (nginx's own 400, or
    a 499 when wrk stopped waiting at the end). A request that one server failed counts for the other."""
    answers = []
    for line in access_log.read_text().splitlines():
        ended, seconds, status, rest = line.split(" ", 3)
        path, servers = rest.rsplit(" [", 1)
        server = servers.rstrip("]").split(", ")[-1]
        if float(ended) < since or status == "499" or server == "-" or path.startswith(("/admin/", "/healthz")):
            continue
        answers.append((float(seconds), server, float(ended)))
    return answers


def each_request(answers):
    """The times of single answers, by nginx's log, and how the app servers shared them.

    wrk's percentiles are not those of single answers: it corrects them for coordinated omission (its
    stats_correct()), adding for each answer slower than twice runtime / (answers / connections) a sample
    at each such step below its time, as if its client had kept asking meanwhile. After a cold start, the
    first renders' waits count several times there.
    """
    if not answers:
        return "nginx logged no public answer."
    times = sorted(seconds for seconds, _server, _ended in answers)
    at = {share: times[min(len(times) - 1, int(len(times) * share))] for share in (0.5, 0.9, 0.99)}
    lines = [
        f"Single answers, by nginx's log ({len(times)}): p50 {at[0.5] * 1000:.0f} ms, p90 {at[0.9] * 1000:.0f} ms, "
        f"p99 {at[0.99] * 1000:.0f} ms, longest {times[-1] * 1000:.0f} ms",
    ]
    servers = {}
    for seconds, server, _ended in answers:
        servers.setdefault(server, []).append(seconds)
    for server, taken in sorted(servers.items()):
        lines.append(f"  app server {server}: {len(taken)} answers, {sum(taken) / len(taken) * 1000:.0f} ms on average")
    return "\n".join([*lines, *by_window(answers)])


# The width of a window of the run in the table of answers over time.
WINDOW_SECONDS = 10


def by_window(answers):
    """The answers of each WINDOW_SECONDS of the run (by when they ended), their p50 and p99, and how many
    took over a second: how long the first renders of a cold start last, and what they cost the others."""
    first = min(ended - seconds for seconds, _server, ended in answers)
    windows = {}
    for seconds, _server, ended in answers:
        windows.setdefault(int((ended - first) // WINDOW_SECONDS), []).append(seconds)
    lines = ["  from (s)  answers     p50      p99  over 1 s"]
    for number, times in sorted(windows.items()):
        times.sort()
        p50, p99 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]
        over = sum(1 for seconds in times if seconds > 1)
        start = number * WINDOW_SECONDS
        lines.append(f"  {start:8d} {len(times):8d} {p50 * 1000:5.0f} ms {p99 * 1000:5.0f} ms {over:9d}")
    return lines


def prepare_editor(env):
    """The editor's account, and drafts to publish: published practices taken back to draft before the run."""
    code = PREPARE_EDITOR.format(username=STAFF[0], password=STAFF[1], count=DRAFTS)
    return bench.shell(env, code).split()


def public_paths(env):
    """More than 1,000 public addresses, in three languages."""
    slugs = bench.shell(
        env,
        "from practices.models import Practice; from projects.models import Project; "
        "print(' '.join('practices/' + s for s in Practice.objects.published().order_by('?')"
        ".values_list('slug', flat=True)[:200])); "
        "print(' '.join('projects/' + s for s in Project.objects.published().order_by('?')"
        ".values_list('slug', flat=True)[:50]))",
    ).split()
    countries = bench.shell(
        env,
        "from taxonomy.models import Country; "
        "print(' '.join(Country.objects.order_by('?').values_list('code', flat=True)[:40]))",
    ).split()
    words = ["reintegration", "migrantes", "femmes", "training", "local services", "réfugiés", "remittances"]
    words += ["Sénégal", "IOM", "PNUD", "diaspora", "emploi", "salud", "return migrants", "water", "Moldova"]
    paths = [f"/{language}/{slug}/" for slug in slugs for language in LANGUAGES]
    for language in LANGUAGES:
        paths += [f"/{language}/", f"/{language}/practices/", f"/{language}/projects/"]
        paths += [f"/{language}/practices/?country={code}" for code in countries]
        paths += [f"/{language}/projects/?country={code}" for code in countries[:15]]
        paths += [f"/{language}/practices/?gcm={number}" for number in range(1, 24)]
        paths += [f"/{language}/projects/?gcm={number}" for number in range(1, 24)]
        paths += [f"/{language}/practices/?country={code}&gcm={random.randint(1, 23)}" for code in countries[:25]]
        quoted = [urllib.parse.quote(text) for text in words]
        paths += [f"/{language}/practices/?q={text}" for text in quoted]
        paths += [f"/{language}/search/?q={text}" for text in quoted[:8]]
    paths += [f"/api/v1/practices/?country={code}" for code in countries[:20]]
    paths += [f"/api/v1/practices/?gcm={number}" for number in range(1, 24)]
    paths += [f"/api/v1/{slug}/" for slug in slugs[:60]]
    paths += ["/api/v1/practices/", "/api/v1/projects/", "/api/v1/countries/"]
    return paths


class FormReader(html.parser.HTMLParser):
    """The fields of an admin change form, as a browser would submit them unchanged."""

    def __init__(self):
        super().__init__()
        self.fields = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("submit", "file", "button"):
            if attributes.get("type") in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((name, attributes.get("value", "on" if attributes.get("type") == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        if tag == "select":
            self._select = None


class Editor:
    """An editor at work in the admin, over HTTP like a browser: every few seconds, a save of a published
    record (a new title) or a publication (a draft submitted and published)."""

    def __init__(self, base, env, drafts):
        self.base, self.drafts = base, list(drafts)
        self.saves = self.publications = self.errors = 0
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.ids = bench.shell(
            env,
            "from practices.models import Practice; "
            "print(' '.join(map(str, Practice.objects.published().order_by('?').values_list('pk', flat=True)[:50])))",
        ).split()
        login = self.get("/admin/login/")
        fields = {"csrfmiddlewaretoken": csrf(login), "username": STAFF[0], "password": STAFF[1], "next": "/admin/"}
        self.post("/admin/login/", fields)

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl()

    def edit_until(self, deadline):
        turn = 0
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                if turn % 2 == 0 or not self.drafts:
                    self.edit_title(random.choice(self.ids))
                else:
                    self.publish(self.drafts.pop())
            except Exception as error:  # any failure is counted and reported, never hidden
                print(f"Staff request failed: {error!r}")
                self.errors += 1
            turn += 1
            time.sleep(max(0, EDITOR_EVERY_SECONDS - (time.monotonic() - started)))

    def edit_title(self, pk):
        path = f"/admin/practices/practice/{pk}/change/"
        reader = FormReader()
        reader.feed(self.get(path))
        fields = [
            (name, f"{value.split(' · ')[0]} · edited {time.time():.0f}" if name == "title_en" else value)
            for name, value in reader.fields
        ]
        fields.append(("_continue", "Save"))
        _status, url = self.post(path, fields)
        if not url.endswith(path):
            raise RuntimeError(f"the admin did not save practice {pk}: {url}")
        self.saves += 1

    def publish(self, pk):
        for action in ("submit", "publish"):
            path = f"/admin/practices/practice/{pk}/transition/{action}/"
            self.post(path, {"csrfmiddlewaretoken": csrf(self.get(path)), "note": "load test"})
        self.publications += 1


def worker_memory(site, field="VmRSS"):
    """Resident memory (MB) of each gunicorn worker of the site's app servers: now (VmRSS), or at its
    highest (VmHWM)."""
    sizes = []
    for app in site.apps:
        children = subprocess.run(["pgrep", "-P", str(app.process.pid)], capture_output=True, text=True).stdout.split()
        for pid in children:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(f"{field}:"):
                    sizes.append(int(line.split()[1]) / 1024)
    return sizes


def csrf(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


if __name__ == "__main__":
    main()
