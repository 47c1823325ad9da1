import datetime
import html
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.template.defaultfilters import urlize
from django.urls import reverse, translate_url
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, slugify
from django.utils.translation import get_language, get_language_info, ngettext
from django.utils.translation import gettext as _

from records import search
from records.filters import PERIOD_STATUS_CHOICES
from records.models import Person
from records.money import money
from taxonomy.collation import collated as collated_names
from taxonomy.text import LocalizedText
from taxonomy.text import localized as localized_text

register = template.Library()


@register.simple_tag
def localized(instance, field):
    """`{% localized practice "title" as title %}`: text and language, with fallback."""
    return localized_text(instance, field)


@register.simple_tag
def facet_options(facet):
    """A facet's options as list items, each a checkbox with its count: a list page shows hundreds, built
    here as strings. A template loop over them, or format_html() for each, took a fifth of the page's time;
    escaping with the standard library's html.escape(), which Django's escape() wraps for lazy strings, a
    third less than with Django's."""
    results = {}  # count -> "(12 results)", for screen readers, which skip the bare count; counts repeat
    items = []
    for option in facet.options:
        count = option.count
        if count not in results:
            written = str(count) if count < 1000 else number_format(count)  # digits alone below a thousand
            sentence = ngettext("%(counter)s result", "%(counter)s results", count) % {"counter": written}
            results[count] = (html.escape(written), html.escape(sentence))
        written, sentence = results[count]
        offered = count or option.selected
        language = f' lang="{html.escape(option.language)}"' if option.language else ""
        items.append(
            f'<li><label class="check{"" if offered else " zero"}">'
            f'<input type="checkbox" name="{html.escape(facet.name)}" value="{html.escape(option.value)}"'
            f"{' checked' if option.selected else ''}{'' if offered else ' disabled'}>"
            f' <span class="option-label"{language}>'
            f"{html.escape(option.label)}</span>"
            f' <span class="count" aria-hidden="true">{written}</span>'
            f' <span class="visually-hidden">({sentence})</span></label></li>'
        )
    # Safe: every name and value above went through html.escape() (tests/test_facets.py checks each).
    return mark_safe("\n".join(items))


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


# The section a record's page leads with, where it has one.
LEADING_SECTION = "summary"


@register.simple_tag
def detail_sections(record):
    """The sections of `record`'s page that have something to show, in the order of its `sections`, but
    that the summary leads: on a phone what the record is about comes first, before "At a glance" (a
    practice's source form begins with its contacts)."""
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
    shown.sort(key=lambda section: section.anchor != LEADING_SECTION)
    return shown


# What urlize() could make a link of: an address (a scheme, "www.", a name ending in .com, .org...) or an
# e-mail address. A text with none of these is escaped alone: urlize() reads it word by word, which cost
# a record page 1-2 ms for its twenty texts, nearly all without an address.
MAYBE_LINKS = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


def linked(text):
    """`text` escaped, its addresses made links, as urlize() does."""
    return urlize(text, autoescape=True) if MAYBE_LINKS.search(text) else escape(text)


@register.simple_tag
def text_section(text, heading, anchor, level=2):
    """A section of a record's text (a LocalizedText), its addresses made links: a detail page shows some
    twenty, and as an included template they cost a fifth of its render."""
    if not text:
        return ""
    body = linebreaks(linked(text.text), autoescape=True)  # escaped, then paragraphs
    attribute = f' lang="{html.escape(text.language)}"' if text.language != get_language() else ""
    tag = "h3" if level == 3 else "h2"
    # Safe: the text went through linked(), which escapes it, and every other value through html.escape().
    return mark_safe(
        f'<section id="{html.escape(anchor)}" class="text-section">\n'
        f"  <{tag}>{html.escape(str(heading))}</{tag}>\n"
        f'  <div class="prose"{attribute}>{body}</div>\n</section>'
    )


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


# Languages whose names are common nouns, in lower case within a sentence: "en français", "en francés".
LOWER_CASE_LANGUAGE_NAMES = {"fr", "es"}


@register.filter
def in_running_text(language_name):
    """A language's name as a sentence of the page's language writes it."""
    return language_name.lower() if get_language() in LOWER_CASE_LANGUAGE_NAMES else language_name


@register.filter
def collated(items, path):
    """`{% for link in links|collated:"country.name" %}`: in the order of the page's language's readers."""

    def name(item):
        for attribute in path.split("."):
            item = getattr(item, attribute)
        return str(item)

    return collated_names(items, name)


