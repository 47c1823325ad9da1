"""What a practice must meet before it is submitted: the Hub's eligibility checklist, and the record's minimum.

The Migration Network Hub asks that a practice be fully or mostly completed when it is submitted, so that it
can share lessons learned and recommendations, and that it serve the Global Compact for Migration's
objectives and guiding principles. Deployments may give their own list in SUBMISSION_CRITERIA (key, text).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CRITERIA = [
    (
        "completed",
        _("The practice has been fully or mostly completed, so that it can share lessons learned and recommendations."),
    ),
    ("objectives", _("It contributes to one or more objectives of the Global Compact for Migration.")),
    ("principles", _("It respects the Global Compact's guiding principles.")),
    ("evidence", _("It has results that can be shown, and the description says what they are.")),
    (
        "consent",
        _("We may share what we submit: the people named agreed to be named, and we hold the rights to the image."),
    ),
]


def criteria():
    return getattr(settings, "SUBMISSION_CRITERIA", CRITERIA)


def missing(practice, submission):
    """What `practice` still needs before it can be submitted, as sentences; empty when it is ready."""
    needs = []
    language = practice.language
    if not getattr(practice, f"title_{language}", ""):
        needs.append(_("A title."))
    if not getattr(practice, f"summary_{language}", ""):
        needs.append(_("A summary."))
    if not practice.country_links.exists():
        needs.append(_("At least one country."))
    if not practice.objective_links.exists():
        needs.append(_("At least one GCM objective."))
    if practice.image and not getattr(practice, f"image_alt_{language}", ""):
        needs.append(_("A description of the image, for people who cannot see it."))
    ticked = set(submission.checklist)
    for key, text in criteria():
        if key not in ticked:
            needs.append(_("Confirm: %(criterion)s") % {"criterion": text})
    return needs
