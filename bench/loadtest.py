"""`make loadtest`: 50 concurrent clients for 60 seconds on the public pages, while a staff member edits.

Uses the benchmark's database and production stack (bench/run.py). wrk sends the load, spread over
many addresses (lists with filters, searches, record pages, the API); at the same time a staff
member, through the real admin over HTTP, edits records' titles and moves them through the workflow
(each save invalidates the page cache, so the load keeps hitting the database). Prints the figures
and fails if any request, public or staff, did not succeed.
"""

import argparse
import html.parser
import http.cookiejar
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench

STAFF = ("loadtest-editor", "a-long-loadtest-password-for-the-bench-only")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--database", default="catalogue_bench")
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=10_000)
    options = parser.parse_args()
    options.port = bench.free_port()
    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    env = bench.production_env(server, options)
    bench.prepare_database(server, options, env)
    bench.shell(
        env,
        "from django.contrib.auth.models import User; "
        f"u, _ = User.objects.get_or_create(username='{STAFF[0]}'); "
        "u.is_staff = u.is_superuser = True; "
        f"u.set_password('{STAFF[1]}'); u.save()",
    )
    paths_file = Path("/tmp/loadtest-paths.txt")
    paths_file.write_text("\n".join(public_paths(env)) + "\n")
    gunicorn = bench.start_gunicorn(env)
    base = f"http://127.0.0.1:{options.port}"
    try:
        bench.wait_for(f"{base}/healthz/live")
        editor = Editor(base, env)
        editing = threading.Thread(target=editor.edit_until, args=(time.monotonic() + options.duration,))
        editing.start()
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{options.connections}",
                f"-d{options.duration}s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                str(Path(__file__).with_name("paths.lua")),
                base,
            ],
            env={**os.environ, "LOADTEST_PATHS": str(paths_file)},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        editing.join()
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    print(output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    failures = int(failed.group(1)) if failed else 0
    sockets = socket_errors.group(1) if socket_errors else "none"
    print(f"Public load: {requests} requests, {options.connections} clients, {options.duration} s, {failures} failed")
    print(f"Socket errors: {sockets}")
    print(
        f"Staff meanwhile: {editor.saves} admin saves and {editor.transitions} workflow steps, {editor.errors} failed"
    )
    if failed or socket_errors or editor.errors or not editor.saves:
        raise SystemExit("The load test saw errors.")


def public_paths(env):
    slugs = bench.shell(
        env,
        "from practices.models import Practice; "
        "print(' '.join(Practice.objects.published().order_by('?').values_list('slug', flat=True)[:300]))",
    ).split()
    paths = [f"/{language}/practices/{slug}/" for slug in slugs for language in ("en", "fr", "es")]
    for code in ["SN", "SV", "MA", "TN", "FR", "BR", "IN", "KE", "MX", "PH"]:
        paths += [f"/en/practices/?country={code}", f"/fr/projects/?country={code}&gcm={random.randint(1, 23)}"]
    for number in range(1, 24):
        paths += [f"/es/practices/?gcm={number}", f"/en/objectives/{number}/"]
    for words in ["reintegration", "migrantes", "femmes", "training", "local services", "réfugiés"]:
        paths += [f"/en/search/?q={urllib.parse.quote(words)}", f"/fr/practices/?q={urllib.parse.quote(words)}"]
    paths += ["/en/", "/fr/", "/es/", "/api/v1/practices/", "/api/v1/projects/?country=SN", "/api/v1/countries/"]
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
    """A staff member at work in the admin, over HTTP like a browser."""

    def __init__(self, base, env):
        self.base = base
        self.saves = self.transitions = self.errors = 0
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
        while time.monotonic() < deadline:
            pk = random.choice(self.ids)
            try:
                self.edit_title(pk)
                self.cycle(pk)
            except Exception as error:  # any failure is counted and reported, never hidden
                print(f"Staff request failed: {error!r}")
                self.errors += 1

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

    def cycle(self, pk):
        for action in ("archive", "reopen", "submit", "publish"):
            path = f"/admin/practices/practice/{pk}/transition/{action}/"
            self.post(path, {"csrfmiddlewaretoken": csrf(self.get(path)), "note": "load test"})
            self.transitions += 1


def csrf(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


if __name__ == "__main__":
    main()
