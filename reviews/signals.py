from django.dispatch import receiver

from practices.models import Practice
from records.workflow import status_changed
from reviews.process import reopen_for_round


@receiver(status_changed)
def next_round(sender, record, transition, user, note, **kwargs):
    """A practice sent back for changes and submitted again goes back to its reviewers, in review."""
    if sender is Practice and transition.name == "submit" and record.assignments.exists():
        reopen_for_round(record)
