from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from projects.models import (
    Project,
    ProjectBeneficiary,
    ProjectCountry,
    ProjectGCRObjective,
    ProjectObjective,
    ProjectOrganisation,
    ProjectPrinciple,
    ProjectResult,
    ProjectReviewComment,
    ProjectSDG,
    ProjectStatusChange,
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


class ProjectObjectiveInline(ObjectiveInline):
    model = ProjectObjective


class ProjectGCRObjectiveInline(GCRObjectiveInline):
    model = ProjectGCRObjective


class ProjectCountryInline(CountryInline):
    model = ProjectCountry


class ProjectBeneficiaryInline(BeneficiaryInline):
    model = ProjectBeneficiary


class ProjectOrganisationInline(OrganisationRoleInline):
    model = ProjectOrganisation


class ProjectPrincipleInline(PrincipleInline):
    model = ProjectPrinciple


class ProjectSDGInline(SDGInline):
    model = ProjectSDG


class ProjectReviewCommentInline(ReviewCommentInline):
    model = ProjectReviewComment


class ProjectStatusChangeInline(StatusChangeInline):
    model = ProjectStatusChange


class ProjectResultInline(TranslationTabularInline):
    model = ProjectResult
    fields = ["year", "figure", "description", "position"]
    extra = 0


@admin.register(Project)
class ProjectAdmin(RecordAdmin):
    # In the order of the page: what the title and the side box show, the image, the sections (in the
    # order of a project page, as Project.sections declares them), the related records, the source.
    fieldsets = [
        (None, {"fields": ["title", "slug", "language"]}),
        (_("Dates"), {"fields": [("start_year", "start_month"), ("end_year", "end_month"), "duration_months"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        *admin_fieldsets(Project.sections),
        (_("Related records"), {"fields": ["pinned_related"]}),
        (_("Source"), {"fields": ["source_document", "source_url", "editors_note"]}),
    ]
    inlines = [
        ProjectObjectiveInline,
        ProjectCountryInline,
        ProjectOrganisationInline,
        ProjectBeneficiaryInline,
        ProjectPrincipleInline,
        ProjectGCRObjectiveInline,
        ProjectSDGInline,
        ProjectReviewCommentInline,
        ProjectStatusChangeInline,
        ProjectResultInline,
    ]
