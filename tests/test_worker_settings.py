"""gunicorn's worker hooks (config/gunicorn.py): the garbage collector works between requests."""

import gc
import logging
import weakref
from types import SimpleNamespace

import pytest

from config import gunicorn as settings


@pytest.fixture
def thresholds():
    kept = gc.get_threshold()
    yield
    gc.set_threshold(*kept)


def worker(answered=1):
    return SimpleNamespace(nr=answered, log=logging.getLogger("gunicorn.error"))


@pytest.mark.django_db
def test_a_warm_worker_lets_a_request_make_many_objects_before_the_collector_interrupts_it(thresholds):
    settings.post_worker_init(worker())
    assert gc.get_threshold()[0] == settings.REQUEST_OBJECTS


def test_what_a_request_left_in_cycles_is_collected_once_it_is_answered(thresholds):
    gc.set_threshold(settings.REQUEST_OBJECTS)

    class Node:
        pass

    node = Node()
    node.itself = node  # a cycle: reference counting alone never frees it
    left = weakref.ref(node)
    del node
    settings.post_request(worker(answered=7), request=None, environ={}, response=None)
    assert left() is None
