# Both staff groups read every reference list, and add organisations as they enter records.
from django.db import migrations

CONTRIBUTORS = "Contributors"
REVIEWERS = "Reviewers"

LISTS = ["region", "country", "gcmobjective", "gcrobjective", "guidingprinciple", "sdg", "beneficiary", "organisation"]
STAFF = [f"view_{model}" for model in LISTS] + ["add_organisation", "change_organisation"]


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
    grant(apps, "taxonomy", {CONTRIBUTORS: STAFF, REVIEWERS: STAFF})


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_search_configurations"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
