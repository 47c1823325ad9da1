"""The review workflow of practices and projects: who may do what, and the transitions.

    draft ──submit──> submitted ──start review──> in review ──publish──> published ──archive──> archived
      ^                   │  └──────────────publish──────────────────────^                      │
      │                   ├──request changes──> changes requested ──submit──> submitted        │
      │                   └──decline (also from in review)──────────────────────────> archived │
      └────────────────────────────────────back to draft─────────────────────────────────────┘

Two staff groups, created by the migrations of practices and projects:
contributors add records, edit their own drafts and submit them; reviewers
comment, request changes, publish, archive and delete. Superusers do
everything. Partners, signed-in users outside the staff, edit the records they
created while those are drafts or sent back to them, and submit them; nothing
else (the submissions app is their side). Every check here runs on the server:
the admin and the partners' pages only hide the buttons a user may not press.

Each step sends `status_changed` inside its transaction, so that what a receiver
writes (a message in the outbox) exists exactly when the step does.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from records.models import Status

CONTRIBUTORS = "Contributors"
REVIEWERS = "Reviewers"

# Statuses in which a contributor may still edit their own record.
EDITABLE_BY_CONTRIBUTOR = {Status.DRAFT, Status.CHANGES_REQUESTED}

# Sent with record, transition, user and note after each step, inside its transaction.
status_changed = Signal()

# A record's own log of steps and its reviewers' comments: the workflow writes them, no edit or revert does.
LOG_RELATIONS = ("status_changes", "review_comments")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str
    # Publishing or submitting a record needs its place and purpose: a country and a GCM objective.
    needs_classification: bool = False


TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition(
            "submit",
            _("Submit for review"),
            frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
            Status.SUBMITTED,
            "submit",
            needs_classification=True,
        ),
        Transition("start_review", _("Start the review"), frozenset({Status.SUBMITTED}), Status.IN_REVIEW, "review"),
        Transition(
            "request_changes",
            _("Request changes"),
            frozenset({Status.SUBMITTED, Status.IN_REVIEW}),
            Status.CHANGES_REQUESTED,
            "review",
        ),
        Transition(
            "publish",
            _("Publish"),
            frozenset({Status.SUBMITTED, Status.IN_REVIEW}),
            Status.PUBLISHED,
            "publish",
            needs_classification=True,
        ),
        Transition("archive", _("Archive"), frozenset({Status.PUBLISHED}), Status.ARCHIVED, "publish"),
        # The peer reviewers recommended against it, and the secretariat agreed: never published, kept.
        Transition(
            "decline",
            _("Decline"),
            frozenset({Status.SUBMITTED, Status.IN_REVIEW}),
            Status.ARCHIVED,
            "publish",
        ),
        Transition(
            "reopen",
            _("Back to draft"),
            frozenset({Status.ARCHIVED, Status.CHANGES_REQUESTED}),
            Status.DRAFT,
            "publish",
        ),
    ]
}


def has_permission(user, record, codename):
    return user.has_perm(f"{record._meta.app_label}.{codename}")


def is_reviewer(user, record):
    return user.is_superuser or has_permission(user, record, "review")


def is_partner(user):
    return user.is_authenticated and user.is_active and not user.is_staff


def can_edit(user, record):
    """Reviewers edit any record; contributors and partners their own, while it is a draft or sent back."""
    if is_partner(user):
        return record.created_by_id == user.pk and record.status in EDITABLE_BY_CONTRIBUTOR
    if not user.is_active or not user.is_staff:
        return False
    if is_reviewer(user, record):
        return has_permission(user, record, f"change_{record._meta.model_name}")
    return (
        has_permission(user, record, f"change_{record._meta.model_name}")
        and record.created_by_id == user.pk
        and record.status in EDITABLE_BY_CONTRIBUTOR
    )


def may_recover(user, model):
    """Recovering a deleted record brings it back as it was, status included: reviewers only."""
    return (
        user.is_active
        and user.is_staff
        and (user.is_superuser or has_permission(user, model, "review") or has_permission(user, model, "publish"))
    )


def may_read_reviews(user, record):
    """Reviewers read every record's reviews, log and history; a contributor only those of their own
    records: what reviewers write of someone else's work is not theirs to read."""
    return user.is_active and user.is_staff and (is_reviewer(user, record) or record.created_by_id == user.pk)


