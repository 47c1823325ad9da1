"""Mail to a user, in their language, at once or in their daily digest, as they chose for its kind.

Every message goes through Django's mail API to the outbox (django-post-office): a row written in the
current transaction, sent later. A kind of message the user may choose for is in KINDS; others (an
address confirmation, "your practice is published") are always sent at once.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import PendingMail, Profile, language_of

NOW, DAILY, NEVER = "now", "daily", "never"
FREQUENCIES = [(NOW, _("at once")), (DAILY, _("in a daily digest")), (NEVER, _("never"))]
# The kinds of message a user chooses for, and who gets them.
KINDS = {
    "assignment": _("A practice is assigned to me for review"),
    "overdue": _("A review is overdue"),
    "conflict": _("A reviewer declared a conflict of interest (secretariat)"),
    "quorum": _("The reviews of a practice are complete or disagree (secretariat)"),
}


def frequency(user, kind):
    profile = Profile.objects.filter(user=user).first()
    return (profile.mail_frequency if profile else {}).get(kind, NOW)


def send(user, template, context, pages=None, kind=None):
    """Write `template`_subject.txt and `template`.txt to `user` in their language, and send it or keep it
    for their digest as they chose for `kind`. `pages(user)` gives the addresses it links to, reversed in the
    recipient's language."""
    if not user or not user.email:
        return
    how = frequency(user, kind) if kind in KINDS else NOW
    if how == NEVER:
        return
    with translation.override(language_of(user)):
        context = {**context, **(pages(user) if pages else {}), "user": user, "site_url": settings.SITE_URL.rstrip("/")}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    if how == DAILY:
        PendingMail.objects.create(user=user, kind=kind, subject=subject[:300], body=body)
    else:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
