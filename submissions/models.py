"""A practice a partner entered on the site: what they declared beside the record itself.

The practice is an ordinary record (practices.Practice, created_by the partner) in the one workflow; what
only a submission has lives here, so that staff records and the public pages need not know of it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from practices.models import Practice


class Submission(models.Model):
    practice = models.OneToOneField(Practice, models.CASCADE, related_name="submission", verbose_name=_("practice"))
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="submissions",
        verbose_name=_("submitter"),
    )
    # The keys of the eligibility criteria the submitter ticked (submissions.checklist.CRITERIA).
    checklist = models.JSONField(_("criteria confirmed"), default=list, blank=True)
    organisations_as_written = models.TextField(
        _("organisations, as the submitter wrote them"),
        blank=True,
        help_text=_("For the editors, who link each to the list of organisations."),
    )
    imported_from = models.CharField(
        _("template file"), max_length=200, blank=True, help_text=_("The file the draft was read from, if any.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.practice)
