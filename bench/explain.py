"""`make explain`: the query plans of the list, facet and search queries on the benchmark database.

Prints each plan and whether it reads the practices table sequentially; a selective filter should
not. Run after `make bench` has built the database (DATABASE_URL is set to it here).
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/catalogue_bench")
os.environ.setdefault("DJANGO_DEBUG", "True")
os.environ["DATABASE_POOL"] = "False"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.utils import translation  # noqa: E402

from practices.filters import PracticeFilter  # noqa: E402
from practices.models import Practice  # noqa: E402
from records import search  # noqa: E402
from records.models import FacetCount  # noqa: E402

translation.activate("en")


def filtered(query):
    return PracticeFilter(QueryDict(query), queryset=Practice.objects.published().for_list())


def plans():
    by_country = filtered("country=SN")
    yield "list page rows, country=SN", by_country.qs[:20]
    yield "list count, country=SN and gcm=16", filtered("country=SN&gcm=16").qs.order_by()
    # The facets count these records' keys in memory (records/memory.py).
    yield "records whose keys the facets count, country=SN", by_country.queryset_without("gcm").order_by().values("pk")
    # The unfiltered list reads them all from the counts kept at write time.
    yield "kept facet counts", FacetCount.objects.filter(kind="practices.practice", count__gt=0)


def words_plans():
    """The search engine's words (records.search.by_words): a word in a few records, and one in most. The
    plan is that of the query inside catalogue_words(), which auto_explain reports (superuser only)."""
    with connection.cursor() as cursor:
        for setting in (
            "LOAD 'auto_explain'",
            "SET auto_explain.log_min_duration = 0",
            "SET auto_explain.log_nested_statements = on",
            "SET auto_explain.log_analyze = on",
            "SET client_min_messages = log",
        ):
            cursor.execute(setting)
        for words in ("PAMECAS", "migrants"):
            notices = []

            def keep(diagnostic, notices=notices):
                # Read now: a notice's fields are gone once the handler returns.
                notices.append(diagnostic.message_primary)

            connection.connection.add_notice_handler(keep)
            try:
                cursor.execute(*search.words_sql(Practice, words))
                cursor.fetchall()
            finally:
                connection.connection.remove_notice_handler(keep)
            yield f"search words, q={words}", "\n".join(notices) or "(no plan reported)"


def explained():
    for name, queryset in plans():
        yield name, queryset.explain()
    yield from words_plans()


for name, plan in explained():
    sequential = "Seq Scan on practices_practice " in plan
    print(f"== {name}: {'SEQUENTIAL SCAN of practices_practice' if sequential else 'no sequential scan of practices'}")
    print(plan)
    print()
