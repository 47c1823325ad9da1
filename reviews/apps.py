from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Peer review")

    def ready(self):
        from reviews import signals  # noqa: F401  (follows the workflow's steps)
