"""Template tags for the open-data links of the list pages and the metadata of the record pages."""

from django import template
from django.urls import reverse
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from opendata.linked_data import excerpt, linked_data
from opendata.summaries import LIST_LIMIT
from records.templatetags.catalogue import detail_sections
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
    """ "Download these 37 results" in CSV, JSON and PDF (the first of them), and the feed, for the list as
    filtered.

    `kind`: "practices" or "projects".
    """
    request = context["request"]
    exports = _query(request, "page")
    feed = _query(request, "page", "sort")
    return {
        "count": context["page_obj"].paginator.count,
        "csv_url": reverse(f"opendata:{kind}_csv") + exports,
        "json_url": reverse(f"opendata:{kind}_json") + exports,
        "pdf_url": reverse(f"opendata:{kind}_pdf") + exports,
        "pdf_limit": LIST_LIMIT,
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


# The PDF summaries (opendata/summaries.py).

# The sections a summary keeps of a record's page, in its order: what it is about, and what came of it.
SUMMARY_SECTIONS = {"summary", "key-results", "results"}


@register.simple_tag
def summary_sections(record):
    return [section for section in detail_sections(record) if section.anchor in SUMMARY_SECTIONS]


@register.filter
def facts_template(record):
    """The template of a kind's own facts in "At a glance": practices/facts.html, projects/facts.html."""
    return f"{record._meta.app_label}/facts.html"


@register.inclusion_tag("opendata/summary_link.html", takes_context=True)
def summary_link(context, record):
    """ "Download as PDF" on a record's page."""
    name = f"opendata:{record._meta.model_name}_pdf"
    return {"url": reverse(name, args=[record.slug]), "LANGUAGE_CODE": context.get("LANGUAGE_CODE")}
