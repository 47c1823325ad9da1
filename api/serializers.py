"""How the API shows records (the reference lists: api.references).

Text fields come in the active language (?lang= or Accept-Language), else in the
record's original language, exactly as the pages read them (taxonomy.text.localized);
`text_languages` says which language each text is in. Every classification says
whether the source stated it or the editors assigned it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from modeltranslation.translator import NotRegistered, translator
from rest_framework import serializers

from practices.models import Practice
from projects.models import Project, ProjectResult
from records.filters import PERIOD_STATUS_CHOICES
from records.models import OrganisationRole, Person, Provenance
from records.sections import text_fields
from taxonomy.models import OrganisationAlias
from taxonomy.text import localized

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class LocalizedField(serializers.CharField):
    """A translated field of the object, read with the pages' fallback."""

    def __init__(self, field=None, **kwargs):
        self.translated_field = field
        kwargs.setdefault("source", "*")
        kwargs.pop("required", None)
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return localized(instance, self.translated_field or self.field_name).text


class LocalizedModelSerializer(serializers.ModelSerializer):
    """A read-only ModelSerializer whose translated fields (modeltranslation) become LocalizedFields."""

    # An address or "": plain strings, since "" fits both branches of the oneOf a URLField gets in the schema.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: serializers.CharField,
    }

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        # Every field is in every response, empty or null when the source gives nothing: the schema
        # says so by marking it required (with its blank and null values allowed).
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if not kwargs.get("read_only"):
            kwargs["required"] = True
        return kwargs

    def build_field(self, field_name, info, model_class, nested_depth):
        if field_name in translated_fields(model_class):
            label = model_class._meta.get_field(field_name).verbose_name
            return LocalizedField, {"help_text": str(label)[:1].upper() + str(label)[1:]}
        return super().build_field(field_name, info, model_class, nested_depth)


def translated_fields(model):
    try:
        return translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}


def absolute_url(serializer, path):
    return serializer.context["request"].build_absolute_uri(path)


# The classifications of a record, each with its provenance.


# One component for every provenance (a record's links, a practice's type, an organisation's country), where
# drf-spectacular would name an enum after each field.
@extend_schema_field({"type": "string", "enum": Provenance.values}, component_name="ProvenanceEnum")
class ProvenanceField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=Provenance.choices,
            help_text="`stated` by the source, or `assigned` by the catalogue's editors.",
            **kwargs,
        )


class CountryLinkSerializer(serializers.Serializer):
    code = serializers.CharField(source="country.code", help_text="ISO 3166-1 alpha-2 code.")
    name = serializers.CharField(source="country.name")
    provenance = ProvenanceField()


class ObjectiveLinkSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="objective.number")
    label = serializers.CharField(source="objective.short_label")
    is_primary = serializers.BooleanField(help_text="A record has at most one primary GCM objective.")
    provenance = ProvenanceField()


class GCRObjectiveLinkSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="objective.number")
    title = serializers.CharField(source="objective.title")
    provenance = ProvenanceField()


class PrincipleLinkSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="principle.number")
    label = serializers.CharField(source="principle.label")
    provenance = ProvenanceField()


class SDGLinkSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="sdg.number")
    label = serializers.CharField(source="sdg.short_label")
    provenance = ProvenanceField()


class BeneficiaryLinkSerializer(serializers.Serializer):
    slug = serializers.CharField(source="beneficiary.slug")
    name = serializers.CharField(source="beneficiary.name")
    provenance = ProvenanceField()


class OrganisationNameField(serializers.CharField):
    """An organisation's name or acronym in the response's language, its alias in that language when it has
    no name of its own in it (ACNUR for UNHCR in Spanish), as the pages name it. Reads prefetched aliases."""

    def __init__(self, kind, **kwargs):
        self.kind = kind
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, organisation):
        field = "name" if self.kind == OrganisationAlias.Kind.NAME else "acronym"
        return organisation.localized_part(field, self.kind).text


class OrganisationLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="organisation.id")
    name = OrganisationNameField(OrganisationAlias.Kind.NAME, source="organisation")
    acronym = OrganisationNameField(OrganisationAlias.Kind.ACRONYM, source="organisation")
    country = serializers.CharField(
        source="organisation.country_id", allow_null=True, help_text="ISO code, for national and local bodies."
    )
    country_provenance = ProvenanceField(source="organisation.country_provenance")
    role = serializers.ChoiceField(
        choices=OrganisationRole.Role.choices, help_text="`mentioned`: named by the source with no role stated."
    )
    note = LocalizedField(help_text="How the source qualifies this role, if it does.")
    provenance = ProvenanceField()


# The parts of a record: its identifiers and the people it names, as the source gives them.


class IdentifierSerializer(serializers.Serializer):
    scheme = serializers.CharField(help_text="Whose number it is, as the source names it: “IOM Prima ID”.")
    value = serializers.CharField()


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    job_title = serializers.CharField()
    organisation = serializers.CharField(help_text="The organisation and unit as the source writes them.")
    role = serializers.ChoiceField(choices=Person.Role.choices)
    # Not an EmailField: "" when the source publishes none, which the schema's e-mail format would refuse.
    email = serializers.CharField(help_text="Only if the source publishes it; else empty.")


# Practices and projects.


