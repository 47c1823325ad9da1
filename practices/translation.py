from modeltranslation.translator import TranslationOptions, register

from practices.models import Practice, PracticeOrganisation


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = ["title", "summary", "editors_note", "image_alt", *Practice.sections]


@register(PracticeOrganisation)
class PracticeOrganisationTranslation(TranslationOptions):
    fields = ["note"]
