# The two staff groups of the review workflow (taxonomy.workflow) and what they may do with projects.
# Reviewers may delete; contributors may not. Row-level rules (own drafts only) are in taxonomy.workflow.
from django.db import migrations

from taxonomy.workflow import CONTRIBUTORS, REVIEWERS, grant

LINKS = ["projectobjective", "projectcountry", "projectorganisation", "projectbeneficiary", "projectprinciple", "projectgcrobjective", "projectsdg"]
EDIT_LINKS = [f"{action}_{model}" for model in LINKS for action in ("add", "change", "delete", "view")]
CONTRIBUTOR = [
    "add_project",
    "change_project",
    "view_project",
    "submit",
    *EDIT_LINKS,
    "view_projectreviewcomment",
    "view_projectstatuschange",
    *(f"{action}_projectresult" for action in ("add", "change", "delete", "view")),
]
REVIEWER = [
    *CONTRIBUTOR,
    "delete_project",
    "review",
    "publish",
    "add_projectreviewcomment",
    "change_projectreviewcomment",
    "delete_projectreviewcomment",
]


def create_groups(apps, schema_editor):
    grant(apps, "projects", {CONTRIBUTORS: CONTRIBUTOR, REVIEWERS: REVIEWER})


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_workflow"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
