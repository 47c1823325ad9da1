from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from projects.models import (
    Project,
    ProjectBeneficiary,
    ProjectCountry,
    ProjectGCRObjective,
    ProjectIdentifier,
    ProjectObjective,
    ProjectOrganisation,
    ProjectPerson,
    ProjectPrinciple,
    ProjectResult,
    ProjectReviewComment,
    ProjectSDG,
    ProjectStatusChange,
)
from records.admin import IMAGE_FIELDSET, PLACE_FIELDSET, SOURCE_FIELDSET, RecordAdmin, dates_fieldset
from records.inlines import (
    BeneficiaryInline,
    CountryInline,
    GCRObjectiveInline,
    IdentifierInline,
    ObjectiveInline,
    OrganisationRoleInline,
    PersonInline,
    PrincipleInline,
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


class ProjectIdentifierInline(IdentifierInline):
    model = ProjectIdentifier


class ProjectPersonInline(PersonInline):
    model = ProjectPerson


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
    # The GCM objectives and countries come right after the first fieldset (record_change_form.html).
    fieldsets = [
        (None, {"fields": ["title", "slug", "language"]}),
        dates_fieldset("duration_months"),
        PLACE_FIELDSET,
        (
            _("Project facts"),
            {
                "fields": [
                    ("budget_amount", "budget_currency"),
                    "budget_as_written",
                    "implementer_share",
                    "stated_status",
                    "project_type",
                    "funding_programme",
                ]
            },
        ),
        IMAGE_FIELDSET,
        *admin_fieldsets(Project.sections),
        (_("Related records"), {"fields": ["pinned_related"]}),
        SOURCE_FIELDSET,
    ]
    inlines = [
        ProjectObjectiveInline,
        ProjectCountryInline,
        ProjectIdentifierInline,
        ProjectPersonInline,
        ProjectOrganisationInline,
        ProjectBeneficiaryInline,
        ProjectPrincipleInline,
        ProjectGCRObjectiveInline,
        ProjectSDGInline,
        ProjectReviewCommentInline,
        ProjectStatusChangeInline,
        ProjectResultInline,
    ]
