from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only JSON API under /api/v1/, over the same querysets and FilterSets as the pages."""

    name = "api"
    verbose_name = _("API")
