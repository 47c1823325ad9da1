"""Reading translated text with an honest fallback.

Content is often entered in one language only. A page shows a field in the
visitor's language when it exists, else in the record's original language,
and tells the template which language it is in so that it can set `lang`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname


@dataclass(frozen=True)
class LocalizedText:
    text: str
    language: str

    def __bool__(self):
        return bool(self.text)

    def __str__(self):
        return self.text


def localized_value(instance, field, language):
    return getattr(instance, build_localized_fieldname(field, language), None) or ""


def localized(instance, field):
    """`field` of `instance` in the active language, else the original one, else any."""
    active = get_language() or settings.LANGUAGE_CODE
    candidates = [active, getattr(instance, "language", None), *(code for code, _name in settings.LANGUAGES)]
    for language in dict.fromkeys(code for code in candidates if code):
        if text := localized_value(instance, field, language):
            return LocalizedText(text, language)
    return LocalizedText("", active)
