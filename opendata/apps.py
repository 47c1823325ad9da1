from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """Exports of the filtered lists, feeds, the sitemap, robots.txt and the pages' linked data."""

    name = "opendata"
    verbose_name = _("Open data")
