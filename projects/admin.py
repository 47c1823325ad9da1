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
    # Sections in the order of a project page (seeds 002 and 004).
    fieldsets = [
        (None, {"fields": ["title", "slug", "language"]}),
        (_("The project"), {"fields": ["summary", "description"]}),
        (_("Objectives"), {"fields": ["general_objective", "specific_objectives", "expected_results"]}),
        (_("Activities and places"), {"fields": ["activities", "intervention_zone", "beneficiary_regions"]}),
        (
            _("Duration and location"),
            {
                "fields": [
                    ("start_year", "start_month"),
                    ("end_year", "end_month"),
                    "duration_months",
                    ("latitude", "longitude"),
                ]
            },
        ),
        (_("Contact"), {"fields": ["contact"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (_("Related records"), {"fields": ["pinned_related"]}),
        (_("Source"), {"fields": ["source_document", "source_url", "editors_note", "created_at", "updated_at"]}),
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
