from modeltranslation.translator import TranslationOptions, register

from projects.models import Project, ProjectOrganisation, ProjectResult


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ["title", "summary", "editors_note", "image_alt", *Project.sections]


@register(ProjectOrganisation)
class ProjectOrganisationTranslation(TranslationOptions):
    fields = ["note"]


@register(ProjectResult)
class ProjectResultTranslation(TranslationOptions):
    fields = ["description"]
