"""What the tests post to a practice's change form: its inlines, their management forms, its address."""

from django.urls import reverse

# The inline formsets of the practice admin, by prefix.
INLINES = [
    "objective_links",
    "country_links",
    "organisation_roles",
    "beneficiary_links",
    "principle_links",
    "gcr_links",
    "sdg_links",
    "review_comments",
    "status_changes",
]


def management_form(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def no_inlines():
    """The management forms of every inline, with no form in any."""
    return {key: value for prefix in INLINES for key, value in management_form(prefix, 0).items()}


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])
