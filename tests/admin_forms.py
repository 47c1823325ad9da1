"""What the tests post to a practice's change form: its inlines, their management forms, its address."""

from django.urls import reverse

from records.models import Provenance

# What the practice form posts for the choices that have a default, when a test leaves them as they are.
PRACTICE_DEFAULTS = {"practice_type_provenance": Provenance.STATED}

# The inline formsets of the practice admin, by prefix.
INLINES = [
    "objective_links",
    "country_links",
    "people",
    "identifiers",
    "organisation_roles",
    "beneficiary_links",
    "principle_links",
    "gcr_links",
    "sdg_links",
    "review_comments",
    "status_changes",
]
# A project's: the same, and its results by year.
PROJECT_INLINES = [*INLINES, "results"]


def management_form(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def rows(prefix, *forms, initial=0):
    """Inline `prefix` with `forms` (each a dict of its fields), the first `initial` of them rows that exist."""
    data = {**management_form(prefix, len(forms)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, form in enumerate(forms):
        data.update({f"{prefix}-{index}-{name}": value for name, value in form.items()})
    return data


def no_inlines():
    """The management forms of every inline, with no form in any."""
    return {key: value for prefix in INLINES for key, value in management_form(prefix, 0).items()}


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])
