"""Mail to partners and staff at each step of a submission, in each recipient's language.

Messages go through Django's mail API to the configured backend, the outbox (django-post-office): each is a
row written inside the step's transaction, and sent later by `manage.py send_queued_mail`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import language_of
from practices.models import Practice
from records.models import Status
from records.workflow import REVIEWERS, status_changed
from submissions.models import Submission


def send(user, template, context, pages=None):
    """One message to `user`, from templates/submissions/mail/<template>_subject.txt and <template>.txt.

    `pages(user)` gives the addresses it links to, reversed in the recipient's language.
    """
    if not user or not user.email:
        return
    with translation.override(language_of(user)):
        context = {**context, **(pages(user) if pages else {}), "user": user, "site_url": settings.SITE_URL.rstrip("/")}
        subject = " ".join(render_to_string(f"submissions/mail/{template}_subject.txt", context).split())
        body = render_to_string(f"submissions/mail/{template}.txt", context)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()


def staff_to_tell():
    """The reviewers and superusers with an address: those who start a review."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return users.filter(Q(is_superuser=True) | Q(groups__name=REVIEWERS)).distinct()


# What each step tells the submitter.
TO_SUBMITTER = {
    Status.SUBMITTED: "received",
    Status.CHANGES_REQUESTED: "changes_requested",
    Status.PUBLISHED: "published",
}


@receiver(status_changed)
def tell(sender, record, transition, user, note, **kwargs):
    if sender is not Practice:
        return
    submission = Submission.objects.filter(practice=record).select_related("submitter").first()
    if submission is None:
        return
    context = {"practice": record, "note": note}

    def partner_pages(recipient):
        return {
            "edit_url": reverse("submissions:edit", args=[record.pk]),
            "mine_url": reverse("submissions:mine"),
            "page_url": record.get_absolute_url(),
        }

    def admin_page(recipient):
        return {"admin_url": reverse("admin:practices_practice_change", args=[record.pk])}

    if record.status in TO_SUBMITTER:
        send(submission.submitter, TO_SUBMITTER[record.status], context, partner_pages)
    if record.status == Status.SUBMITTED:
        for member in staff_to_tell():
            send(member, "submitted", {**context, "submission": submission}, admin_page)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def forget_drafts(sender, instance, **kwargs):
    """A partner who leaves takes their drafts never submitted; what reviewers have seen stays."""
    for submission in Submission.objects.filter(submitter=instance).select_related("practice"):
        if submission.practice.submitted_at is None and submission.practice.status == Status.DRAFT:
            submission.practice.delete()
