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

from django.http import QueryDict  # noqa: E402
from django.utils import translation  # noqa: E402

from practices.filters import PracticeFilter  # noqa: E402
from practices.models import Practice  # noqa: E402

translation.activate("en")


def filtered(query):
    return PracticeFilter(QueryDict(query), queryset=Practice.objects.published().for_list())


def plans():
    by_country = filtered("country=SN")
    yield "list page rows, country=SN", by_country.qs[:20]
    yield "list count, country=SN and gcm=16", filtered("country=SN&gcm=16").qs.order_by()
    # A word in a few records (a common one, in 40 % of the demo records, is rightly read sequentially).
    yield "search, q=PAMECAS", filtered("q=PAMECAS").qs[:20]
    yield "objective facet counts, country=SN", by_country.counts_query("gcm", by_country.queryset_without("gcm"))
    unfiltered = filtered("")
    yield "country facet counts of the unfiltered list", unfiltered.counts_query("country", unfiltered.queryset)


for name, queryset in plans():
    plan = queryset.explain()
    sequential = "Seq Scan on practices_practice " in plan
    print(f"== {name}: {'SEQUENTIAL SCAN of practices_practice' if sequential else 'no sequential scan of practices'}")
    print(plan)
    print()
