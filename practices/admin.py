from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from practices.models import (
    Practice,
    PracticeBeneficiary,
    PracticeCountry,
    PracticeGCRObjective,
    PracticeObjective,
    PracticeOrganisation,
    PracticePrinciple,
    PracticeReviewComment,
    PracticeSDG,
    PracticeStatusChange,
)
from records.admin import (
    BeneficiaryInline,
    CountryInline,
    GCRObjectiveInline,
    ObjectiveInline,
    OrganisationRoleInline,
    PrincipleInline,
    RecordAdmin,
    ReviewCommentInline,
    SDGInline,
    StatusChangeInline,
)
from records.sections import admin_fieldsets


class PracticeObjectiveInline(ObjectiveInline):
    model = PracticeObjective


class PracticeGCRObjectiveInline(GCRObjectiveInline):
    model = PracticeGCRObjective


class PracticeCountryInline(CountryInline):
    model = PracticeCountry


class PracticeBeneficiaryInline(BeneficiaryInline):
    model = PracticeBeneficiary


class PracticeOrganisationInline(OrganisationRoleInline):
    model = PracticeOrganisation


class PracticePrincipleInline(PrincipleInline):
    model = PracticePrinciple


class PracticeSDGInline(SDGInline):
    model = PracticeSDG


class PracticeReviewCommentInline(ReviewCommentInline):
    model = PracticeReviewComment


class PracticeStatusChangeInline(StatusChangeInline):
    model = PracticeStatusChange


@admin.register(Practice)
class PracticeAdmin(RecordAdmin):
    # In the order of the page: what the title and the side box show, the image, the sections (in the
    # order of the Hub's forms, as Practice.sections declares them), the related records, the source.
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "practice_type"]}),
        (_("Dates"), {"fields": [("start_year", "start_month"), ("end_year", "end_month"), "submission_date"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        *admin_fieldsets(Practice.sections),
        (_("Related records"), {"fields": ["pinned_related"]}),
        (_("Source"), {"fields": ["source_document", "source_url", "editors_note"]}),
    ]
    inlines = [
        PracticeObjectiveInline,
        PracticeCountryInline,
        PracticeOrganisationInline,
        PracticeBeneficiaryInline,
        PracticePrincipleInline,
        PracticeGCRObjectiveInline,
        PracticeSDGInline,
        PracticeReviewCommentInline,
        PracticeStatusChangeInline,
    ]
