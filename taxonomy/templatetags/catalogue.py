from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.text import capfirst, slugify
from django.utils.translation import get_language, get_language_info

from taxonomy import search
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


@register.inclusion_tag("includes/text_section.html")
def text_section(instance, field, level=2):
    """A titled section for one long text field, left out when the field is empty."""
    label = instance._meta.get_field(field).verbose_name
    return {
        "text": localized_text(instance, field),
        "heading": label[:1].upper() + label[1:],
        "anchor": slugify(field.replace("_", "-")),
        "level": level,
        "page_language": get_language(),
    }


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page, filters included, in each language of the site."""
    request = context["request"]
    path = request.get_full_path()
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
