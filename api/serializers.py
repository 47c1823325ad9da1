"""How the API shows records and reference lists.

Text fields come in the active language (?lang= or Accept-Language), else in the
record's original language, exactly as the pages read them (taxonomy.text.localized);
`text_languages` says which language each text is in. Every classification says
whether the source stated it or the editors assigned it.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from modeltranslation.translator import NotRegistered, translator
from rest_framework import serializers

from practices.filters import PracticeFilter
from practices.models import Practice
from projects.filters import ProjectFilter
from projects.models import Project, ProjectResult
from records.models import OrganisationRole, Provenance
from records.sections import text_fields
from taxonomy.models import Beneficiary, Country, GCMObjective, Organisation, Region
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


class OrganisationLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="organisation.id")
    name = LocalizedField(source="organisation", field="name")
    acronym = LocalizedField(source="organisation", field="acronym")
    role = serializers.ChoiceField(choices=OrganisationRole.Role.choices)
    note = LocalizedField(help_text="How the source qualifies this role, if it does.")
    provenance = ProvenanceField()


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
            "countries",
            "gcm_objectives",
            "principles",
            "gcr_objectives",
            "sdgs",
            "beneficiaries",
            "organisations",
            "source_document",
            "source_url",
            "editors_note",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, record):
        return absolute_url(self, record.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, record):
        return absolute_url(self, reverse(f"api:{record._meta.model_name}-detail", args=[record.slug]))

    @extend_schema_field(serializers.DictField(child=serializers.ChoiceField(choices=LANGUAGE_CODES)))
    def get_text_languages(self, record):
        languages = {}
        for name, field in self.fields.items():
            if isinstance(field, LocalizedField) and (text := localized(record, name)):
                languages[name] = text.language
        return languages


def section_texts(model, list_serializer):
    """The text fields of `model`'s sections that its list serializer leaves to the detail, in page order."""
    return [field for field in text_fields(model.sections) if field not in list_serializer.Meta.fields]


class PracticeSerializer(RecordSerializer):
    """A published practice, as lists show it."""

    class Meta(RecordSerializer.Meta):
        model = Practice
        fields = [*RecordSerializer.Meta.fields, "practice_type"]


class PracticeDetailSerializer(PracticeSerializer):
    """A published practice with every section of its page."""

    class Meta(PracticeSerializer.Meta):
        fields = [*PracticeSerializer.Meta.fields, *section_texts(Practice, PracticeSerializer), "submission_date"]


class ProjectResultSerializer(LocalizedModelSerializer):
    class Meta:
        model = ProjectResult
        fields = ["year", "figure", "description"]


class ProjectSerializer(RecordSerializer):
    """A published project, as lists show it."""

    results = ProjectResultSerializer(many=True)

    class Meta(RecordSerializer.Meta):
        model = Project
        fields = [*RecordSerializer.Meta.fields, "duration_months", "latitude", "longitude", "results"]


class ProjectDetailSerializer(ProjectSerializer):
    """A published project with every section of its page."""

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, *section_texts(Project, ProjectSerializer)]


# Reference lists, each with the published records tagged with it.


class PublishedRecordsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Published records only.")
    api_url = serializers.URLField(help_text="Those records, in the API's list, filtered by this entry.")


class ReferenceSerializer(LocalizedModelSerializer):
    """An entry of a reference list, with how many published records it has and where to list them.

    The records themselves are not nested: a country or an objective may have tens of thousands, and
    their list, filtered by the entry, pages through them.
    """

    url = serializers.SerializerMethodField(help_text="Its page on the site, with its records.")
    api_url = serializers.SerializerMethodField()
    practices = serializers.SerializerMethodField()
    projects = serializers.SerializerMethodField()

    # The router's name for this list, for `api_url`; the record lists' filter that takes an entry, and
    # the entry's field it takes.
    basename = None
    filter_name = None
    filter_field = "pk"

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, entry):
        return absolute_url(self, entry.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, entry):
        return absolute_url(self, reverse(f"api:{self.basename}-detail", args=[entry.pk]))

    @extend_schema_field(PublishedRecordsSerializer)
    def get_practices(self, entry):
        return self.published_records(entry, PracticeFilter)

    @extend_schema_field(PublishedRecordsSerializer)
    def get_projects(self, entry):
        return self.published_records(entry, ProjectFilter)

    def published_records(self, entry, filterset_class):
        records = reverse(f"api:{filterset_class._meta.model._meta.model_name}-list")
        query = urlencode({self.filter_name: getattr(entry, self.filter_field)})
        return {
            "count": self.published_count(entry, filterset_class),
            "api_url": absolute_url(self, f"{records}?{query}"),
        }

    def published_count(self, entry, filterset_class):
        # Counted once for the whole answer (a list's entries share its context), and shared with the
        # facets of the record list without filters.
        counts = self.context.setdefault("published_counts", {})
        if filterset_class not in counts:
            counts[filterset_class] = filterset_class.published_counts(self.filter_name)
        return counts[filterset_class].get(entry.pk, 0)


class RegionSerializer(LocalizedModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]


class CountrySerializer(ReferenceSerializer):
    region = RegionSerializer()
    subregion = RegionSerializer()
    basename = "country"
    filter_name = "country"

    class Meta:
        model = Country
        fields = ["code", "name", "region", "subregion", "url", "api_url", "practices", "projects"]


class GCMObjectiveSerializer(ReferenceSerializer):
    basename = "gcm-objective"
    filter_name = "gcm"

    class Meta:
        model = GCMObjective
        fields = ["number", "short_label", "title", "url", "api_url", "practices", "projects"]


class BeneficiarySerializer(ReferenceSerializer):
    basename = "beneficiary"
    filter_name = "beneficiary"
    filter_field = "slug"

    class Meta:
        model = Beneficiary
        fields = ["slug", "name", "url", "api_url", "practices", "projects"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, entry):
        return absolute_url(self, reverse("api:beneficiary-detail", args=[entry.slug]))


class OrganisationSerializer(ReferenceSerializer):
    country = serializers.CharField(
        source="country_id", allow_null=True, help_text="ISO code, for national and local bodies."
    )
    basename = "organisation"
    filter_name = "organisation"

    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "website", "country", "url", "api_url", "practices", "projects"]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the response's language.")
