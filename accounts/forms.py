from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.mail import FREQUENCIES, KINDS, NOW
from accounts.models import Profile


class SignupForm(AllauthSignupForm):
    organisation = Profile._meta.get_field("organisation").formfield()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = self.fields.get(settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD)
        if honeypot is not None:
            # allauth hides it with an inline style, which the Content-Security-Policy refuses: a class hides it.
            honeypot.label = _("Leave this field empty")
            honeypot.widget.attrs = {"class": "honeypot", "tabindex": "-1", "autocomplete": "off"}

    def save(self, request):
        user = super().save(request)
        if user is not None:
            language = translation.get_language()
            Profile.objects.update_or_create(
                user=user,
                defaults={
                    "organisation": self.cleaned_data["organisation"],
                    "language": language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
                },
            )
        return user


class ProfileForm(forms.ModelForm):
    """A partner's organisation and language, and how often each kind of message reaches them."""

    class Meta:
        model = Profile
        fields = ["organisation", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = not self.instance.user.is_staff
        chosen = self.instance.mail_frequency or {}
        for kind, label in KINDS.items():
            self.fields[f"mail_{kind}"] = forms.ChoiceField(
                label=label,
                choices=FREQUENCIES,
                initial=chosen.get(kind, NOW),
                required=False,
                widget=forms.RadioSelect,
            )

    def save(self, commit=True):
        self.instance.mail_frequency = {kind: self.cleaned_data.get(f"mail_{kind}") or NOW for kind in KINDS}
        return super().save(commit)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password
