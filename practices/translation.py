from modeltranslation.translator import TranslationOptions, register

from practices.models import Practice, PracticeOrganisation
from records.sections import text_fields


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = ["title", *text_fields(Practice.sections), "locality", "editors_note", "image_alt", "image_caption"]


@register(PracticeOrganisation)
class PracticeOrganisationTranslation(TranslationOptions):
    fields = ["note"]
