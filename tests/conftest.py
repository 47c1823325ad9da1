"""Shared test setup: the seed fixtures once per session, and tiny builders."""

import socket
from itertools import count
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from django.utils import translation

from practices.models import Practice, PracticeCountry, PracticeObjective
from projects.models import Project, ProjectCountry, ProjectObjective
from records import documents, memory
from records.models import Status
from tests.browser import tools as browser_tools


def pytest_report_header(config):
    database = settings.DATABASES["default"]
    return [f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}", browser_tools.summary()]


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres_server work on this machine's PostgreSQL server directly (outages, backups,
    migrations on fresh databases); tests marked postgres_pass are long and check what does not depend on
    the database (the API's contract). Both run once, in the pass whose database is PostgreSQL, the
    production database."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    once = {"postgres_server", "postgres_pass"}
    selected = [item for item in items if not once & set(item.keywords)]
    deselected = [item for item in items if once & set(item.keywords)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


FIXTURES = sorted(path.stem for path in Path(settings.FIXTURE_DIRS[0]).glob("*.json"))
_serial = count(1)


class UndelayedServer(ThreadedWSGIServer):
    """The live server, without Nagle's algorithm on its connections. It writes an answer's headers and body
    apart, so a client that keeps its connection open (Chromium, the API checker) would otherwise wait for
    its own delayed acknowledgement, 40 ms, on every answer after the first."""

    def get_request(self):
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


@pytest.fixture(scope="session", autouse=True)
def _undelayed_live_server():
    LiveServerThread.server_class = UndelayedServer
    yield
    LiveServerThread.server_class = ThreadedWSGIServer


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploads made by tests land in a folder of their own, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached page, no API request counted and no sentence vector held in memory:
    the database is rolled back between tests, the caches are not. And in the default language: a request
    to a French page leaves French active in the thread, which messages made outside a request then use."""
    cache.clear()
    memory.forget()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _edits_show_at_once(settings):
    """Tests see an edit on every page at once; those of the bounded delay (PAGE_STALE_SECONDS) set it."""
    settings.PAGE_STALE_SECONDS = 0


@pytest.fixture
def seeded(transactional_db):
    """For tests against the live server, which sees only committed data: the seeds are loaded again, and
    emptied afterwards."""
    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the reference lists and the five source documents."""
    with django_db_blocker.unblock():
        call_command("loaddata", *FIXTURES, verbosity=0)
        # The seeds' search documents came with them; their sentence vectors are computed here once.
        call_command("index_search", "--vectors", verbosity=0)


def _make(model, country_link, objective_link, countries, objectives, overrides):
    number = next(_serial)
    fields = {
        "title_en": f"Test record {number}",
        "slug": f"test-record-{number}",
        "language": "en",
        "status": Status.PUBLISHED,
        "source_document": "tests",
        **overrides,
    }
    record = model.objects.create(**fields)
    for code in countries:
        country_link.objects.create(record=record, country_id=code)
    for position, objective in enumerate(objectives):
        objective_link.objects.create(record=record, objective_id=objective, is_primary=position == 0)
    return record


def _make_many(model, country_link, objective_link, count, countries, objectives, fields):
    """`count` published records with the same links and `fields`, in a few bulk queries."""
    first = next(_serial)
    for _ in range(count - 1):
        next(_serial)
    records = model.objects.bulk_create(
        model(
            title_en=f"Test record {number}",
            slug=f"test-record-{number}",
            language="en",
            status=Status.PUBLISHED,
            source_document="tests",
            **fields,
        )
        for number in range(first, first + count)
    )
    country_link.objects.bulk_create(
        country_link(record=record, country_id=code) for record in records for code in countries
    )
    objective_link.objects.bulk_create(
        objective_link(record=record, objective_id=objective, is_primary=position == 0)
        for record in records
        for position, objective in enumerate(objectives)
    )
    # Bulk writes send no signals: the builder indexes them, as generate_demo_data does.
    documents.rebuild(model, [record.pk for record in records])
    return records


@pytest.fixture
def make_practices(db):
    def make(count, countries=(), objectives=(), **fields):
        return _make_many(Practice, PracticeCountry, PracticeObjective, count, countries, objectives, fields)

    return make


@pytest.fixture
def make_projects(db):
    def make(count, countries=(), objectives=(), **fields):
        return _make_many(Project, ProjectCountry, ProjectObjective, count, countries, objectives, fields)

    return make


@pytest.fixture
def make_practice(db):
    def make(countries=(), objectives=(), **overrides):
        return _make(Practice, PracticeCountry, PracticeObjective, countries, objectives, overrides)

    return make


@pytest.fixture
def make_project(db):
    def make(countries=(), objectives=(), **overrides):
        return _make(Project, ProjectCountry, ProjectObjective, countries, objectives, overrides)

    return make


@pytest.fixture
def make_staff(db):
    """A logged-in client for a new staff member of `group` ("Contributors", "Reviewers" or None)."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    def make(group=None, **fields):
        number = next(_serial)
        user = User.objects.create_user(f"staff{number}", password=None, is_staff=True, **fields)
        if group:
            user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def mail_server(settings):
    """The outbox as in production, sending to a real SMTP server that the test can stop and start again."""
    from tests.mail_server import MailServer

    server = MailServer()
    server.start()
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 2
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
        "DEFAULT_PRIORITY": "medium",
    }
    yield server
    server.stop()


def send_outbox():
    """What the production mail worker (`manage.py send_queued_mail`) does, without its lock file and its
    closing of the database connection, which would end the test's transaction: send what is due, once."""
    from post_office.mail import send_queued

    return send_queued(processes=1)
