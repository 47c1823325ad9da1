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
class Section:
    """A long section of a detail page: a text field, a titled group of them, or a part with its own template."""

    anchor: str
    heading: str
    text: LocalizedText | None = None
    parts: list = dataclass_field(default_factory=list)
    template: str = ""


def _text_section(record, field):
    label = record._meta.get_field(field).verbose_name
    return Section(slugify(field.replace("_", "-")), label[:1].upper() + label[1:], localized_text(record, field))


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
    """The long sections of `record`'s page that have something to show, in the order of its `detail_sections`."""
    sections = []
    for item in record.detail_sections:
        if isinstance(item, str):
            section = _text_section(record, item)
            if section.text:
                sections.append(section)
        elif len(item) == 2:
            anchor, heading = item
            if getattr(record, f"has_{anchor}"):
                template = f"{record._meta.app_label}/sections/{anchor}.html"
                sections.append(Section(anchor, str(heading), template=template))
        else:
            anchor, heading, fields = item
            parts = [part for part in (_text_section(record, field) for field in fields) if part.text]
            if parts:
                sections.append(Section(anchor, str(heading), parts=parts))
    return sections


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
