from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from practices.models import (
    Practice,
    PracticeBeneficiary,
    PracticeCountry,
    PracticeGCRObjective,
    PracticeIdentifier,
    PracticeObjective,
    PracticeOrganisation,
    PracticePerson,
    PracticePrinciple,
    PracticeReviewComment,
    PracticeSDG,
    PracticeStatusChange,
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


class PracticeIdentifierInline(IdentifierInline):
    model = PracticeIdentifier


class PracticePersonInline(PersonInline):
    model = PracticePerson


class PracticeReviewCommentInline(ReviewCommentInline):
    model = PracticeReviewComment


class PracticeStatusChangeInline(StatusChangeInline):
    model = PracticeStatusChange


@admin.register(Practice)
class PracticeAdmin(RecordAdmin):
    # In the order of the page: what the title and the side box show, the image, the sections (in the
    # order of the Hub's forms, as Practice.sections declares them), the related records, the source.
    # The GCM objectives and countries come right after the first fieldset (record_change_form.html).
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "language", ("practice_type", "practice_type_provenance"), "source_category"]},
        ),
        dates_fieldset("submission_date"),
        PLACE_FIELDSET,
        IMAGE_FIELDSET,
        *admin_fieldsets(Practice.sections),
        (_("Related records"), {"fields": ["pinned_related"]}),
        SOURCE_FIELDSET,
    ]
    inlines = [
        PracticeObjectiveInline,
        PracticeCountryInline,
        PracticePersonInline,
        PracticeIdentifierInline,
        PracticeOrganisationInline,
        PracticeBeneficiaryInline,
        PracticePrincipleInline,
        PracticeGCRObjectiveInline,
        PracticeSDGInline,
        PracticeReviewCommentInline,
        PracticeStatusChangeInline,
    ]