@register.filter
def get_field(form, name):
    """The bound field `name` of `form`, or None: `{% with field=form|get_field:"gcm" %}`."""
    return form[name] if name in form.fields else None


@register.filter
def field_label(record, name):
    """The label of `record`'s field `name` (of the records it lists, for a relation), capitalised."""
    field = record._meta.get_field(name)
    if field.one_to_many:
        return capfirst(field.related_model._meta.verbose_name_plural)
    return capfirst(field.verbose_name)


@register.simple_tag
def lang(language):
    """` lang="fr"` when `language` is not the page's, else nothing: for text in the source's language."""
    if not language or language == get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag
def as_written(record, text):
    """What the source says, beside what the catalogue made of it: ` (in the source: “Mars 2018”)`."""
    if not text:
        return ""
    return format_html(' <span class="note">({} <q{}>{}</q>)</span>', _("in the source:"), lang(record.language), text)


@register.filter
def has_source(record):
    """Whether the page has a Source section: a citation, an address or an editors' note to show."""
    return bool(record.source_citation or record.source_url or localized_text(record, "editors_note"))


# Provenance: a mark on each item the editors assigned, and a legend, once, that says what it means.


@register.simple_tag
def assigned_mark(assigned):
    """An asterisk for the eye, the words for screen readers, which the legend cannot reach."""
    if not assigned:
        return ""
    words = format_html('<span class="visually-hidden"> ({})</span>', _("assigned by the editors"))
    return format_html('<span class="assigned-mark"><span aria-hidden="true">*</span>{}</span>', words)


# The links "At a glance" shows, each of which may be assigned.
GLANCE_LINKS = [
    "country_links",
    "organisation_roles",
    "objective_links",
    "principle_links",
    "gcr_links",
    "sdg_links",
    "beneficiary_links",
]


def _assigned(record, relations):
    return any(link.assigned for relation in relations for link in getattr(record, relation).all())


@register.filter
def anything_assigned(record):
    """Whether "At a glance" marks anything, so needs its legend. Reads the prefetched links (for_detail())."""
    return getattr(record, "type_assigned", False) or _assigned(record, GLANCE_LINKS)


@register.filter
def cards_mark_assigned(cards):
    """Whether any of these cards (records.cards) marks an assigned country or objective."""
    return any(card.marks_assigned for card in cards)


# A record's facts, as "At a glance" shows them.


@register.filter
def period_status(record):
    """Planned, ongoing, completed or dates not given: records.filters.period_status() for one record,
    so that the page says what the list's status filter finds it under."""
    year = datetime.date.today().year
    if record.start_year and record.start_year > year:
        status = "planned"
    elif record.ongoing:
        status = "ongoing"
    elif record.end_year and record.end_year < year:
        status = "completed"
    elif record.start_year:
        status = "ongoing"
    else:
        status = "unknown"
    return dict(PERIOD_STATUS_CHOICES)[status]


@register.filter
def amount(value, currency):
    """`{{ project.budget_amount|amount:project.budget_currency }}`: “$280,000.00” in the page's language."""
    return money(value if value != "" else None, currency)


def _figures(text):
    # "280,000.00", "280000" and "280 000,00" are one figure: its digits, without the zeros that end it.
    return [re.sub(r"\D", "", figure).rstrip("0") for figure in re.findall(r"\d(?:[\d.,\s]*\d)?", text)]


# Words that only label a budget, in the sources' languages.
BUDGET_LABELS = {"budget", "amount", "total", "montant", "presupuesto", "monto", "importe", "orçamento", "valor"}


@register.filter
def says_more(budget_as_written, record):
    """Whether the budget as written says more than its amount and currency: other figures (a share, a
    range) or other words. “Budget Amount (USD) 280000.00” says no more than $280,000.00."""
    if record.budget_amount is None:
        return bool(budget_as_written)
    if _figures(budget_as_written) not in ([], _figures(f"{record.budget_amount:f}")):
        return True
    words = re.findall(r"[^\W\d_]+", budget_as_written.lower())
    return any(word not in BUDGET_LABELS and word != record.budget_currency.lower() for word in words)


@register.simple_tag
def people_by_role(record):
    """[(role label, people)] in the order of the roles; reads the prefetched people (for_detail())."""
    people = list(record.people.all())
    return [
        (label, [person for person in people if person.role == role])
        for role, label in Person.Role.choices
        if any(person.role == role for person in people)
    ]
