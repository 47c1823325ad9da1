"""What reviewers score, 1 (poor) to 5 (excellent): by default the UN Network on Migration's criteria for
peer review of the Hub's content (its call for the expert roster, 2020): quality, a transparent
methodology where there is one, applicability to implementing the GCM at local, national, regional or
global level, and the cross-cutting issues (gender responsiveness, human rights, child-sensitivity).
Deployments may give their own list in REVIEW_CRITERIA (key, text)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CRITERIA = [
    ("quality", _("Quality: the practice is described accurately, clearly and completely.")),
    ("methodology", _("Methodology: how the practice was designed and its results measured is transparent.")),
    (
        "applicability",
        _(
            "Applicability: it shows how others can use it to implement the GCM at local, national, regional "
            "or global level."
        ),
    ),
    (
        "cross_cutting",
        _("Cross-cutting issues: it is gender-responsive, human rights-based and child-sensitive."),
    ),
]
SCORES = [(score, str(score)) for score in range(1, 6)]


def criteria():
    return getattr(settings, "REVIEW_CRITERIA", CRITERIA)
