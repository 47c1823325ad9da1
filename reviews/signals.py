from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from practices.models import Practice
from records.workflow import status_changed
from reviews.process import publish_comments, reopen_for_round, standing


@receiver(status_changed)
def follow_the_workflow(sender, record, transition, user, note, **kwargs):
    """A practice under peer review is published only on a complete round, whoever publishes it (the
    secretariat's page or the admin): raised inside the step's transaction, the error undoes the step. Its
    reviewers' public comments then appear on its page. Submitted again, it goes back to its reviewers."""
    if sender is not Practice or not record.assignments.exists():
        return
    if transition.name == "publish":
        if not standing(record)["decidable"]:
            raise ValidationError(_("The peer review of this practice is not complete: it cannot be published yet."))
        publish_comments(record)
    elif transition.name == "submit":
        reopen_for_round(record)
