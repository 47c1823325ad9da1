from modeltranslation.translator import TranslationOptions, register

from projects.models import Project, ProjectOrganisation, ProjectResult
from records.sections import text_fields


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ["title", *text_fields(Project.sections), "locality", "editors_note", "image_alt", "image_caption"]


@register(ProjectOrganisation)
class ProjectOrganisationTranslation(TranslationOptions):
    fields = ["note"]


@register(ProjectResult)
class ProjectResultTranslation(TranslationOptions):
    fields = ["description"]
