"""A record's card in a list, written in Python: a list page shows twenty, and in the template language
an included card and its loops over countries, organisations and objectives cost about 0.8 ms each, a
fifth of a list's first render. The strings are built with f-strings and escaped with the standard
library's html.escape (which Django's escape() wraps, for lazy strings this code is never given): with
format_html() for each piece, the cards took twice as long.

Each draws a records.cards.Card, what the record's search document keeps of it:
`{% record_card card words %}` a card (`show_kind=True` names its kind, where lists mix them);
`{% record_link card %}`, a link to one, where pages list a few.
"""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from records.templatetags.catalogue import assigned_mark

register = template.Library()


@register.simple_tag
def record_card(card, words="", show_kind=False):
    """One record in a list. Its title is its only link, so that a keyboard moves card to card. Marks the
    countries and objectives the editors assigned (the list gives the legend: includes/provenance.html)."""
    page_language = get_language()
    title = card.title
    image_url = card.image_url
    parts = [f'<article class="card{" with-image" if image_url else ""}">']
    if image_url:
        alt = card.image_alt
        parts.append(
            f'<img class="card-image" src="{escape(image_url)}" alt="{escape(alt.text)}"'
            f'{lang(alt.language, page_language)} loading="lazy" width="160" height="120">'
        )
    if show_kind:
        parts.append(f'<p class="card-kind">{escape(str(card.kind))}</p>')
    parts.append(
        f'<h2 class="card-title"><a href="{escape(card.get_absolute_url())}"'
        f"{lang(title.language, page_language)}>{escape(title.text)}</a></h2>"
    )
    highlighted = card.snippet(words) if words else None
    if highlighted:  # escaped, its matches marked (records.search.snippet)
        text = conditional_escape(highlighted.text)
        parts.append(f'<p class="excerpt"{lang(highlighted.language, page_language)}>{text}</p>')
    elif summary := card.excerpt:  # cut to its first words (records.cards.EXCERPT_WORDS)
        parts.append(f'<p class="excerpt"{lang(summary.language, page_language)}>{escape(summary.text)}</p>')
    parts.append(card_facts(card))
    parts.append("</article>")
    # Safe: every value above went through escape(), or is markup this module or records.search built.
    return mark_safe("\n".join(parts))


@register.simple_tag
def record_link(card):
    """A record named as a link, with its countries: in the home page's and a topic's lists, and beside a
    record's page (its related records)."""
    page_language = get_language()
    title = card.title
    link = f'<a href="{escape(card.get_absolute_url())}"{lang(title.language, page_language)}>{escape(title.text)}</a>'
    if countries := card.countries:
        names = ", ".join(escape(name) for _code, name, _assigned in countries)
        link = f'{link} <span class="meta">({names})</span>'
    # Safe: every value went through escape().
    return mark_safe(link)


def lang(language, page_language):
    return f' lang="{escape(language)}"' if language != page_language else ""


def card_facts(card):
    """Where, who, when and which GCM objectives."""
    mark = assigned_mark(True)
    facts = [where(card, mark), who(card), when(card), objectives(card, mark)]
    return f'<dl class="card-facts">{"".join(fact for fact in facts if fact)}</dl>'


def fact(label, value, css_class=""):
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<div{attribute}><dt>{escape(label)}</dt><dd>{value}</dd></div>"


def where(card, mark):
    if not (countries := card.countries):
        return ""
    names = (f"{escape(name)}{mark if assigned else ''}" for _code, name, assigned in countries)
    return fact(_("Where"), ", ".join(names))


def who(card):
    names, count = card.organisations
    if not names:
        return ""
    page_language = get_language()
    value = ", ".join(f"<span{lang(name.language, page_language)}>{escape(name.text)}</span>" for name in names)
    if (others := count - len(names)) > 0:
        more = ngettext("and %(counter)s other", "and %(counter)s others", others) % {"counter": others}
        value = f"{value} {escape(more)}"
    return fact(_("Who"), value)


def when(card):
    if not card.start_year:
        return ""
    if card.ongoing:
        return fact(_("When"), escape(_("%(start)s – present") % {"start": card.start_year}))
    end = card.end_year if card.end_year and card.end_year != card.start_year else None
    return fact(_("When"), f"{card.start_year}–{end}" if end else str(card.start_year))


def objectives(card, mark):
    if not (shown := card.objectives):
        return ""
    primary = f' <span class="badge-note">({escape(_("primary"))})</span>'
    badges = "".join(
        f'<li class="badge{" primary" if is_primary else ""}"><span class="badge-number">'
        f"{number}</span> {escape(label)}"
        f"{mark if assigned else ''}{primary if is_primary else ''}</li>"
        for number, label, assigned, is_primary in shown
    )
    return fact(_("GCM objectives"), f'<ul class="badges">{badges}</ul>', "objectives")
