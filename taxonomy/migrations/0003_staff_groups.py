# Both staff groups read every reference list, and add organisations as they enter records.
from django.db import migrations

from taxonomy.workflow import CONTRIBUTORS, REVIEWERS, grant

LISTS = ["region", "country", "gcmobjective", "gcrobjective", "guidingprinciple", "sdg", "beneficiary", "organisation"]
STAFF = [f"view_{model}" for model in LISTS] + ["add_organisation", "change_organisation"]


def create_groups(apps, schema_editor):
    grant(apps, "taxonomy", {CONTRIBUTORS: STAFF, REVIEWERS: STAFF})


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_search_configurations"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
