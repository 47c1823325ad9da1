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

    # {kind of message: "now", "daily" or "never"} (accounts.mail.KINDS); a kind not named is sent at once.
    mail_frequency = models.JSONField(_("how often to mail each kind of message"), default=dict, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return f"{self.user.email} ({self.organisation})"


def language_of(user):
    """The language to write to `user` in: their profile's, else the one active now."""
    profile = getattr(user, "profile", None) if user is not None else None
    return profile.language if profile is not None else translation.get_language() or settings.LANGUAGE_CODE


class PendingMail(models.Model):
    """A message kept for a user's daily digest (accounts.mail), until `manage.py send_digests` sends it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="pending_mail")
    kind = models.CharField(max_length=30)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message for a digest")
        verbose_name_plural = _("messages for digests")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "user"], name="pending_mail_unsent")]

    def __str__(self):
        return self.subject
