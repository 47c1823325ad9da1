from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Partner submissions")

    def ready(self):
        from submissions import notifications  # noqa: F401  (connects the workflow's and accounts' signals)
