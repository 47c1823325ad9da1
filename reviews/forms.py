from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reviews.criteria import SCORES, criteria
from reviews.models import Assignment, Review
from reviews.process import EXTERNAL_REVIEWERS, SECRETARIAT


class DeclarationForm(forms.Form):
    CHOICES = [
        ("none", _("I have no conflict of interest with this practice, its organisations or its authors.")),
        ("conflict", _("I have a conflict of interest.")),
    ]
    declaration = forms.ChoiceField(label=_("Your declaration"), choices=CHOICES, widget=forms.RadioSelect)
    conflict = forms.CharField(
        label=_("What the conflict is"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the secretariat reads it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("declaration") == "conflict" and not cleaned.get("conflict", "").strip():
            self.add_error("conflict", _("Say what the conflict is."))
        if cleaned.get("declaration") == "none":
            cleaned["conflict"] = ""
        return cleaned


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"), choices=Review.Recommendation.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000)
    public = forms.BooleanField(
        label=_("Show my comment on the practice's page once it is published"),
        required=False,
        help_text=Review._meta.get_field("public").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scores = {
            f"score_{key}": forms.TypedChoiceField(
                label=text, choices=SCORES, coerce=int, widget=forms.RadioSelect(attrs={"class": "score"})
            )
            for key, text in criteria()
        }
        self.fields = {**scores, **self.fields}

    def scores(self):
        return {key: self.cleaned_data[f"score_{key}"] for key, _text in criteria()}


class ReviewerChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        kind = _("internal") if user.is_staff else _("external")
        return f"{user.get_full_name() or user.email} <{user.email}> ({kind})"


class AssignForm(forms.Form):
    reviewer = ReviewerChoice(queryset=get_user_model().objects.none(), label=_("Reviewer"))

    def __init__(self, practice, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Assignment.objects.filter(practice=practice).values("reviewer")
        users = get_user_model().objects.filter(is_active=True).exclude(email="").exclude(pk__in=taken)
        if practice.created_by_id:
            users = users.exclude(pk=practice.created_by_id)
        # Staff and invited users; not the secretariat, which decides and reads every review.
        reviewers = users.filter(Q(is_staff=True) | Q(groups__name=EXTERNAL_REVIEWERS)).exclude(is_superuser=True)
        self.fields["reviewer"].queryset = reviewers.exclude(groups__name=SECRETARIAT).distinct().order_by("email")


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of a registered user"))

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Nobody has an account with this address: ask them to create one first."))
        if user.is_staff:
            raise forms.ValidationError(_("Staff review as internal reviewers: assign them directly."))
        self.user = user
        return email


class DecisionForm(forms.Form):
    CHOICES = [
        ("publish", _("Publish")),
        ("changes", _("Request changes from the partner")),
        ("decline", _("Decline")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the partner with a request for changes or a decline."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "changes" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say what the partner should change."))
        return cleaned
