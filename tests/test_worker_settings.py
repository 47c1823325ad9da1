"""A worker's settings: the garbage collector works between requests (gunicorn's hooks, config/gunicorn.py),
and numpy computes on the request's thread alone (config/settings.py)."""

import gc
import logging
import os
import subprocess
import sys
import weakref
from types import SimpleNamespace

import pytest
from django.urls import clear_url_caches, get_resolver

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


def test_a_worker_runs_numpys_matrix_products_on_the_requests_thread_alone():
    # OpenBLAS would start a thread a core, which spin after each product and take the cores from the other
    # workers. The environment is the machine's, without an operator's own setting.
    code = (
        "import os, django; django.setup(); import numpy; "
        "numpy.ones((4000, 384), dtype=numpy.float32) @ numpy.ones(384, dtype=numpy.float32); "
        "print(len(os.listdir('/proc/self/task')))"
    )
    environment = {name: value for name, value in os.environ.items() if name != "OPENBLAS_NUM_THREADS"}
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    threads = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    assert threads.stdout.split() == ["1"]


def test_a_worker_loads_the_code_of_its_pages_before_its_first_request():
    from django.template import engines

    from records import embeddings

    templates = engines["django"].engine.template_loaders[0]  # the cached loader, with DEBUG off
    templates.reset()
    embeddings._model.cache_clear()
    clear_url_caches()
    settings.load_code()
    assert {"base.html", "practices/practice_list.html", "browse/search.html"} <= set(templates.get_template_cache)
    assert embeddings._model.cache_info().currsize == 1
    # The addresses of every language, in every namespace: a page's links are built without reading the URLs.
    _prefix, practices = get_resolver().namespace_dict["practices"]
    assert {"en", "fr", "es"} <= set(get_resolver()._reverse_dict) & set(practices._reverse_dict)
