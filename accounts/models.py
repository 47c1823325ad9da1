"""What the catalogue keeps of a partner beyond their login (django-allauth keeps the address and password)."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile")
    organisation = models.CharField(
        _("organisation"), max_length=200, help_text=_("The organisation you submit practices for.")
    )
    language = models.CharField(
        _("language of your messages"),
        max_length=2,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The catalogue writes to you in this language."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return f"{self.user.email} ({self.organisation})"


def language_of(user):
    """The language to write to `user` in: their profile's, else the one active now."""
    profile = getattr(user, "profile", None) if user is not None else None
    return profile.language if profile is not None else translation.get_language() or settings.LANGUAGE_CODE