class RecordSerializer(LocalizedModelSerializer):
    """What practices and projects share, in lists and details alike."""

    url = serializers.SerializerMethodField(help_text="The record's page, in the response's language.")
    api_url = serializers.SerializerMethodField()
    text_languages = serializers.SerializerMethodField(
        help_text="The language of each non-empty text field: the one asked for, else the record's original language."
    )
    countries = CountryLinkSerializer(source="country_links", many=True)
    gcm_objectives = ObjectiveLinkSerializer(source="objective_links", many=True)
    principles = PrincipleLinkSerializer(source="principle_links", many=True)
    gcr_objectives = GCRObjectiveLinkSerializer(source="gcr_links", many=True)
    sdgs = SDGLinkSerializer(source="sdg_links", many=True)
    beneficiaries = BeneficiaryLinkSerializer(source="beneficiary_links", many=True)
    organisations = OrganisationLinkSerializer(source="organisation_roles", many=True)
    identifiers = IdentifierSerializer(many=True)
    people = PersonSerializer(many=True, help_text="The contacts, submitters and focal points the source names.")
    image = serializers.SerializerMethodField()
    # The file a record was entered from (source_document) is for the editors alone: the source is its citation
    # and its address.

    class Meta:
        fields = [
            "slug",
            "url",
            "api_url",
            "title",
            "summary",
            "language",
            "text_languages",
            "start_year",
            "start_month",
            "end_year",
            "end_month",
            "ongoing",
            "period_as_written",
            "countries",
            "locality",
            "scope",
            "region_as_written",
            "gcm_objectives",
            "principles",
            "gcr_objectives",
            "sdgs",
            "beneficiaries",
            "organisations",
            "identifiers",
            "people",
            "image",
            "image_alt",
            "image_caption",
            "image_credit",
            "source_citation",
            "source_url",
            "editors_note",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "ongoing": {"help_text": "Still running: no end date, and the period runs to today."},
            "period_as_written": {"help_text": "The source's own wording of the dates, where it says more."},
            "region_as_written": {"help_text": "A region in the source's words, beside the countries."},
            "source_citation": {"help_text": "The source, as a reader would cite it."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, record):
        return absolute_url(self, record.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, record):
        return absolute_url(self, reverse(f"api:{record._meta.model_name}-detail", args=[record.slug]))

    @extend_schema_field(serializers.URLField(allow_null=True, help_text="The record's image, or null."))
    def get_image(self, record):
        return absolute_url(self, record.image.url) if record.image else None

    @extend_schema_field(serializers.DictField(child=serializers.ChoiceField(choices=LANGUAGE_CODES)))
    def get_text_languages(self, record):
        languages = {}
        for name, field in self.fields.items():
            if isinstance(field, LocalizedField) and (text := localized(record, name)):
                languages[name] = text.language
        return languages


def section_texts(model):
    """The text fields of `model`'s sections that RecordSerializer does not give already (the summary), in
    page order: lists carry them too, so that a record without a summary is not a title alone."""
    return [field for field in text_fields(model.sections) if field not in RecordSerializer.Meta.fields]


class PracticeSerializer(RecordSerializer):
    """A published practice with every section of its page."""

    practice_type_provenance = ProvenanceField()

    class Meta(RecordSerializer.Meta):
        model = Practice
        fields = [
            *RecordSerializer.Meta.fields,
            "practice_type",
            "practice_type_provenance",
            "source_category",
            *section_texts(Practice),
            "submission_date",
        ]
        extra_kwargs = {
            **RecordSerializer.Meta.extra_kwargs,
            "source_category": {"help_text": "The source catalogue's own category, as written."},
        }


class ProjectResultSerializer(LocalizedModelSerializer):
    class Meta:
        model = ProjectResult
        fields = ["year", "figure", "description"]


def amount(help_text):
    # A string, as money should be ("280000.00"): coordinates are the API's only numbers with decimals.
    return serializers.DecimalField(
        max_digits=16, decimal_places=2, coerce_to_string=True, allow_null=True, help_text=help_text
    )


class ProjectSerializer(RecordSerializer):
    """A published project with every section of its page."""

    status = serializers.ChoiceField(
        choices=PERIOD_STATUS_CHOICES,
        source="status_by_dates",
        read_only=True,
        help_text="Worked out from the period and today's date, as the `status` filter reads it.",
    )
    budget_amount = amount("The budget, in `budget_currency`.")
    # Not the model's field, whose pattern would refuse the "" of a project without a budget.
    budget_currency = serializers.CharField(help_text="ISO 4217 code (USD, EUR), or empty without a budget.")
    implementer_share = amount("The part of the budget the lead implementer manages, in the same currency.")
    results = ProjectResultSerializer(many=True)

    class Meta(RecordSerializer.Meta):
        model = Project
        fields = [
            *RecordSerializer.Meta.fields,
            "status",
            *Project.header_facts,
            "duration_months",
            "latitude",
            "longitude",
            "results",
            *section_texts(Project),
        ]
        extra_kwargs = {
            **RecordSerializer.Meta.extra_kwargs,
            "stated_status": {"help_text": "The status as the source states it (“Active”, “Closed”)."},
            "project_type": {"help_text": "The type of project as the source names it."},
            "budget_as_written": {"help_text": "The budget in the source's words."},
        }


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the response's language.")
