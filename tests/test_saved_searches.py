"""A signed-in user saves any filtered list and gets mail about its new records, as often as they chose,
with a link that stops the mail without signing in (issue 20)."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts.models import SavedSearch
from records.models import Status
from tests.partners import partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client):
    user = partner("reader@example.org", language="fr")
    client.force_login(user)
    return user


def save(client, query="country=SN&gcm=21", frequency="weekly", kind="practices", label="Practices: Senegal"):
    return client.post(
        "/en/saved-searches/save/", {"kind": kind, "query": query, "label": label, "frequency": frequency}
    )


def publish(make_practice, title, country="SN", objective=21, days_ago=0):
    published_at = timezone.now() - datetime.timedelta(days=days_ago)
    return make_practice(
        title_en=title, countries=[country], objectives=[objective], status=Status.PUBLISHED, published_at=published_at
    )


def test_a_signed_in_user_saves_the_list_they_filtered(client, user):
    page = client.get("/en/practices/?country=SN&gcm=21&page=1&sort=title")
    assert 'action="/en/saved-searches/save/"' in page.text
    assert 'value="country=SN&amp;gcm=21"' in page.text  # without the page and the order
    response = save(client)
    assert response.status_code == 302
    assert response["Location"] == "/en/practices/?country=SN&gcm=21"
    search = SavedSearch.objects.get()
    assert (search.user, search.query, search.frequency) == (user, "country=SN&gcm=21", "weekly")


def test_visitors_see_no_save_form_and_cannot_save(client):
    assert "saved-searches/save" not in client.get("/en/practices/?country=SN").text
    response = save(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert not SavedSearch.objects.exists()


def test_a_bad_frequency_or_kind_is_refused_with_a_message(client, user):
    assert save(client, frequency="hourly").status_code == 400
    assert save(client, kind="people").status_code == 400
    assert not SavedSearch.objects.exists()


def test_new_records_are_mailed_once_however_often_the_command_runs(client, user, make_practice):
    save(client)
    search = SavedSearch.objects.get()
    call_command("send_saved_searches", verbosity=0)
    assert mail.outbox == []  # not due yet: weekly
    SavedSearch.objects.update(checked_at=search.checked_at - datetime.timedelta(days=7))
    publish(make_practice, "Desks in Dakar town halls", days_ago=1)
    publish(make_practice, "Elsewhere entirely", country="TN", days_ago=1)
    call_command("send_saved_searches", verbosity=0)
    call_command("send_saved_searches", verbosity=0)
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "nouvel enregistrement" in message.subject  # in the reader's language
    assert "Desks in Dakar town halls" in message.body
    assert "Elsewhere entirely" not in message.body
    assert f"/fr/saved-searches/stop/{search.token}/" in message.body


def test_only_records_published_since_the_last_mail_are_new(client, user, make_practice):
    publish(make_practice, "Old news", days_ago=10)
    publish(make_practice, "Fresh news", days_ago=1)
    save(client)
    SavedSearch.objects.update(checked_at=timezone.now() - datetime.timedelta(days=8))
    call_command("send_saved_searches", verbosity=0)
    (message,) = mail.outbox
    assert "Fresh news" in message.body
    assert "Old news" not in message.body


def test_the_link_in_the_mail_stops_it_without_signing_in(client, user):
    save(client)
    search = SavedSearch.objects.get()
    client.logout()
    page = client.get(f"/en/saved-searches/stop/{search.token}/")
    assert page.status_code == 200
    assert SavedSearch.objects.exists()  # a link that a mail scanner follows stops nothing
    assert client.post(f"/en/saved-searches/stop/{search.token}/").status_code == 200
    assert not SavedSearch.objects.exists()
    assert client.get(f"/en/saved-searches/stop/{search.token}/").status_code == 404


def test_a_user_changes_or_deletes_only_their_own_searches(client, user):
    save(client)
    search = SavedSearch.objects.get()
    assert client.post(f"/en/saved-searches/{search.pk}/", {f"{search.pk}-frequency": "daily"}).status_code == 302
    search.refresh_from_db()
    assert search.frequency == "daily"
    client.force_login(partner("other@example.org"))
    assert client.post(f"/en/saved-searches/{search.pk}/", {"delete": "1"}).status_code == 404
    assert "Practices: Senegal" not in client.get("/en/saved-searches/").text
    assert SavedSearch.objects.filter(pk=search.pk).exists()


def test_tokens_are_long_and_unguessable():
    from alerts.models import new_token

    tokens = {new_token() for _number in range(100)}
    assert len(tokens) == 100
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{32}", token) for token in tokens)


def test_a_daily_search_run_a_little_earlier_each_day_skips_no_day(client, user):
    save(client, frequency="daily")
    search = SavedSearch.objects.get()
    assert search.due(search.checked_at + datetime.timedelta(days=1) - datetime.timedelta(seconds=5))


def test_a_search_whose_filters_no_longer_apply_mails_nothing(client, user, make_practice):
    save(client, query="country=ZZ&year_from=abc")
    SavedSearch.objects.update(checked_at=timezone.now() - datetime.timedelta(days=8))
    publish(make_practice, "Anything at all", days_ago=1)
    call_command("send_saved_searches", verbosity=0)
    assert mail.outbox == []
