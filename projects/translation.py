from modeltranslation.translator import TranslationOptions, register

from projects.models import Project, ProjectOrganisation, ProjectResult


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = [
        "title",
        "summary",
        "editors_note",
        "general_objective",
        "specific_objectives",
        "description",
        "expected_results",
        "activities",
        "intervention_zone",
        "beneficiary_regions",
        "contact",
        "image_alt",
    ]


@register(ProjectOrganisation)
class ProjectOrganisationTranslation(TranslationOptions):
    fields = ["note"]


@register(ProjectResult)
class ProjectResultTranslation(TranslationOptions):
    fields = ["description"]
