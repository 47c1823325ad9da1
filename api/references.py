"""How the API shows the reference lists: each entry with how many published records it has and where to
list them. Names come in the response's language, as in api.serializers."""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import LocalizedModelSerializer, OrganisationNameField, ProvenanceField, absolute_url
from practices.filters import PracticeFilter
from projects.filters import ProjectFilter
from taxonomy.models import Beneficiary, Country, GCMObjective, Organisation, OrganisationAlias, Region


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


class AliasSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=OrganisationAlias.Kind.choices)
    language = serializers.CharField(help_text="A language code (BCP 47): pt, es, pt-BR...")


class OrganisationSerializer(ReferenceSerializer):
    name = OrganisationNameField(
        OrganisationAlias.Kind.NAME, help_text="In the response's language, else its alias in it, else another."
    )
    acronym = OrganisationNameField(OrganisationAlias.Kind.ACRONYM)
    country = serializers.CharField(
        source="country_id", allow_null=True, help_text="ISO code, for national and local bodies."
    )
    country_provenance = ProvenanceField()
    aliases = AliasSerializer(many=True, help_text="Its other names and acronyms, each in its language.")
    parent = serializers.SerializerMethodField(
        help_text="The id of the body it is part of, when that one is public too; else null."
    )
    basename = "organisation"
    filter_name = "organisation"

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "acronym",
            "aliases",
            "parent",
            "website",
            "country",
            "country_provenance",
            "url",
            "api_url",
            "practices",
            "projects",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_parent(self, organisation):
        # An organisation no published record names is out of sight, as a parent too (OrganisationViewSet).
        return organisation.parent_id if organisation.parent_is_public else None
