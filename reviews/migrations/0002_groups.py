# The peer review's two groups (reviews.process): the secretariat, staff who assign reviewers and decide on
# practices; and external reviewers, registered users outside the staff whom the secretariat invited.
from django.db import migrations

SECRETARIAT = "Secretariat"
EXTERNAL_REVIEWERS = "External reviewers"
PRACTICES = [
    "view_practice",
    "change_practice",
    "review",
    "publish",
    "view_practicestatuschange",
    "view_practicereviewcomment",
    "add_practicereviewcomment",
]
REVIEWS = ["view_assignment", "view_review"]


def grant(apps, app_label, group_name, codenames):
    """Give `group_name` its permissions on `app_label`'s models, creating them first: Django only creates
    permissions after the last migration has run."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=group_name)
    permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise LookupError(f"No such permissions in {app_label}: {sorted(missing)}")
    group.permissions.add(*permissions)


def create_groups(apps, schema_editor):
    grant(apps, "practices", SECRETARIAT, PRACTICES)
    grant(apps, "reviews", SECRETARIAT, REVIEWS)
    apps.get_model("auth", "Group").objects.get_or_create(name=EXTERNAL_REVIEWERS)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial"), ("practices", "0009_published_index")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
