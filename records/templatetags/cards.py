"""A card's facts, written in Python: a list page shows twenty cards, and in the template language the
loops over their countries, organisations and objectives cost about 0.6 ms a card, 12 ms a page. The markup
is includes/record_card.html's, which calls `card_facts`."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from records.templatetags.catalogue import assigned_mark
from taxonomy.collation import collated

register = template.Library()

# A card names this many organisations, then how many more.
ORGANISATIONS_SHOWN = 3


@register.simple_tag
def card_facts(record):
    """Where, who, when and which GCM objectives: the links for_list() prefetched."""
    facts = [where(record), who(record), when(record), objectives(record)]
    # Safe: each fact is built by format_html(), which escapes every value it is given.
    return format_html('<dl class="card-facts">{}</dl>', mark_safe("".join(fact for fact in facts if fact)))


def fact(label, value, css_class=""):
    attribute = format_html(' class="{}"', css_class) if css_class else ""
    return format_html("<div{}><dt>{}</dt><dd>{}</dd></div>", attribute, label, value)


def where(record):
    links = collated(record.country_links.all(), lambda link: str(link.country.name))
    if not links:
        return ""
    names = format_html_join(", ", "{}{}", ((link.country.name, assigned_mark(link.assigned)) for link in links))
    return fact(_("Where"), names)


def who(record):
    organisations = record.organisations_in_order()
    if not organisations:
        return ""
    language = get_language()
    names = []
    for organisation in organisations[:ORGANISATIONS_SHOWN]:
        name = organisation.display_name
        attribute = format_html(' lang="{}"', name.language) if name.language != language else ""
        names.append(format_html("<span{}>{}</span>", attribute, name.text))
    value = mark_safe(", ".join(names))  # each name went through format_html() above
    if (others := len(organisations) - ORGANISATIONS_SHOWN) > 0:
        more = ngettext("and %(counter)s other", "and %(counter)s others", others) % {"counter": others}
        value = format_html("{} {}", value, more)
    return fact(_("Who"), value)


def when(record):
    if not record.start_year:
        return ""
    if record.ongoing:
        return fact(_("When"), _("%(start)s – present") % {"start": record.start_year})
    end = record.end_year if record.end_year and record.end_year != record.start_year else None
    return fact(_("When"), f"{record.start_year}–{end}" if end else str(record.start_year))


def objectives(record):
    links = record.objective_links.all()
    if not links:
        return ""
    badges = format_html_join(
        "",
        '<li class="badge{}"><span class="badge-number">{}</span> {}{}{}</li>',
        (
            (
                " primary" if link.is_primary else "",
                link.objective.number,
                link.objective.short_label,
                assigned_mark(link.assigned),
                format_html(' <span class="badge-note">({})</span>', _("primary")) if link.is_primary else "",
            )
            for link in links
        ),
    )
    return fact(_("GCM objectives"), format_html('<ul class="badges">{}</ul>', badges), "objectives")
