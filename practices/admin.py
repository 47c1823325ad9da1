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
    # Sections in the order of the Migration Network Hub's practice form.
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "practice_type"]}),
        (_("Summary"), {"fields": ["summary", "key_objective", "activities", "beneficiaries_description"]}),
        (_("Dates"), {"fields": [("start_year", "start_month"), ("end_year", "end_month")]}),
        (_("Global Compact on Refugees"), {"fields": ["gcr_contribution", "key_theme"]}),
        (_("Benefits and impact"), {"fields": ["benefits_and_impact", "key_results", "success_factors"]}),
        (
            _("Lessons and challenges"),
            {
                "fields": [
                    "lessons_learned",
                    "challenges",
                    "challenges_overcome",
                    "done_differently",
                    "recommendations",
                ]
            },
        ),
        (
            _("Innovation"),
            {"fields": ["catalysed_initiatives", "sustainability", "scalability", "covid19_adaptation"]},
        ),
        (_("Contacts and resources"), {"fields": ["contacts", "additional_resources", "source_related_practices"]}),
        (_("Submission and review"), {"fields": ["submission_date", "peer_review_comments"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (_("Related records"), {"fields": ["pinned_related"]}),
        (_("Source"), {"fields": ["source_document", "source_url", "editors_note", "created_at", "updated_at"]}),
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
