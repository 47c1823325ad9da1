from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.text import capfirst, slugify
from django.utils.translation import get_language, get_language_info

from records import search
from taxonomy.text import LocalizedText
from taxonomy.text import localized as localized_text

register = template.Library()


@register.simple_tag
def localized(instance, field):
    """`{% localized practice "title" as title %}`: text and language, with fallback."""
    return localized_text(instance, field)


@register.simple_tag
def excerpt(record):
    """The first opening text a card can show: the summary, else the next best field."""
    for field in record.excerpt_fields:
        if text := localized_text(record, field):
            return text
    return localized_text(record, "summary")


@dataclass(frozen=True)
class PageSection:
    """A section of a detail page as drawn: one text, a titled group of them, or a part with its own template."""

    anchor: str
    heading: str
    text: LocalizedText | None = None
    parts: list = dataclass_field(default_factory=list)
    template: str = ""


def _text_section(record, field):
    label = record._meta.get_field(field).verbose_name
    return PageSection(slugify(field.replace("_", "-")), capfirst(label), localized_text(record, field))


@register.inclusion_tag("includes/text_section.html")
def text_section(instance, field, level=2):
    """A titled section for one long text field, left out when the field is empty."""
    section = _text_section(instance, field)
    return {
        "text": section.text,
        "heading": section.heading,
        "anchor": section.anchor,
        "level": level,
        "page_language": get_language(),
    }


@register.simple_tag
def detail_sections(record):
    """The sections of `record`'s page that have something to show, in the order of its `sections`."""
    shown = []
    for section in record.sections:
        heading = str(section.heading(record))
        if section.template:
            if getattr(record, f"has_{section.name}"):
                shown.append(PageSection(section.anchor, heading, template=section.template))
            continue
        parts = [part for part in (_text_section(record, field) for field in section.fields) if part.text]
        if not parts:
            continue
        if len(section.fields) == 1:
            shown.append(PageSection(section.anchor, heading, parts[0].text))
        else:
            shown.append(PageSection(section.anchor, heading, parts=parts))
    return shown


@register.filter
def elided_pages(paginator, number):
    """Page numbers around `number` and at both ends, with Paginator.ELLIPSIS for the gaps."""
    return paginator.get_elided_page_range(number, on_each_side=1, on_ends=1)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page, filters included, in each language of the site."""
    request = context["request"]
    # An address that leads nowhere (a 404 page) has no translation: offer each language's home page.
    path = request.get_full_path() if request.resolver_match else reverse("home")
    active = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "active": code == active,
            }
        )
    return links


@register.simple_tag
def snippet(record, words):
    """An extract of `record` around the searched `words`, matches highlighted, safely escaped."""
    return search.snippet(record, words)


@register.filter
def kind(record):
    """ "Practice" or "Project", in the page's language."""
    return capfirst(record._meta.verbose_name)


@register.filter
def get_field(form, name):
    """The bound field `name` of `form`, or None: `{% with field=form|get_field:"gcm" %}`."""
    return form[name] if name in form.fields else None
