# The two staff groups of the review workflow (records.workflow) and what they may do with practices.
# Reviewers may delete; contributors may not. Row-level rules (own drafts only) are in records.workflow.
from django.db import migrations

CONTRIBUTORS = "Contributors"
REVIEWERS = "Reviewers"

LINKS = ["practiceobjective", "practicecountry", "practiceorganisation", "practicebeneficiary", "practiceprinciple", "practicegcrobjective", "practicesdg"]
EDIT_LINKS = [f"{action}_{model}" for model in LINKS for action in ("add", "change", "delete", "view")]
CONTRIBUTOR = [
    "add_practice",
    "change_practice",
    "view_practice",
    "submit",
    *EDIT_LINKS,
    "view_practicereviewcomment",
    "view_practicestatuschange",
]
REVIEWER = [
    *CONTRIBUTOR,
    "delete_practice",
    "review",
    "publish",
    "add_practicereviewcomment",
    "change_practicereviewcomment",
    "delete_practicereviewcomment",
]


def grant(apps, app_label, grants):
    """For a data migration: give each staff group its permissions on `app_label`'s models.

    grants: {group name: [permission codenames]}. Permissions are created first:
    Django only creates them after the last migration has run.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in grants.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise LookupError(f"No such permissions in {app_label}: {sorted(missing)}")
        group.permissions.add(*permissions)


def create_groups(apps, schema_editor):
    grant(apps, "practices", {CONTRIBUTORS: CONTRIBUTOR, REVIEWERS: REVIEWER})


class Migration(migrations.Migration):
    dependencies = [("practices", "0003_workflow"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
