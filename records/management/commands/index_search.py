"""Rebuild every published record's search document, then compute the sentence vectors that are missing.

    manage.py index_search            # after a bulk load (generate_demo_data runs it)
    manage.py index_search --vectors  # only the missing vectors

Saves keep the documents current by themselves (records/documents.py); this is for rows written
without signals, and for vectors left to the background.
"""

import time

from django.core.management.base import BaseCommand

from pagecache import cache
from records import documents


class Command(BaseCommand):
    help = "Rebuild the search documents of every published record and compute the missing sentence vectors."

    def add_arguments(self, parser):
        parser.add_argument("--vectors", action="store_true", help="Only compute the missing vectors.")

    def handle(self, *, vectors, verbosity, **options):
        say = self.stdout.write if verbosity else lambda message: None
        if not vectors:
            for model in documents.record_kinds():
                started = time.perf_counter()
                count = documents.rebuild(model)
                say(f"{model._meta.verbose_name_plural}: {count} documents and their facet counts in {_since(started)}")
        started = time.perf_counter()
        count = documents.embed_missing()
        say(f"{count} vectors computed in {_since(started)}")
        # Pages kept in the cache counted and searched the documents as they were.
        cache.bump()


def _since(started):
    return f"{time.perf_counter() - started:.1f} s"
