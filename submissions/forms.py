"""The guided form: a practice in the sections of the Hub's practice form, which a partner saves as a draft
as often as they like and submits when nothing is missing (submissions.checklist)."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from practices.models import Practice, PracticePerson
from records.images import clean_image
from records.sections import text_fields
from submissions.checklist import criteria
from taxonomy.collation import collated
from taxonomy.models import SDG, Beneficiary, Country, GCMObjective, GuidingPrinciple

# What only the editors write: the source's own list of related practices and the peer reviewers' comments.
STAFF_ONLY = {"source_related_practices", "peer_review_comments"}
TEXT_FIELDS = [name for name in text_fields(Practice.sections) if name not in STAFF_ONLY]
# Translated fields outside the sections, written in the record's language like the sections.
OTHER_TEXT_FIELDS = ["title", "locality", "image_alt", "image_caption"]
LINKS = {
    # form field: (the practice's link relation, the link's column, the reference model)
    "countries": ("country_links", "country", Country),
    "gcm_objectives": ("objective_links", "objective", GCMObjective),
    "principles": ("principle_links", "principle", GuidingPrinciple),
    "sdgs": ("sdg_links", "sdg", SDG),
    "beneficiaries": ("beneficiary_links", "beneficiary", Beneficiary),
}
# The Hub's form opens with its contact people: a few slots, each saved whole, so that saving twice (the form
# saves itself as the partner types) never makes a person twice.
CONTACT_SLOTS = 3
CONTACT_FIELDS = ["name", "job_title", "organisation", "email"]
PLAIN_FIELDS = ["practice_type", "start_year", "start_month", "end_year", "end_month", "ongoing", "image_credit"]

# The form's steps, in the order of the Hub's practice form; each text section of the practice is in one.
STEPS = [
    (
        "about",
        _("About the practice"),
        ["language", "title", "practice_type", "summary", "key_objective", "activities"],
    ),
    (
        "contacts",
        _("Contacts"),
        [f"contact_{slot}_{name}" for slot in range(1, CONTACT_SLOTS + 1) for name in CONTACT_FIELDS],
    ),
    (
        "where",
        _("Where and when"),
        ["countries", "locality", "start_year", "start_month", "end_year", "end_month", "ongoing"],
    ),
    ("organisations", _("Organisations"), ["organisations_as_written"]),
    (
        "compact",
        _("The Global Compacts"),
        [
            "gcm_objectives",
            "principles",
            "sdgs",
            "beneficiaries",
            "beneficiaries_description",
            "gcr_contribution",
            "key_theme",
        ],
    ),
    (
        "results",
        _("Benefits and impact"),
        [
            "success_factors",
            "key_results",
            "benefits_and_impact",
            "lessons_learned",
            "challenges",
            "challenges_overcome",
            "done_differently",
            "recommendations",
        ],
    ),
    (
        "innovation",
        _("Innovation"),
        ["catalysed_initiatives", "sustainability", "scalability", "covid19_adaptation", "additional_resources"],
    ),
    ("image", _("An image"), ["image", "image_alt", "image_caption", "image_credit"]),
    ("checklist", _("Before you submit"), ["checklist"]),
]

MONTHS = [("", "—"), *((month, str(month)) for month in range(1, 13))]


def model_label(name):
    return capfirst(Practice._meta.get_field(name).verbose_name)


class ReferenceChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def _check_values(self, value):
        # A number too large for the database fails inside SQLite's driver (OverflowError) before Django
        # can call it an invalid choice: refuse anything that is not a short code or a small number.
        for item in value:
            if not re.fullmatch(r"[A-Za-z0-9]{1,10}", str(item)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super()._check_values(value)

    def label_from_instance(self, obj):
        return str(obj)


class SubmissionForm(forms.Form):
    """Every field optional: a draft may be saved half done. What submitting needs is checked apart."""

    language = forms.ChoiceField(
        label=_("Language you write in"),
        choices=settings.LANGUAGES,
        help_text=_("Write every part in this language; the editors may translate it later."),
    )
    organisations_as_written = forms.CharField(
        label=_("Organisations involved"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line, with its role: “IOM Tunisia – implementing partner”. Yours is already known."),
    )
    checklist = forms.MultipleChoiceField(
        label=_("The practice meets the catalogue's criteria"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    image = forms.ImageField(
        label=model_label("image"), required=False, help_text=Practice._meta.get_field("image").help_text
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(self, *args, practice, submission, **kwargs):
        self.practice = practice
        self.submission = submission
        language = practice.language
        initial = {"language": language, "organisations_as_written": submission.organisations_as_written}
        initial["checklist"] = submission.checklist
        for name in TEXT_FIELDS + OTHER_TEXT_FIELDS:
            initial[name] = getattr(practice, f"{name}_{language}", "") or ""
        for name in PLAIN_FIELDS:
            initial[name] = getattr(practice, name)
        if practice.pk:
            for name, (relation, column, _model) in LINKS.items():
                initial[name] = [getattr(link, f"{column}_id") for link in getattr(practice, relation).all()]
        if practice.pk:
            for slot, person in enumerate(practice.people.all()[:CONTACT_SLOTS], start=1):
                for name in CONTACT_FIELDS:
                    initial[f"contact_{slot}_{name}"] = getattr(person, name)
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["checklist"].choices = criteria()
        for slot in range(1, CONTACT_SLOTS + 1):
            for name in CONTACT_FIELDS:
                field = PracticePerson._meta.get_field(name).formfield(required=False)
                field.label = _("Contact %(number)s: %(field)s") % {"number": slot, "field": field.label.lower()}
                field.help_text = ""
                self.fields[f"contact_{slot}_{name}"] = field
            self.fields[f"contact_{slot}_email"].help_text = _(
                "Shown on the practice's page once it is published; leave it empty to keep it private."
            )
        for name in TEXT_FIELDS + OTHER_TEXT_FIELDS:
            field = Practice._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=capfirst(field.verbose_name),
                required=False,
                max_length=field.max_length,
                widget=forms.Textarea(attrs={"rows": 6}) if field.max_length is None else forms.TextInput,
                help_text=field.help_text if name in ("locality",) else "",
            )
        for name in PLAIN_FIELDS:
            field = Practice._meta.get_field(name)
            self.fields[name] = field.formfield(required=False) if name != "ongoing" else field.formfield()
        self.fields["start_month"] = forms.TypedChoiceField(
            label=model_label("start_month"), choices=MONTHS, coerce=int, empty_value=None, required=False
        )
        self.fields["end_month"] = forms.TypedChoiceField(
            label=model_label("end_month"), choices=MONTHS, coerce=int, empty_value=None, required=False
        )
        for name in ("start_year", "end_year"):
            self.fields[name] = forms.IntegerField(
                label=model_label(name), required=False, min_value=1900, max_value=2100
            )
        self.fields["countries"] = ReferenceChoices(Country.objects.all(), label=_("Countries"), required=False)
        self.fields["countries"].choices = [
            (country.code, country.name) for country in collated(Country.objects.all(), lambda c: c.name)
        ]
        self.fields["gcm_objectives"] = ReferenceChoices(
            GCMObjective.objects.all(), label=_("GCM objectives"), required=False
        )
        self.fields["principles"] = ReferenceChoices(
            GuidingPrinciple.objects.all(), label=_("GCM guiding principles"), required=False
        )
        self.fields["sdgs"] = ReferenceChoices(
            SDG.objects.all(), label=_("Sustainable Development Goals"), required=False
        )
        self.fields["beneficiaries"] = ReferenceChoices(
            Beneficiary.objects.all(), label=_("Beneficiary groups"), required=False
        )

    def steps(self):
        """The form's steps, each with its bound fields, for the template."""
        return [(key, title, [self[name] for name in names]) for key, title, names in STEPS]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload or not hasattr(upload, "content_type"):
            return None
        if upload.size > settings.SUBMISSION_FILE_MAX_BYTES:
            raise ValidationError(_("The image is too large."), code="too_large")
        return clean_image(upload)

    def contacts(self):
        """The people the partner named, in order, as dicts; a slot without a name is no one."""
        people = []
        for slot in range(1, CONTACT_SLOTS + 1):
            person = {name: self.cleaned_data.get(f"contact_{slot}_{name}") or "" for name in CONTACT_FIELDS}
            if person["name"]:
                people.append(person)
        return people

    def clean(self):
        cleaned = super().clean()
        for slot in range(1, CONTACT_SLOTS + 1):
            given = [name for name in CONTACT_FIELDS if cleaned.get(f"contact_{slot}_{name}")]
            if given and "name" not in given:
                self.add_error(f"contact_{slot}_name", _("Give the name of this contact, or leave the slot empty."))
        # The record's own rules on dates (records.models.Record.clean), each told beside its field. A
        # missing title is what submitting checks, not saving a draft.
        probe = Practice(
            language=cleaned.get("language") or self.practice.language,
            title=cleaned.get("title") or "-",
            **{name: cleaned.get(name) for name in ("start_year", "start_month", "end_year", "end_month", "ongoing")},
        )
        setattr(probe, f"title_{probe.language}", cleaned.get("title") or "-")
        try:
            probe.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.fields:
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Your filled template"),
        help_text=_("A .docx or .odt file made from the template offered here."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.odt"}),
    )
