from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrowseConfig(AppConfig):
    """Pages that span practices and projects: home, search, and a page per reference entry."""

    name = "browse"
    verbose_name = _("Browse")
