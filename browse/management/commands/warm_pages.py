"""Render the pages most visitors reach first, through the site itself, so that the page cache holds them.

    manage.py warm_pages --base https://migration-practices.example.org
    manage.py warm_pages --base https://migration-practices.example.org --rate 5 --records 200

`--base` is the address visitors use: pages are kept per scheme and host, so warming them at a server's
own address (http://10.0.0.5:8000) fills entries that no visitor reads.

After the page cache was emptied (Redis restarted, a release that changed pagecache.cache.PREFIX), every
address costs a first render of 20-100 ms, and at 100,000 records the site answers its first minute slowly
(docs/operations.md, "What a core gives"). This asks, one at a time and at most `--rate` a second, for the
home page, each kind's list, its lists by GCM objective and by country (the countries that have published
records of the kind), and the newest published records' pages, in every language: the app servers
render and keep them as for any visitor, under the site's own host. Nothing is read but published
records, and nothing is sent but anonymous GET requests, which ask for the gzipped page: the one that
browsers get (the page cache keeps a gzipped and a plain page for each address).
"""

import http.client
import urllib.request
from time import monotonic, sleep
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation

from practices.filters import PracticeFilter
from practices.models import Practice
from projects.filters import ProjectFilter
from projects.models import Project
from taxonomy.models import GCMObjective

LISTS = [(Practice, PracticeFilter, "practices:list"), (Project, ProjectFilter, "projects:list")]
# Pages that fail one after another, from the first, before the command stops: the site is not answering.
GIVE_UP_AFTER = 10


def addresses(newest):
    """The paths to warm, the busiest first: for each language, the home page and each kind's list, its
    lists by objective and by country, and the `newest` published records of each kind."""
    objectives = list(GCMObjective.objects.values_list("number", flat=True))
    countries = {model: sorted(filterset.published_counts("country")) for model, filterset, _name in LISTS}
    records = {model: list(model.objects.published().order_by("-published_at", "-pk")[:newest]) for model, *_ in LISTS}
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse("home"))
            for model, _filterset, url_name in LISTS:
                listed = reverse(url_name)
                paths.append(listed)
                paths += [f"{listed}?gcm={number}" for number in objectives]
                paths += [f"{listed}?country={country}" for country in countries[model]]
            paths += [record.get_absolute_url() for model in records for record in records[model]]
    return paths


class Command(BaseCommand):
    help = "Render the most visited public pages through the site, so that the page cache holds them."

    def add_arguments(self, parser):
        parser.add_argument("--base", required=True, help="the site's address, as visitors reach it")
        parser.add_argument("--rate", type=float, default=10, help="pages a second at most (default 10)")
        parser.add_argument("--records", type=int, default=100, help="the newest records of each kind (100)")

    def handle(self, *args, base, rate, records, **options):
        if rate <= 0:
            raise CommandError("--rate must be above 0.")
        if records < 0:
            raise CommandError("--records must be 0 or more.")
        site = urlsplit(base)
        if site.scheme not in ("http", "https") or not site.hostname:
            raise CommandError(f"--base must be an http or https address, such as https://example.org: {base!r}")
        base = base.rstrip("/")
        paths = addresses(records)
        failed = answered = 0
        started = next_at = monotonic()
        for path in paths:
            # One request each 1/rate s at most, even after a slow page: falling behind never makes a burst.
            sleep(max(0, next_at - monotonic()))
            next_at = max(next_at, monotonic()) + 1 / rate
            try:
                request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                answered += 1
            except (OSError, ValueError, http.client.HTTPException) as error:
                failed += 1
                self.stderr.write(f"{path}: {error}")
                if not answered and failed >= GIVE_UP_AFTER:
                    raise CommandError(f"{base} did not answer: stopped after {failed} pages.") from error
        self.stdout.write(f"Asked for {len(paths)} pages in {monotonic() - started:.0f} s; {failed} failed.")
        if failed:
            raise CommandError(f"{failed} of {len(paths)} pages failed.")
