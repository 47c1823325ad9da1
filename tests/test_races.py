"""Two staff at once, on PostgreSQL: a workflow step and an edit, or two edits, never silently undo each other.

Each test runs two admin requests in two threads, each with its own database connection, and makes them
collide the same way every time: the first is held inside its transaction just after it has written the
record's row (so it holds the row's lock), until PostgreSQL shows the second waiting for that lock; then
the first goes on and both finish.
"""

import threading
import time

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse

from practices.models import Practice
from tests.admin_forms import PRACTICE_DEFAULTS, change_url, no_inlines
from tests.conftest import FIXTURES

pytestmark = [pytest.mark.postgres_server, pytest.mark.django_db(transaction=True)]

# How long a thread may wait for the other before the test fails; a passing test waits for states only.
TIMEOUT = 30


@pytest.fixture
def seeded(transactional_db):
    """The reference lists: the database is emptied after each test that commits."""
    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture
def staff(seeded):
    """Two logged-in superusers' clients."""

    def client(name):
        user = User.objects.create_superuser(name, f"{name}@example.org", password=None, first_name=name.title())
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return client("amina"), client("bruno")


def transition_url(practice, name):
    return reverse("admin:practices_practice_transition", args=[practice.pk, name])


def opened_form(client, practice, **fields):
    """What `client` posts from the change form of `practice` opened now, with `fields` changed."""
    form = client.get(change_url(practice)).context["adminform"].form
    data = {field.html_name: field.value() for field in form.hidden_fields()}
    data.update(title_en=practice.title_en, slug=practice.slug, language="en", source_document="tests")
    data.update(PRACTICE_DEFAULTS)
    data.update(no_inlines())
    return {**data, **fields}


def collide(first, second):
    """Run `first` until it has saved a practice inside its transaction, then `second` until it waits for
    a row lock, then let `first` go on. Returns both results (responses); raises what either raised."""
    saved, go = threading.Event(), threading.Event()
    results = {}

    def hold(sender, instance, **kwargs):
        if threading.current_thread().name == "first" and not saved.is_set():
            saved.set()
            go.wait(TIMEOUT)

    def run(request):
        try:
            results[threading.current_thread().name] = request()
        except Exception as error:
            results[threading.current_thread().name] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=[first], name="first")]
    post_save.connect(hold, sender=Practice, dispatch_uid="races-hold")
    try:
        threads[0].start()
        assert saved.wait(TIMEOUT), "the first request never saved the record"
        threads.append(threading.Thread(target=run, args=[second], name="second"))
        threads[1].start()
        wait_for_a_backend_waiting_for_a_lock()
    finally:
        go.set()
        for thread in threads:
            thread.join(TIMEOUT)
        post_save.disconnect(sender=Practice, dispatch_uid="races-hold")
    assert not any(thread.is_alive() for thread in threads)
    for result in results.values():
        if isinstance(result, Exception):
            raise result
    return results["first"], results["second"]


def wait_for_a_backend_waiting_for_a_lock():
    """Until PostgreSQL shows a connection to this database blocked by another's lock (or TIMEOUT)."""
    deadline = time.monotonic() + TIMEOUT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the second request never waited for the first one's lock")


def refusal(response):
    assert response.status_code == 200, response
    return " ".join(response.context["adminform"].form.non_field_errors())


def test_a_save_racing_archive_never_makes_the_record_public_again(staff, make_practice):
    amina, bruno = staff
    practice = make_practice(status="published")
    edit = opened_form(bruno, practice, title_en="Edited while archived")
    archived, edited = collide(
        lambda: amina.post(transition_url(practice, "archive")),
        lambda: bruno.post(change_url(practice), edit),
    )
    assert archived.status_code == 302
    practice.refresh_from_db()
    assert practice.status == "archived"
    assert "Amina changed this record" in refusal(edited)
    assert practice.title_en != "Edited while archived"


def test_a_save_racing_publish_never_loses_the_publication(staff, make_practice):
    amina, bruno = staff
    practice = make_practice(status="in_review", countries=["SN"], objectives=[15])
    edit = opened_form(bruno, practice, title_en="Edited while published")
    published, edited = collide(
        lambda: amina.post(transition_url(practice, "publish")),
        lambda: bruno.post(change_url(practice), edit),
    )
    assert published.status_code == 302
    practice.refresh_from_db()
    assert (practice.status, practice.published_at is not None) == ("published", True)
    assert "Changed since then: status, published." in refusal(edited)


def test_of_two_forms_opened_together_the_second_save_is_refused_and_the_first_kept(staff, make_practice):
    amina, bruno = staff
    practice = make_practice(status="in_review")
    first_edit = opened_form(amina, practice, title_en="Amina's title")
    second_edit = opened_form(bruno, practice, summary_en="Bruno's summary")
    first, second = collide(
        lambda: amina.post(change_url(practice), first_edit),
        lambda: bruno.post(change_url(practice), second_edit),
    )
    assert first.status_code == 302
    practice.refresh_from_db()
    assert (practice.title_en, practice.summary_en) == ("Amina's title", "")
    message = refusal(second)
    assert "Amina changed this record on" in message
    assert "Changed since then: title [en]." in message


def test_a_step_waiting_for_another_is_checked_against_what_the_other_did(staff, make_practice):
    amina, bruno = staff
    practice = make_practice(status="in_review", countries=["SN"], objectives=[15])
    published, sent_back = collide(
        lambda: amina.post(transition_url(practice, "publish")),
        lambda: bruno.post(transition_url(practice, "request_changes"), {"note": "Too late"}, follow=True),
    )
    assert published.status_code == 302
    practice.refresh_from_db()
    assert [change.to_status for change in practice.status_changes.all()] == ["published"]
    assert practice.status == "published"
    assert "This action does not apply to a record that is “Published”." in sent_back.text
