"""A record's card in a list, written in Python: a list page shows twenty, and in the template language
an included card and its loops over countries, organisations and objectives cost about 0.8 ms each, a
fifth of a list's first render. The strings are built with f-strings and escaped with the standard
library's html.escape (which Django's escape() wraps, for lazy strings this code is never given): with
format_html() for each piece, the cards took twice as long.

`{% record_card record words %}` draws one (`show_kind=True` names its kind, where lists mix them);
`{% record_link record %}`, a link to one, where pages list a few.
"""

from html import escape

from django import template
from django.template.defaultfilters import truncatewords
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from records.search import snippet
from records.templatetags.catalogue import assigned_mark, excerpt, kind
from taxonomy.collation import collated
from taxonomy.text import localized

register = template.Library()

# A card names this many organisations, then how many more.
ORGANISATIONS_SHOWN = 3
# How many words of its excerpt a card shows, when no searched words are found in its text.
EXCERPT_WORDS = 40


@register.simple_tag
def record_card(record, words="", show_kind=False):
    """One record in a list. Its title is its only link, so that a keyboard moves card to card. Marks the
    countries and objectives the editors assigned (the list gives the legend: includes/provenance.html)."""
    page_language = get_language()
    title = localized(record, "title")
    parts = [f'<article class="card{" with-image" if record.image else ""}">']
    if record.image:
        alt = localized(record, "image_alt")
        parts.append(
            f'<img class="card-image" src="{escape(record.image.url)}" alt="{escape(alt.text)}"'
            f'{lang(alt.language, page_language)} loading="lazy" width="160" height="120">'
        )
    if show_kind:
        parts.append(f'<p class="card-kind">{escape(str(kind(record)))}</p>')
    parts.append(
        f'<h2 class="card-title"><a href="{escape(record.get_absolute_url())}"'
        f"{lang(title.language, page_language)}>{escape(title.text)}</a></h2>"
    )
    highlighted = snippet(record, words) if words else None
    if highlighted:  # escaped, its matches marked (records.search.snippet)
        text = conditional_escape(highlighted.text)
        parts.append(f'<p class="excerpt"{lang(highlighted.language, page_language)}>{text}</p>')
    elif summary := excerpt(record):
        text = escape(truncatewords(summary.text, EXCERPT_WORDS))
        parts.append(f'<p class="excerpt"{lang(summary.language, page_language)}>{text}</p>')
    parts.append(card_facts(record))
    parts.append("</article>")
    # Safe: every value above went through escape(), or is markup this module or records.search built.
    return mark_safe("\n".join(parts))


@register.simple_tag
def record_link(record):
    """A record named as a link, with its countries: in the home page's and a topic's lists, and beside a
    record's page (its related records)."""
    page_language = get_language()
    title = localized(record, "title")
    link = (
        f'<a href="{escape(record.get_absolute_url())}"{lang(title.language, page_language)}>{escape(title.text)}</a>'
    )
    countries = collated(record.country_links.all(), lambda link: str(link.country.name))
    if countries:
        names = ", ".join(escape(str(link.country.name)) for link in countries)
        link = f'{link} <span class="meta">({names})</span>'
    # Safe: every value went through escape().
    return mark_safe(link)


def lang(language, page_language):
    return f' lang="{escape(language)}"' if language != page_language else ""


def card_facts(record):
    """Where, who, when and which GCM objectives: the links for_list() prefetched."""
    mark = assigned_mark(True)
    facts = [where(record, mark), who(record), when(record), objectives(record, mark)]
    return f'<dl class="card-facts">{"".join(fact for fact in facts if fact)}</dl>'


def fact(label, value, css_class=""):
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<div{attribute}><dt>{escape(label)}</dt><dd>{value}</dd></div>"


def where(record, mark):
    links = collated(record.country_links.all(), lambda link: str(link.country.name))
    if not links:
        return ""
    names = (f"{escape(str(link.country.name))}{mark if link.assigned else ''}" for link in links)
    return fact(_("Where"), ", ".join(names))


def who(record):
    organisations = record.organisations_in_order()
    if not organisations:
        return ""
    page_language = get_language()
    names = []
    for organisation in organisations[:ORGANISATIONS_SHOWN]:
        name = organisation.display_name
        names.append(f"<span{lang(name.language, page_language)}>{escape(name.text)}</span>")
    value = ", ".join(names)
    if (others := len(organisations) - ORGANISATIONS_SHOWN) > 0:
        more = ngettext("and %(counter)s other", "and %(counter)s others", others) % {"counter": others}
        value = f"{value} {escape(more)}"
    return fact(_("Who"), value)


def when(record):
    if not record.start_year:
        return ""
    if record.ongoing:
        return fact(_("When"), escape(_("%(start)s – present") % {"start": record.start_year}))
    end = record.end_year if record.end_year and record.end_year != record.start_year else None
    return fact(_("When"), f"{record.start_year}–{end}" if end else str(record.start_year))


def objectives(record, mark):
    links = record.objective_links.all()
    if not links:
        return ""
    primary = f' <span class="badge-note">({escape(_("primary"))})</span>'
    badges = "".join(
        f'<li class="badge{" primary" if link.is_primary else ""}"><span class="badge-number">'
        f"{link.objective.number}</span> {escape(str(link.objective.short_label))}"
        f"{mark if link.assigned else ''}{primary if link.is_primary else ''}</li>"
        for link in links
    )
    return fact(_("GCM objectives"), f'<ul class="badges">{badges}</ul>', "objectives")
