# The two staff groups of the review workflow (taxonomy.workflow) and what they may do with practices.
# Reviewers may delete; contributors may not. Row-level rules (own drafts only) are in taxonomy.workflow.
from django.db import migrations

from taxonomy.workflow import CONTRIBUTORS, REVIEWERS, grant

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


def create_groups(apps, schema_editor):
    grant(apps, "practices", {CONTRIBUTORS: CONTRIBUTOR, REVIEWERS: REVIEWER})


class Migration(migrations.Migration):
    dependencies = [("practices", "0003_workflow"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
