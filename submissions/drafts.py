"""Writing a partner's draft: created empty or from a template file, then saved from the guided form.

A partner writes in one language, the record's (`language`): each text goes into that language's column,
and changing the language moves the texts with it.
"""

import secrets
import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from practices.models import Practice
from records import workflow
from records.models import Provenance, Status
from submissions.forms import LINKS, OTHER_TEXT_FIELDS, PLAIN_FIELDS, TEXT_FIELDS
from submissions.models import Submission


def start(user, language, imported_from=""):
    """A new, empty draft of `user`'s, in `language`."""
    with transaction.atomic():
        practice = Practice.objects.create(
            language=language, created_by=user, slug=f"draft-{uuid.uuid4().hex[:6]}-{secrets.token_hex(3)}"
        )
        submission = Submission.objects.create(practice=practice, submitter=user, imported_from=imported_from[:200])
    return practice, submission


def write(practice, submission, values, user=None):
    """Save `values` (the guided form's cleaned data, or what a template file gave) into the draft.

    Keys left out of `values` are left as they are; links are replaced by the ones given. With `user`, the
    record is read again under a row lock and must still be theirs to edit: a save racing a submission in
    another tab is refused (PermissionDenied), and no save ever writes the workflow's fields.
    """
    old, new = practice.language, values.get("language") or practice.language
    with transaction.atomic():
        if user is not None:
            current = Practice.objects.select_for_update().filter(pk=practice.pk).first()
            if current is None or not workflow.can_edit(user, current):
                raise PermissionDenied
        practice.language = new
        for name in TEXT_FIELDS + OTHER_TEXT_FIELDS:
            if name in values or (old != new):
                text = values[name] if name in values else getattr(practice, f"{name}_{old}", "")
                setattr(practice, f"{name}_{new}", text or "")
                if old != new:
                    setattr(practice, f"{name}_{old}", "")
        for name in PLAIN_FIELDS:
            if name in values:
                setattr(practice, name, values[name] if values[name] is not None or name == "image_credit" else None)
        if practice.image_credit is None:
            practice.image_credit = ""
        replaced = practice.image.name if (values.get("remove_image") or values.get("image")) else ""
        if values.get("remove_image"):
            practice.image = ""
        if values.get("image"):
            practice.image = values["image"]
        if replaced:
            # Each upload has a name of its own: the old file is nobody else's.
            transaction.on_commit(lambda: practice.image.storage.delete(replaced))
        if practice.status == Status.DRAFT and practice.published_at is None:
            practice.slug = unique_slug(practice)
        practice.save(update_fields=practice.content_fields())
        for name, (relation, column, _model) in LINKS.items():
            if name in values:
                replace_links(practice, relation, column, values[name])
        if "contacts" in values:
            practice.people.all().delete()
            practice.people.model.objects.bulk_create(
                practice.people.model(record=practice, position=place, **person)
                for place, person in enumerate(values["contacts"])
            )
        for name in ("checklist", "organisations_as_written"):
            if name in values:
                setattr(submission, name, values[name])
        submission.save()


def replace_links(practice, relation, column, chosen):
    links = getattr(practice, relation)
    wanted = {item.pk for item in chosen}
    links.exclude(**{f"{column}__in": wanted}).delete()
    present = set(links.values_list(f"{column}_id", flat=True))
    links.model.objects.bulk_create(
        links.model(record=practice, provenance=Provenance.STATED, **{f"{column}_id": pk})
        for pk in sorted(wanted - present)
    )


def unique_slug(practice):
    """The address a draft will be published at: its title and a random tail the draft keeps. The tail
    makes two drafts of one title differ without a lookup, and so tells a partner nothing of the records
    they cannot see (a "-2" would say that another record has that title). Editors may shorten it."""
    base = slugify(getattr(practice, f"title_{practice.language}", "") or "")[:100].strip("-")
    if not base:
        return practice.slug
    tail = practice.slug.rsplit("-", 1)[-1] if "-" in practice.slug else ""
    if len(tail) != 6 or not all(character in "0123456789abcdef" for character in tail):
        tail = secrets.token_hex(3)
    return f"{base}-{tail}"
