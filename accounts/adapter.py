from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.utils import translation

from accounts.models import language_of


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Every account message in its recipient's language, whatever page they asked from."""
        user = context.get("user") or get_user_model().objects.filter(email__iexact=email).first()
        with translation.override(language_of(user)):
            super().send_mail(template_prefix, email, context)
