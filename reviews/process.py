"""The steps of a peer review, and who may take each. Every check runs here, on the server; the pages only
hide what a user may not do.

    the secretariat assigns ──> the reviewer declares ──┬── a conflict: the assignment is freed, the
                                                        │   secretariat told, and it assigns another
                                                        └── none: the reviewer reads, scores, recommends
    reviews of the round complete the quorum ──> the secretariat is told; if they disagree, it assigns one
    more reviewer ──> the secretariat decides: publish, request changes (the partner answers and submits
    again, to the same reviewers: a new round), or decline.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import send
from records import workflow
from records.models import Status
from reviews.models import Assignment, Review, current_round

SECRETARIAT = "Secretariat"
EXTERNAL_REVIEWERS = "External reviewers"
UNDER_REVIEW = {Status.SUBMITTED, Status.IN_REVIEW}
DECISIONS = {"publish": "publish", "changes": "request_changes", "decline": "decline"}


def quorum():
    return settings.REVIEW_QUORUM


def due_date():
    return timezone.now() + datetime.timedelta(days=settings.REVIEW_DAYS)


def is_secretariat(user):
    return user.is_active and user.is_staff and (user.is_superuser or user.groups.filter(name=SECRETARIAT).exists())


def may_review_as(user, kind):
    """Internal reviewers are staff; external ones are users the secretariat invited as reviewers. The
    secretariat decides, and reads every review: it does not review."""
    if not user.is_active or is_secretariat(user):
        return False
    if kind == Assignment.Kind.INTERNAL:
        return user.is_staff
    return user.groups.filter(name=EXTERNAL_REVIEWERS).exists()


def secretariat():
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return users.filter(Q(is_superuser=True) | Q(groups__name=SECRETARIAT)).distinct()


def reviewer_pages(assignment):
    def pages(recipient):
        return {"review_url": reverse("reviews:assignment", args=[assignment.pk])}

    return pages


def secretariat_pages(practice):
    def pages(recipient):
        return {"record_url": reverse("reviews:record", args=[practice.pk])}

    return pages


def tell_secretariat(template, kind, context, practice):
    for member in secretariat():
        send(member, f"reviews/mail/{template}", context, secretariat_pages(practice), kind=kind)


def invite(user, by):
    """Make a registered user an external reviewer."""
    if not is_secretariat(by):
        raise PermissionDenied
    user.groups.add(Group.objects.get(name=EXTERNAL_REVIEWERS))


def assign(practice, reviewer, kind, by):
    """Assign `reviewer` to `practice`; the practice goes into review with its first assignment."""
    if not is_secretariat(by):
        raise PermissionDenied
    if practice.status not in UNDER_REVIEW:
        raise ValidationError(_("Only a submitted practice is assigned reviewers."))
    if not may_review_as(reviewer, kind):
        raise ValidationError(_("This person cannot review as an internal or external reviewer of that kind."))
    if reviewer.pk == practice.created_by_id:
        raise ValidationError(_("The person who submitted the practice cannot review it."))
    with transaction.atomic():
        if Assignment.objects.filter(practice=practice, reviewer=reviewer).exists():
            raise ValidationError(_("This reviewer is already assigned to the practice."))
        assignment = Assignment.objects.create(
            practice=practice, reviewer=reviewer, kind=kind, assigned_by=by, due_at=due_date()
        )
        if practice.status == Status.SUBMITTED:
            workflow.apply(practice, "start_review", by)
        send(
            reviewer,
            "reviews/mail/assigned",
            {"assignment": assignment, "practice": practice},
            reviewer_pages(assignment),
            kind="assignment",
        )
    return assignment


def open_to(assignment):
    """Whether the reviewer may still declare or review: the practice is under review, and they are still
    a reviewer of their kind (the secretariat may have removed them)."""
    return assignment.practice.status in UNDER_REVIEW and may_review_as(assignment.reviewer, assignment.kind)


def declare(assignment, conflict):
    """The reviewer's declaration: with a conflict, the assignment is freed and the secretariat told."""
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.state != Assignment.State.DECLARING:
            raise ValidationError(_("You have already made your declaration."))
        if not open_to(assignment):
            raise PermissionDenied
        assignment.declared_at = timezone.now()
        assignment.conflict = conflict.strip()
        assignment.state = Assignment.State.CONFLICT if assignment.conflict else Assignment.State.REVIEWING
        assignment.save(update_fields=["declared_at", "conflict", "state"])
        if assignment.conflict:
            context = {"assignment": assignment, "practice": assignment.practice}
            tell_secretariat("conflict", "conflict", context, assignment.practice)
    return assignment


