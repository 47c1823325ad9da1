"""Peer review as on the Migration Network Hub: a secretariat assigns internal (UN staff) and external
reviewers to a submitted practice; each declares any conflict of interest, then scores the practice against
the criteria, comments and recommends. A practice sent back and submitted again is reviewed again by the
same reviewers: each submission is a round.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from practices.models import Practice
from records.models import Status


class Assignment(models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("internal (UN staff)")
        EXTERNAL = "external", _("external")

    class State(models.TextChoices):
        DECLARING = "declaring", _("to declare any conflict of interest")
        REVIEWING = "reviewing", _("reviewing")
        CONFLICT = "conflict", _("conflict of interest declared")
        DONE = "done", _("review submitted")

    practice = models.ForeignKey(Practice, models.CASCADE, related_name="assignments", verbose_name=_("practice"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="review_assignments", verbose_name=_("reviewer")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DECLARING)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("assigned by")
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    due_at = models.DateTimeField(_("due"))
    declared_at = models.DateTimeField(_("declared"), null=True, blank=True)
    conflict = models.TextField(_("conflict of interest"), blank=True)
    overdue_told_at = models.DateTimeField(_("told overdue"), null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "reviewer"], name="one_assignment_a_reviewer"),
        ]

    def __str__(self):
        return f"{self.reviewer} – {self.practice}"


class Review(models.Model):
    class Recommendation(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        CHANGES = "changes", _("Request changes")
        REJECT = "reject", _("Reject")

    assignment = models.ForeignKey(Assignment, models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField(_("round"))
    scores = models.JSONField(_("scores"), default=dict)  # {criterion key: 1 to 5}
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices)
    comment = models.TextField(_("comment"))
    public = models.BooleanField(
        _("show the comment on the published page"),
        default=False,
        help_text=_("As the Hub shows its peer reviewers' comments. Scores and recommendations stay private."),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["round", "submitted_at"]
        constraints = [models.UniqueConstraint(fields=["assignment", "round"], name="one_review_a_round")]

    def __str__(self):
        return f"{self.assignment} ({self.round})"


def current_round(practice):
    """Each submission of the practice starts a round: the first submission is round 1. Read from the
    practice's prefetched steps when a list prefetched them (reviews.views.secretariat)."""
    return max(1, sum(1 for change in practice.status_changes.all() if change.to_status == Status.SUBMITTED))