def can_preview(user, record):
    """Staff who may edit a record, or review it, and the partner who created it, may see it at its public
    address before it is published."""
    if is_partner(user):
        return record.created_by_id == user.pk
    return user.is_authenticated and user.is_staff and (can_edit(user, record) or is_reviewer(user, record))


def allowed(user, record):
    """The transitions `user` may apply to `record` now."""
    return [transition for transition in TRANSITIONS.values() if refusal(user, record, transition) is None]


def apply(record, name, user, note=""):
    """Move `record` along transition `name`, or raise PermissionDenied / ValidationError.

    The step is checked against the record as it is in the database, read again under a row lock: a step
    or an edit that another request made meanwhile is seen (a status that changed gives the usual "does
    not apply"), never overwritten. `record` is given the new status and dates.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("Unknown action."))
    with transaction.atomic():
        current = type(record)._default_manager.select_for_update().filter(pk=record.pk).first()
        if current is None:
            raise ValidationError(_("This record has been deleted."))
        reason = refusal(user, current, transition)
        if isinstance(reason, PermissionDenied):
            raise reason
        if reason is not None:
            raise ValidationError(reason)
        if transition.needs_classification:
            missing = missing_classifications(current)
            if missing:
                raise ValidationError(missing)
        now = timezone.now()
        previous = current.status
        current.status = transition.target
        changed = ["status", "updated_at"]
        if transition.target == Status.SUBMITTED:
            current.submitted_at = now
            changed.append("submitted_at")
        if transition.target == Status.PUBLISHED:
            current.published_at = now
            changed.append("published_at")
        # Logged before the record is saved, so that a step's time comes before the updated_at it leaves:
        # a form opened after the step does not count it among the changes made since (records.admin).
        current.status_changes.create(from_status=previous, to_status=transition.target, by=user, note=note)
        if note and transition.name == "request_changes":
            current.review_comments.create(author=user, text=note)
        current.save(update_fields=changed)
        status_changed.send(type(current), record=current, transition=transition, user=user, note=note)
    for field in changed:
        setattr(record, field, getattr(current, field))
    return record


@contextmanager
def untouched(model, pk):
    """Keep what the workflow owns of record `pk` as it is now while its content is rewritten (a revert).

    That is its status and dates, the updated_at that tells a stale form (records.admin), its log and its
    reviewers' comments, which a revision may still hold (those saved before the history stopped following
    them, or with a comment written in the same form). Call it inside a transaction: the row stays locked
    until the end of it. A record that no longer exists (a recovery) comes back as its revision holds it.
    """
    record = model._default_manager.select_for_update().filter(pk=pk).first()
    if record is None:
        yield
        return
    fields = {name: getattr(record, name) for name in (*record.workflow_fields, "updated_at")}
    kept = {relation: list(getattr(record, relation).all()) for relation in LOG_RELATIONS}
    yield
    model._default_manager.filter(pk=pk).update(**fields)
    for relation, rows in kept.items():
        related = getattr(record, relation)
        related.exclude(pk__in=[row.pk for row in rows]).delete()
        if rows:
            columns = [field.name for field in related.model._meta.concrete_fields if not field.primary_key]
            related.model._default_manager.bulk_update(rows, columns)


def missing_classifications(record):
    messages = []
    if not record.country_links.exists():
        messages.append(_("Add at least one country."))
    if not record.objective_links.exists():
        messages.append(_("Add at least one GCM objective."))
    return messages


def may_apply(user, record, transition):
    """A staff member's right to a transition, by their groups' permissions."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or has_permission(user, record, transition.permission)


def refusal(user, record, transition):
    """Why `user` may not apply `transition` to `record` now, or None."""
    if is_partner(user):
        if transition.name != "submit" or record.created_by_id != user.pk:
            return PermissionDenied()
    elif not may_apply(user, record, transition):
        return PermissionDenied()
    if transition.name == "submit" and not is_reviewer(user, record) and record.created_by_id != user.pk:
        return PermissionDenied()
    if record.status not in transition.sources:
        return _("This action does not apply to a record that is “%(status)s”.") % {
            "status": record.get_status_display()
        }
    return None
