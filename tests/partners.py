"""Builders for the partner tests: accounts, drafts, staff reviewers."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User

from accounts.models import Profile
from records.workflow import REVIEWERS
from submissions import drafts

PASSWORD = "a-long-Passphrase-42"


def partner(email="partner@example.org", language="en", organisation="IOM Tunisia"):
    user = User.objects.create_user(email, email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Profile.objects.create(user=user, organisation=organisation, language=language)
    return user


def reviewer(email="reviewer@example.org"):
    user = User.objects.create_user(email, email=email, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


def draft(user, **values):
    practice, submission = drafts.start(user, values.pop("language", "en"))
    if values:
        drafts.write(practice, submission, values)
    return practice, submission


def complete(user, country="TN", objective=21, **values):
    """A draft with everything submitting needs."""
    from submissions.checklist import criteria
    from taxonomy.models import Country, GCMObjective

    return draft(
        user,
        title=values.pop("title", "Reintegration of returning migrants"),
        summary=values.pop("summary", "Returning migrants get training and a small grant."),
        countries=[Country.objects.get(code=country)],
        gcm_objectives=[GCMObjective.objects.get(number=objective)],
        checklist=[key for key, _text in criteria()],
        **values,
    )


def review_groups():
    """The peer review's groups as their migration makes them: a transactional test's flush empties them."""
    import importlib

    from django.contrib.auth.models import Permission

    migration = importlib.import_module("reviews.migrations.0002_groups")
    secretariat, _created = Group.objects.get_or_create(name=migration.SECRETARIAT)
    secretariat.permissions.add(
        *Permission.objects.filter(content_type__app_label="practices", codename__in=migration.PRACTICES),
        *Permission.objects.filter(content_type__app_label="reviews", codename__in=migration.REVIEWS),
    )
    Group.objects.get_or_create(name=migration.EXTERNAL_REVIEWERS)
