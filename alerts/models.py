"""A filtered list a signed-in user saved, and how often they want mail about its new records."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(24)


class SavedSearch(models.Model):
    class Kind(models.TextChoices):
        PRACTICES = "practices", _("practices")
        PROJECTS = "projects", _("projects")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("every day")
        WEEKLY = "weekly", _("every week")
        MONTHLY = "monthly", _("every month")

    PERIODS = {"daily": 1, "weekly": 7, "monthly": 30}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="saved_searches")
    kind = models.CharField(_("kind of record"), max_length=10, choices=Kind.choices)
    query = models.CharField(_("filters"), max_length=2000, blank=True)  # the list's query string, no page
    label = models.CharField(_("name"), max_length=300)
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    # Records published after this are new to the user: set when saved, and at each mail sent.
    checked_at = models.DateTimeField(default=timezone.now)
    # The unsubscribe link's secret: it works without signing in.
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at"]

    def __str__(self):
        return self.label

    def due(self, now):
        # An hour's margin: a daily run a little earlier than the day before must not skip a day.
        period = datetime.timedelta(days=self.PERIODS[self.frequency]) - datetime.timedelta(hours=1)
        return self.checked_at + period <= now

    def list_path(self):
        from django.urls import reverse

        return reverse(f"{self.kind}:list") + (f"?{self.query}" if self.query else "")
