from modeltranslation.translator import TranslationOptions, register

from practices.models import Practice, PracticeOrganisation


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = [
        "title",
        "summary",
        "editors_note",
        "key_objective",
        "activities",
        "beneficiaries_description",
        "key_theme",
        "gcr_contribution",
        "benefits_and_impact",
        "key_results",
        "success_factors",
        "lessons_learned",
        "challenges",
        "challenges_overcome",
        "done_differently",
        "recommendations",
        "catalysed_initiatives",
        "sustainability",
        "scalability",
        "covid19_adaptation",
        "contacts",
        "additional_resources",
        "source_related_practices",
        "peer_review_comments",
        "image_alt",
    ]


@register(PracticeOrganisation)
class PracticeOrganisationTranslation(TranslationOptions):
    fields = ["note"]
