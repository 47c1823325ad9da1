"""Send each user the messages kept for their daily digest, in one mail. Run it once a day; running it twice
sends nothing twice: a message is marked sent in the transaction that queues its digest."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import PendingMail, language_of


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options):
        users = get_user_model().objects.filter(pending_mail__sent_at=None, is_active=True).distinct()
        sent = 0
        for user in users:
            with transaction.atomic():
                messages = list(PendingMail.objects.select_for_update().filter(user=user, sent_at=None))
                if not messages:
                    continue
                if not user.email:  # nowhere to send them: do not read them again every day
                    PendingMail.objects.filter(pk__in=[message.pk for message in messages]).update(
                        sent_at=timezone.now()
                    )
                    continue
                with translation.override(language_of(user)):
                    context = {"user": user, "messages": messages, "site_url": settings.SITE_URL.rstrip("/")}
                    subject = " ".join(render_to_string("accounts/mail/digest_subject.txt", context).split())
                    body = render_to_string("accounts/mail/digest.txt", context)
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
                PendingMail.objects.filter(pk__in=[message.pk for message in messages]).update(sent_at=timezone.now())
                sent += 1
        self.stdout.write(f"{sent} digests queued")
