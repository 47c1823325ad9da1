"""Facet counts under other filters come from the records' keys held in memory (records/memory.py): they
equal the counts made in SQL from the link tables, and follow every change at once."""

import contextlib

import numpy
import pytest
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections, connection
from django.db.models import Count
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from practices.filters import PracticeFilter
from practices.models import Practice, PracticeCountry
from records import memory
from records.models import SearchDocument, Status

pytestmark = pytest.mark.django_db


def counted_both_ways(query):
    """{facet: (counts from the keys, counts made in SQL)} of the practices list under `query`."""
    filterset = PracticeFilter(QueryDict(query), queryset=Practice.objects.published().for_list())
    filterset.is_valid()
    both = {}
    for name in sorted(filterset.kept_facets()):
        in_sql = filterset.counts(name, filterset.queryset_without(name))
        both[name] = (filterset.facet_counts(name), {key: n for key, n in in_sql.items() if key is not None and n})
    return both


@pytest.mark.parametrize(
    "query",
    ["gcm=3", "country=SN", "country=SN&country=MA&gcm=7", "q=record&country=SN", "language=fr", "q=Senegal"],
)
def test_counts_from_the_keys_equal_the_counts_made_in_sql(make_practices, query):
    make_practices(8, countries=["SN", "FR"], objectives=[3, 7])
    make_practices(5, countries=["MA"], objectives=[7])
    for name, (from_keys, in_sql) in counted_both_ways(query).items():
        assert from_keys == in_sql, name
    assert counted_both_ways(query)["country"][0]


def test_counts_under_a_filter_follow_a_new_link_and_a_withdrawal_at_once(make_practices):
    seeds = counted_both_ways("gcm=3")["country"][0]  # the seed records' counts, to which these add

    def added():
        counts = counted_both_ways("gcm=3")["country"][0]
        return {key: counts.get(key, 0) - seeds.get(key, 0) for key in counts if counts.get(key) != seeds.get(key)}

    first, second, *_rest = make_practices(4, countries=["IS"], objectives=[3])
    assert added() == {"IS": 4}
    PracticeCountry.objects.create(record=first, country_id="NO")
    second.status = Status.ARCHIVED
    second.save()
    assert added() == {"IS": 3, "NO": 1}
    first.delete()
    assert added() == {"IS": 2}


def test_most_records_are_counted_as_every_document_but_the_rest_and_give_the_same_counts(make_practices):
    make_practices(12, countries=["SN", "FR"], objectives=[3, 7])
    make_practices(4, countries=["MA"], objectives=[7])
    index = memory.index_of(Practice)
    published = list(Practice.objects.published().order_by("pk").values_list("pk", flat=True))
    for ids in [published[:3], published[:-2], published]:  # a few, then most: counted as all but the rest
        counts = index.counts(ids)[0]
        for name, path in [("country", "countries"), ("gcm", "gcm_objectives")]:
            in_sql = Practice.objects.filter(pk__in=ids).order_by().values_list(path).annotate(n=Count("pk"))
            assert counts[name] == {str(value): n for value, n in in_sql if value is not None}, (name, len(ids))
    # Withdrawn: kept out of both sides of the subtraction.
    withdrawn = Practice.objects.get(pk=published[-1])
    withdrawn.status = Status.ARCHIVED
    withdrawn.save()
    most = published[:-2]
    in_sql = Practice.objects.filter(pk__in=most).order_by().values_list("countries").annotate(n=Count("pk"))
    assert index.counts(most)[0]["country"] == {value: n for value, n in in_sql if value is not None}


def test_a_worker_reads_the_documents_before_its_first_request(django_assert_num_queries):
    memory.warm()
    published = list(Practice.objects.published().values_list("pk", flat=True))
    with django_assert_num_queries(1):  # the look at documents changed since: none read again
        counts = memory.index_of(Practice).counts(published)[0]
    assert counts["country"]


def test_a_database_that_does_not_answer_leaves_the_documents_to_the_first_use(monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError("the database is down")

    monkeypatch.setattr(memory.DocumentIndex, "counts", refuse)
    memory.warm()
    assert "could not be read in advance" in caplog.text


def test_keys_are_held_in_16_bits_until_there_are_too_many_for_them():
    index = memory.DocumentIndex(SearchDocument.objects.none())
    index._place_keys(1, ["language:fr"])
    assert index.keys.dtype == numpy.int16
    for record_id in range(2, 32_772):  # one key a record, one more than 16 bits number
        index._place_keys(record_id, ["language:fr", f"organisation:{record_id}"])
    counted = index._count_keys(numpy.arange(index.rows))
    assert index.keys.dtype == numpy.int32
    assert counted[index.key_numbers["organisation:32771"]] == 1
    assert counted[index.key_numbers["language:fr"]] == 32_771


def test_an_index_looks_for_changed_documents_once_a_request_and_the_next_request_sees_a_change(client, make_practices):
    first, second, _third = make_practices(3, countries=["IS"], objectives=[3])
    uses = []
    use = memory.DocumentIndex._refresh

    def counted(index):
        uses.append(index)
        return use(index)

    def looks(queries):
        return sum('"indexed_at" >=' in query["sql"] for query in queries.captured_queries)

    client.get(first.get_absolute_url())  # the index's first look in the process: every document read
    with pytest.MonkeyPatch.context() as patch, CaptureQueriesContext(connection) as queries:
        patch.setattr(memory.DocumentIndex, "_refresh", counted)
        client.get(second.get_absolute_url())
    # The record's vector (none yet: its neighbours are not sought), the records sharing most with it: one look.
    assert len(uses) == 2
    assert looks(queries) == 1
    # Outside a request, each use looks, as a command's would.
    with CaptureQueriesContext(connection) as queries:
        memory.index_of(Practice).counts([first.pk])
        memory.index_of(Practice).counts([first.pk])
    assert looks(queries) == 2
    # A record published after a request's look is in the next request's counts.
    make_practices(1, countries=["NO"], objectives=[3])
    response = client.get("/en/practices/", {"gcm": "3"})
    counts = {option.value: option.count for facet in response.context["facets"] for option in facet.options}
    assert (counts["IS"], counts["NO"]) == (3, 1)


@contextlib.contextmanager
def request_signals(finished=True):
    """A request's start (and end) as the test client signals them: without closing the test's database
    connection, which Django's own receivers would do."""
    request_started.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        yield
    finally:
        request_started.connect(close_old_connections)
        if finished:
            request_finished.disconnect(close_old_connections)
            request_finished.send(sender=None)
            request_finished.connect(close_old_connections)


def test_a_filterset_made_later_in_a_request_counts_a_record_published_after_the_index_looked(make_practices):
    make_practices(2, countries=["IS"], objectives=[3])
    with request_signals():
        assert counted_both_ways("gcm=3")["country"][0]["IS"] == 2  # the index looked, once for the request
        make_practices(1, countries=["IS"], objectives=[3])  # published meanwhile
        # A FilterSet made now (as the coverage page makes one a column) reads a newer stamp: the index
        # looks again rather than count under it what it read before.
        assert counted_both_ways("gcm=3")["country"][0]["IS"] == 3


def test_an_index_forgotten_outside_a_request_looks_at_every_use_again(make_practices):
    with request_signals(finished=False):  # a request whose end is never signalled (a response never read)
        pass
    memory.forget()
    make_practices(1, countries=["IS"], objectives=[3])
    assert counted_both_ways("gcm=3")["country"][0]["IS"] == 1
    make_practices(1, countries=["IS"], objectives=[3])
    assert counted_both_ways("gcm=3")["country"][0]["IS"] == 2
