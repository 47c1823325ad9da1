"""How well search finds the seed records: hits@5, mean reciprocal rank and time per query.

    manage.py search_eval                      # the query set in bench/search_queries.json
    manage.py search_eval --show-misses        # and each query that missed, with what came first

Each query names the list it is typed into (practices or projects), the page's language and the seed
records that must all come in the first five results. `make search-eval` runs it on a database with the
seeds among generated demo records, so that a hit means ranking above them; tests/test_search_eval.py
asserts that every query hits, on SQLite and PostgreSQL.
"""

import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from records import documents, search

QUERIES = Path(settings.BASE_DIR) / "bench" / "search_queries.json"
CUTOFF = 5


@dataclass
class Outcome:
    query: dict
    slugs: list  # the results' slugs, best first
    milliseconds: float

    @property
    def ranks(self):
        return [self.slugs.index(slug) + 1 if slug in self.slugs else None for slug in self.query["expected"]]

    @property
    def hit(self):
        return all(rank is not None and rank <= CUTOFF for rank in self.ranks)

    @property
    def reciprocal_rank(self):
        found = [rank for rank in self.ranks if rank is not None]
        return 1 / min(found) if found else 0.0


def evaluate(queries):
    """An Outcome for each query, searched as a visitor's list would (search.matching_ids)."""
    kinds = {model._meta.model_name: model for model in documents.record_kinds()}
    outcomes = []
    for query in queries:
        model = kinds[query["kind"]]
        with translation.override(query["language"]):
            started = time.perf_counter()
            ids = search.matching_ids(model._default_manager.published(), query["query"])
            milliseconds = (time.perf_counter() - started) * 1000
        slugs = dict(model._default_manager.filter(pk__in=ids[:50]).values_list("pk", "slug"))
        outcomes.append(Outcome(query, [slugs[pk] for pk in ids[:50] if pk in slugs], milliseconds))
    return outcomes


def load(path=QUERIES, part="queries"):
    """The queries that must hit, or with part="known_misses" those the engine does not answer yet."""
    return json.loads(Path(path).read_text()).get(part, [])


class Command(BaseCommand):
    help = "Evaluate search on the query set: hits@5, MRR and the time per query."

    def add_arguments(self, parser):
        parser.add_argument("--queries", default=str(QUERIES))
        parser.add_argument("--show-misses", action="store_true")

    def handle(self, *, queries, show_misses, **options):
        path = queries
        queries = load(path)
        if not queries:
            raise CommandError("The query set is empty.")
        self.report(evaluate(queries), show_misses, "queries")
        known_misses = load(path, "known_misses")
        if known_misses:
            self.report(evaluate(known_misses), show_misses, "known misses")

    def report(self, outcomes, show_misses, title):
        times = sorted(outcome.milliseconds for outcome in outcomes)
        hits = sum(outcome.hit for outcome in outcomes)
        mrr = statistics.fmean(outcome.reciprocal_rank for outcome in outcomes)
        for outcome in outcomes:
            if show_misses and not outcome.hit:
                query = outcome.query
                self.stdout.write(
                    f"miss: {query['query']!r} ({query['language']}, {query['kind']}) expected "
                    f"{query['expected']} at {outcome.ranks}; first: {outcome.slugs[:CUTOFF]}"
                )
        self.stdout.write(
            f"{title}: {len(outcomes)}, hits@{CUTOFF} {hits}/{len(outcomes)} ({hits / len(outcomes):.1%}), "
            f"MRR {mrr:.3f}, per query median {statistics.median(times):.1f} ms, "
            f"p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms, max {times[-1]:.1f} ms"
        )
