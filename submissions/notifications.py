"""Mail to partners and staff at each step of a submission, in each recipient's language.

Messages go through Django's mail API to the configured backend, the outbox (django-post-office): each is a
row written inside the step's transaction, and sent later by `manage.py send_queued_mail`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse

from accounts.mail import send
from practices.models import Practice
from records.models import Status
from records.workflow import REVIEWERS, status_changed
from submissions.models import Submission


def staff_to_tell():
    """The reviewers and superusers with an address: those who start a review."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return users.filter(Q(is_superuser=True) | Q(groups__name=REVIEWERS)).distinct()


# What each step tells the submitter.
TO_SUBMITTER = {
    "submit": "received",
    "request_changes": "changes_requested",
    "publish": "published",
    "decline": "declined",
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

    if transition.name in TO_SUBMITTER:
        send(submission.submitter, f"submissions/mail/{TO_SUBMITTER[transition.name]}", context, partner_pages)
    if transition.name == "submit":
        for member in staff_to_tell():
            send(member, "submissions/mail/submitted", {**context, "submission": submission}, admin_page)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def forget_drafts(sender, instance, **kwargs):
    """A partner who leaves takes their drafts never submitted; what reviewers have seen stays."""
    for submission in Submission.objects.filter(submitter=instance).select_related("practice"):
        practice = submission.practice
        if practice.submitted_at is None and practice.status == Status.DRAFT:
            if practice.image:
                image = practice.image
                transaction.on_commit(lambda image=image: image.storage.delete(image.name))
            practice.delete()