def submit_review(assignment, scores, recommendation, comment, public):
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("practice").get(pk=assignment.pk)
        if assignment.state != Assignment.State.REVIEWING or not open_to(assignment):
            raise ValidationError(_("This review is not open."))
        review = Review.objects.create(
            assignment=assignment,
            round=current_round(assignment.practice),
            scores=scores,
            recommendation=recommendation,
            comment=comment,
            public=public,
        )
        assignment.state = Assignment.State.DONE
        assignment.save(update_fields=["state"])
        status = standing(assignment.practice)
        if status["quorum"]:
            # Told once the quorum is met: that one more reviewer is needed, or that the secretariat may
            # decide (the message says if the reviews disagree).
            template = "disagreement" if status["one_more"] else "quorum"
            tell_secretariat(
                template, "quorum", {"practice": assignment.practice, "standing": status}, assignment.practice
            )
    return review


def standing(practice):
    """Where the current round stands: the reviews in, what the quorum still needs, and whether the
    recommendations disagree (then one more reviewer is needed)."""
    number = current_round(practice)
    reviews = [
        review
        for assignment in practice.assignments.all()
        for review in assignment.reviews.all()
        if review.round == number
    ]
    done = {"internal": 0, "external": 0}
    for review in reviews:
        done[review.assignment.kind] += 1
    needed = {kind: max(0, count - done[kind]) for kind, count in quorum().items()}
    disagree = len({review.recommendation for review in reviews}) > 1
    quorum_met = not any(needed.values())
    # A disagreement asks for one more reviewer than the quorum; their review settles the round.
    extra = disagree and quorum_met and len(reviews) <= sum(quorum().values())
    return {
        "round": number,
        "reviews": reviews,
        "needed": needed,
        "quorum": quorum_met,
        "disagree": disagree,
        "one_more": extra,
        "decidable": quorum_met and not extra,
    }


def decide(practice, decision, by, note=""):
    """The secretariat's decision, a step of the workflow with who and when. Publishing needs a complete
    round (reviews.signals, which also holds any other way to publish a reviewed practice to it)."""
    if not is_secretariat(by):
        raise PermissionDenied
    if decision not in DECISIONS:
        raise ValidationError(_("Unknown decision."))
    workflow.apply(practice, DECISIONS[decision], by, note=note)


def publish_comments(practice):
    """The comments the reviewers of the deciding round marked public, on the practice's page as the Hub
    shows them; earlier rounds judged a text that is gone."""
    number = current_round(practice)
    for review in Review.objects.filter(assignment__practice=practice, round=number, public=True).select_related(
        "assignment__reviewer"
    ):
        practice.review_comments.get_or_create(
            author=review.assignment.reviewer, text=review.comment, defaults={"public": True}
        )


def reopen_for_round(practice):
    """Submitted again after changes: the same reviewers review the new round, each with a new due date;
    those who had not yet declared still declare first."""
    due = due_date()
    still = [Assignment.State.DONE, Assignment.State.REVIEWING, Assignment.State.DECLARING]
    for assignment in Assignment.objects.filter(practice=practice, state__in=still).select_related("reviewer"):
        if not may_review_as(assignment.reviewer, assignment.kind):
            continue
        if assignment.state == Assignment.State.DONE:
            assignment.state = Assignment.State.REVIEWING
        assignment.due_at = due
        assignment.overdue_told_at = None
        assignment.save(update_fields=["state", "due_at", "overdue_told_at"])
        send(
            assignment.reviewer,
            "reviews/mail/resubmitted",
            {"assignment": assignment, "practice": practice},
            reviewer_pages(assignment),
            kind="assignment",
        )


def tell_overdue(now=None):
    """Tell each reviewer whose review is overdue, and the secretariat, once: safe to run twice."""
    now = now or timezone.now()
    told = 0
    open_states = [Assignment.State.DECLARING, Assignment.State.REVIEWING]
    overdue = Assignment.objects.filter(
        state__in=open_states, due_at__lt=now, overdue_told_at=None, practice__status__in=UNDER_REVIEW
    )
    for assignment in overdue.select_related("practice", "reviewer"):
        with transaction.atomic():
            claimed = Assignment.objects.filter(pk=assignment.pk, overdue_told_at=None).update(overdue_told_at=now)
            if not claimed:
                continue
            context = {"assignment": assignment, "practice": assignment.practice}
            send(assignment.reviewer, "reviews/mail/overdue", context, reviewer_pages(assignment), kind="overdue")
            tell_secretariat("overdue_secretariat", "overdue", context, assignment.practice)
            told += 1
    return told
