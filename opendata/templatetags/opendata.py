"""Template tags for the open-data links of the list pages and the metadata of the record pages."""

from django import template
from django.urls import reverse
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from opendata.linked_data import excerpt, linked_data
from taxonomy.text import localized

register = template.Library()

# Link previews cut descriptions about there.
PREVIEW_LENGTH = 200


def _query(request, *dropped):
    query = request.GET.copy()
    for name in dropped:
        query.pop(name, None)
    return f"?{query.urlencode()}" if query else ""


@register.inclusion_tag("opendata/downloads.html", takes_context=True)
def downloads(context, kind):
    """ "Download these 37 results" in CSV and JSON, and the feed, for the list as filtered.

    `kind`: "practices" or "projects".
    """
    request = context["request"]
    exports = _query(request, "page")
    feed = _query(request, "page", "sort")
    return {
        "count": context["page_obj"].paginator.count,
        "csv_url": reverse(f"opendata:{kind}_csv") + exports,
        "json_url": reverse(f"opendata:{kind}_json") + exports,
        "atom_url": reverse(f"opendata:{kind}_atom") + feed,
        "rss_url": reverse(f"opendata:{kind}_rss") + feed,
    }


@register.inclusion_tag("opendata/feed_links.html", takes_context=True)
def feed_links(context, kind):
    """The feeds of the list as filtered, for browsers and feed readers to discover."""
    feed = _query(context["request"], "page", "sort")
    return {
        "atom_url": reverse(f"opendata:{kind}_atom") + feed,
        "rss_url": reverse(f"opendata:{kind}_rss") + feed,
    }


@register.inclusion_tag("opendata/record_meta.html", takes_context=True)
def record_meta(context, record):
    """Open Graph and Twitter card tags, and the schema.org description, of a record page."""
    request = context["request"]
    return {
        "title": localized(record, "title").text,
        "description": Truncator(excerpt(record)).chars(PREVIEW_LENGTH),
        "url": request.build_absolute_uri(record.get_absolute_url()),
        "linked_data": linked_data(record, request),
    }


@register.filter
def json_ld(value):
    """`value` in a <script type="application/ld+json">, escaped by Django's json_script.

    json_script escapes <, > and & so that no text can close the script; it names the type
    application/json, which search engines skip, so only that attribute is changed.
    """
    script = json_script(value)
    return mark_safe(script.replace('type="application/json"', 'type="application/ld+json"', 1))
