"""The Redis cache backend answers as an empty cache when Redis cannot be reached, and says so once."""

import logging

import pytest

from pagecache import backends
from tests.ports import free_port


@pytest.fixture
def unreachable():
    return backends.RedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})


def test_an_unreachable_redis_is_an_empty_cache(unreachable):
    assert unreachable.get("page", "default") == "default"
    assert unreachable.get_many(["a", "b"]) == {}
    assert unreachable.add("claim", 1) is False
    assert unreachable.set("page", "content") is False  # Django's answers None: the page cache must know
    assert unreachable.set_many({"a": 1}) == ["a"]
    assert unreachable.incr("version") is None
    assert unreachable.ping() is False


def test_the_outage_is_logged_once_not_once_a_call(unreachable, caplog, monkeypatch):
    with caplog.at_level(logging.WARNING, logger="pagecache.backends"):
        for _ in range(5):
            unreachable.get("page")
            monkeypatch.setattr(unreachable, "_down_until", 0.0)  # as if the retry delay had passed
    assert [record.message.startswith("The cache is unreachable") for record in caplog.records] == [True]


def test_after_a_failure_reads_leave_redis_alone_for_a_while_but_writes_are_tried(unreachable, monkeypatch):
    unreachable.get("page")
    calls = []

    def client(self):
        calls.append("tried")
        raise backends.RedisError("still down")

    monkeypatch.setattr(type(unreachable), "_cache", property(client))
    assert unreachable.get("page", "default") == "default"
    assert calls == []
    assert unreachable.incr("version") is None
    assert unreachable.delete("session") is False
    assert calls == ["tried", "tried"]


def test_each_connection_pool_has_one_redis_client_not_one_a_call(monkeypatch):
    # Django's backend made a redis.Redis for every call, which copies redis-py's table of commands.
    servers = "redis://127.0.0.1:6379/0;redis://127.0.0.1:6380/0;redis://127.0.0.1:6381/0"
    client = backends.RedisCache(servers, {})._cache
    assert client.get_client(write=True) is client.get_client(write=True)
    # Reads go to a replica drawn at random: each drawn replica's client uses that replica's own pool.
    draws = iter([1, 2, 2, 1])
    monkeypatch.setattr("random.randint", lambda low, high: next(draws))
    readers = [client.get_client(write=False) for _ in range(4)]
    assert readers[0] is readers[3]
    assert readers[1] is readers[2]
    assert readers[0] is not readers[1]
    for index in (0, 1, 2):
        assert client._clients[index].connection_pool is client._pools[index]
        assert client._pools[index].connection_kwargs["port"] == 6379 + index
