"""Mail leaves through the outbox: written in the request's transaction, sent afterwards to a real SMTP
server, kept and retried while that server is down, and never lost (issue 19)."""

import datetime

import pytest
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from post_office.models import STATUS, Email

from records import workflow
from tests.conftest import send_outbox
from tests.mail_server import body
from tests.partners import complete, partner, reviewer

pytestmark = pytest.mark.django_db


def test_a_submission_is_mailed_through_the_outbox_to_the_smtp_server(mail_server):
    owner = partner()
    staff = reviewer()
    practice, _submission = complete(owner)
    workflow.apply(practice, "submit", owner)
    assert mail_server.inbox.messages == []  # nothing is sent during the request
    assert Email.objects.filter(status=STATUS.queued).count() == 2
    send_outbox()
    (to_partner,) = mail_server.inbox.to(owner.email)
    (to_staff,) = mail_server.inbox.to(staff.email)
    assert "We received your practice" in to_partner["Subject"]
    assert f"/admin/practices/practice/{practice.pk}/change/" in body(to_staff)
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}


def test_while_the_smtp_server_is_down_messages_wait_and_go_when_it_is_back(mail_server):
    mail_server.stop()
    EmailMessage("Hello", "Kept until sent.", "catalogue@example.org", ["partner@example.org"]).send()
    send_outbox()
    message = Email.objects.get()
    assert message.status == STATUS.requeued
    assert message.number_of_retries == 1
    assert message.logs.get().status == STATUS.failed  # the failure is logged, the message kept

    mail_server.start()
    send_outbox()  # not yet due: retried after RETRY_INTERVAL
    assert mail_server.inbox.messages == []
    Email.objects.update(scheduled_time=timezone.now() - datetime.timedelta(seconds=1))
    send_outbox()
    (received,) = mail_server.inbox.messages
    assert received["Subject"] == "Hello"
    assert body(received).strip() == "Kept until sent."
    assert Email.objects.get().status == STATUS.sent


def test_a_step_that_fails_leaves_no_message_behind(mail_server):
    owner = partner()
    practice, _submission = complete(owner)

    def failing_request():
        with transaction.atomic():
            workflow.apply(practice, "submit", owner)
            raise RuntimeError("the request fails after the step")

    with pytest.raises(RuntimeError):
        failing_request()
    assert Email.objects.count() == 0
    send_outbox()
    assert mail_server.inbox.messages == []


def test_a_request_does_not_wait_for_a_server_that_does_not_answer(client, mail_server):
    """The SMTP server is gone: submitting still answers at once, and the message waits in the outbox."""
    mail_server.stop()
    owner = partner()
    client.force_login(owner)
    practice, submission = complete(owner)
    data = {
        "language": "en",
        "title": practice.title_en,
        "summary": practice.summary_en,
        "countries": ["TN"],
        "gcm_objectives": [21],
        "checklist": submission.checklist,
        "submit": "1",
    }
    response = client.post(f"/en/my-submissions/{practice.pk}/", data)
    assert response.status_code == 302
    assert Email.objects.filter(status=STATUS.queued, to=[owner.email]).exists()
