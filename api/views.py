"""Read-only endpoints: practices and projects (filtered like the pages) and the reference lists.

Every record comes from `published()`, here and in the reference lists' counts.
"""

from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer

from api.references import BeneficiarySerializer, CountrySerializer, GCMObjectiveSerializer, OrganisationSerializer
from api.serializers import LANGUAGE_CODES, ErrorSerializer, PracticeSerializer, ProjectSerializer
from pagecache.cache import public_response
from practices.filters import PracticeFilter
from practices.models import Practice
from projects.filters import ProjectFilter
from projects.models import Project
from records.filters import Sort, YearField, period_status
from taxonomy.models import Beneficiary, Country, GCMObjective, Organisation

LANGUAGE_PARAMETER = OpenApiParameter(
    "lang",
    str,
    enum=LANGUAGE_CODES,
    description="The language of text fields; without it, the Accept-Language header decides.",
)


class CatalogueSchema(AutoSchema):
    """Documents ?lang= and the error bodies, so that the schema describes every real response."""

    def get_override_parameters(self):
        parameters = [*super().get_override_parameters(), LANGUAGE_PARAMETER]
        # The filters are a list's: a record's own address takes none of them.
        listing = getattr(self.view, "action", None) == "list"
        filterset_class = getattr(self.view, "filterset_class", None) if listing else None
        if filterset_class is not None and "year_from" in filterset_class.base_filters:
            parameters += YEAR_PARAMETERS  # django-filter's schema leaves out their bounds
        if filterset_class is not None and "sort" in filterset_class.base_filters:
            parameters.append(SORT_PARAMETER)  # and the empty value, the default, which forms send
        if filterset_class is not None:
            parameters += closed_list_parameters(filterset_class)
        return parameters

    def get_response_serializers(self):
        errors = dict.fromkeys((404, 429, 500, 503), ErrorSerializer)
        too_long = {(414, "text/html"): ADDRESS_TOO_LONG}
        return {200: super().get_response_serializers(), 400: bad_request_schema(), **errors, **too_long}


# The one answer under /api/ that is not JSON: an address longer than the HTTP server takes (8,190 bytes,
# config/gunicorn.py) never reaches Django, and the server answers with its own page.
ADDRESS_TOO_LONG = OpenApiResponse(
    OpenApiTypes.STR,
    description="The address is longer than the server takes (8,190 bytes): the HTTP server (gunicorn, or a "
    "proxy in front of it) answers with its own HTML page before the API reads the request.",
)


def bad_request_schema():
    """A bad filter, page or ?lang=: each parameter's messages; or a request refused before any parameter
    is read (a NUL byte): the error body."""
    return {
        "anyOf": [
            {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            {"$ref": "#/components/schemas/Error"},
        ]
    }


SORT_PARAMETER = OpenApiParameter(
    "sort",
    {"type": "string", "enum": ["", *(value for value, _label in Sort.CHOICES)]},
    description="The order: relevance when searching, else newest, when empty or not given.",
)

# Filters over a closed reference list, which the schema enumerates: any other value is a 400. Their
# lists change with the reference data only, and the schema is built from the database when asked for.
CLOSED_LISTS = ("region", "subregion", "country", "beneficiary")


def closed_list_parameters(filterset_class):
    parameters = []
    for name in CLOSED_LISTS:
        if name not in filterset_class.base_filters:
            continue
        field = filterset_class.base_filters[name]
        key = field.extra.get("to_field_name") or "pk"
        values = field.queryset.order_by(key).values_list(key, flat=True)
        items = {"type": "string", "enum": ["", *values]}  # empty: nothing chosen, as a form sends
        parameters.append(
            OpenApiParameter(
                name, {"type": "array", "items": items}, style="form", explode=True, description=field.label
            )
        )
    parameters.append(ORGANISATION_PARAMETER)
    return parameters


# Organisations are an open list: an id that names none the catalogue shows is a 404, as at its own address.
ORGANISATION_PARAMETER = OpenApiParameter(
    "organisation",
    {"type": "array", "items": {"type": "integer"}},
    description="Records naming any of these organisations (ids from /api/v1/organisations/). An id that "
    "no published record names answers 404, as /api/v1/organisations/{id}/ does.",
)

YEAR_PARAMETERS = [
    OpenApiParameter(
        name,
        {"type": "integer", "minimum": YearField.MINIMUM, "maximum": YearField.MAXIMUM},
        description=description,
    )
    for name, description in (
        ("year_from", "Records running in or after this year."),
        ("year_to", "Records that started in or before this year."),
    )
]


class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    schema = CatalogueSchema()

    # Answers are kept like the pages (pagecache.cache.PageCacheMiddleware), per address and language.
    def list(self, request, *args, **kwargs):
        return self.public(super().list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return self.public(super().retrieve(request, *args, **kwargs))

    @staticmethod
    def public(response):
        """The JSON answer, the same for every visitor: the page cache may keep it."""
        return public_response(HttpResponse(JSONRenderer().render(response.data), content_type="application/json"))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # LocaleMiddleware has activated the Accept-Language choice; ?lang= overrides it,
        # and the middleware then sends the language used as Content-Language.
        language = request.query_params.get("lang")
        if language is None:
            return
        if language not in LANGUAGE_CODES:
            raise ValidationError({"lang": [_("Choose one of: %s.") % ", ".join(LANGUAGE_CODES)]})
        translation.activate(language)
        request.LANGUAGE_CODE = language


class RecordFilterBackend(DjangoFilterBackend):
    """For lists, the records as the pages read them (RecordFilterSet.results): a search by relevance
    is read a page at a time from its ranked matches."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None or view.action != "list":
            return super().filter_queryset(request, queryset, view)
        if not filterset.is_valid() and self.raise_exception:
            errors = filterset.form.errors.as_data()
            if set(errors) == {"organisation"} and all(
                error.code == "invalid_choice" for error in errors["organisation"]
            ):
                raise NotFound(_("No organisation in the catalogue has this id."))
            raise translate_validation(filterset.errors)
        return filterset.results()


class RecordViewSet(CatalogueViewSet):
    """Lists and a record's own address give the same: every fact and every section, so that a record
    without a summary is more than a title in a list."""

    lookup_field = "slug"
    filter_backends = [RecordFilterBackend]


class PracticeViewSet(RecordViewSet):
    """Published practices, with the filters and search of the practices page."""

    queryset = Practice.objects.published().with_classifications()
    filterset_class = PracticeFilter
    serializer_class = PracticeSerializer


class ProjectViewSet(RecordViewSet):
    """Published projects, with the filters and search of the projects page."""

    queryset = Project.objects.published().with_classifications()
    filterset_class = ProjectFilter
    serializer_class = ProjectSerializer

    def get_queryset(self):
        # The status is worked out in the query, by the `status` filter's own expression, on today's date.
        return super().get_queryset().annotate(status_by_dates=period_status())


class CountryViewSet(CatalogueViewSet):
    """Every country, in its UN M49 region, with how many published records it has."""

    queryset = Country.objects.select_related("region", "subregion").order_by("code")
    serializer_class = CountrySerializer
    lookup_value_regex = "[A-Z]{2}"


class GCMObjectiveViewSet(CatalogueViewSet):
    """The 23 objectives of the Global Compact for Migration, with how many published records have each."""

    queryset = GCMObjective.objects.order_by("number")
    serializer_class = GCMObjectiveSerializer


class BeneficiaryViewSet(CatalogueViewSet):
    """Beneficiary groups, with how many published records serve each."""

    queryset = Beneficiary.objects.order_by("slug")
    serializer_class = BeneficiarySerializer
    lookup_field = "slug"


class OrganisationViewSet(CatalogueViewSet):
    """The organisations that published records name, with how many published records each takes part in."""

    # An organisation added with a draft is unknown here (404) until a record naming it is published; so is
    # a parent, which the answer then leaves out.
    queryset = (
        Organisation.objects.public()
        .prefetch_related("aliases")
        .annotate(parent_is_public=Exists(Organisation.objects.public().filter(pk=OuterRef("parent"))))
        .order_by("pk")
    )
    serializer_class = OrganisationSerializer
