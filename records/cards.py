"""What a list shows of each published record, read a page at a time: its card, kept in its search document.

A list's twenty records were read from the records' tables with their countries, objectives and
organisations: six queries building some two hundred model instances, 18-32 ms of a list's first render
at 100,000 records. A card holds the little that a list's card, a record's link and its "in common"
show, in each of the site's languages, as JSON: records/documents.py writes it with the rest of the
document, so that the same signals keep it current and a draft has none. `read()` gives the cards of a
page's ids in one query (two for a search, whose extracts read the records' texts).

A document written before cards were kept has an empty one: `read()` builds those from the records'
tables, without writing (a public read may go to a replica), until `manage.py index_search` rebuilds them.
"""

from functools import lru_cache

from django.conf import settings
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language

from records import search
from records.models import SearchDocument
from taxonomy.collation import collated
from taxonomy.text import LocalizedText, localized

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# How many words of its excerpt a card shows, and how many organisations it names (then how many more).
EXCERPT_WORDS = 40
ORGANISATIONS_SHOWN = 3
# Stands for a slug in an address written once a kind and language (see url()).
SLUG_PLACE = "slug-place"


def card_of(record):
    """The card of `record` (JSON), from the links records.documents prefetches: what is the same in every
    language, then under each language code what a page in that language shows."""
    organisations = record.organisations_in_order()
    card = {
        "slug": record.slug,
        "image": record.image.name or "",
        "years": [record.start_year, record.end_year, record.ongoing],
        "countries": {link.country.code: link.assigned for link in record.country_links.all()},
        "objectives": [[link.objective_id, link.assigned, link.is_primary] for link in record.objective_links.all()],
        "beneficiaries": [link.beneficiary_id for link in record.beneficiary_links.all()],
        "organisations": len(organisations),
    }
    for language in LANGUAGES:
        with translation.override(language):
            countries = collated(record.country_links.all(), lambda link: str(link.country.name))
            card[language] = {
                "title": pair(localized(record, "title")),
                "excerpt": excerpt(record),
                "image_alt": pair(localized(record, "image_alt")),
                "countries": [[link.country.code, str(link.country.name)] for link in countries],
                "objectives": [str(link.objective.short_label) for link in record.objective_links.all()],
                "beneficiaries": [str(link.beneficiary.name) for link in record.beneficiary_links.all()],
                "organisations": [pair(each.display_name) for each in organisations[:ORGANISATIONS_SHOWN]],
            }
    return card


def pair(text):
    return [text.text, text.language]


def excerpt(record):
    """The first opening text the card shows (the summary, else the next best field), cut to EXCERPT_WORDS."""
    for field in [*record.excerpt_fields, "summary"]:
        if text := localized(record, field):
            return [truncatewords(text.text, EXCERPT_WORDS), text.language]
    return ["", get_language()]


class Card:
    """One published record as lists show it: `pk`, `slug`, its years, and its texts and names in the active
    language. Related records and search results get attributes of their own (`in_common`, `rank`)."""

    def __init__(self, model, pk, data):
        self.model = model
        self.pk = pk
        self.data = data
        self.slug = data["slug"]
        self.start_year, self.end_year, self.ongoing = data["years"]
        self.texts = None  # the record's searched texts, for an extract around the words (read())

    def __repr__(self):
        return f"<Card {self.model._meta.label_lower} {self.pk}>"

    def shown(self):
        return self.data.get(get_language(), self.data[settings.LANGUAGE_CODE])

    @property
    def kind(self):
        """ "Practice" or "Project", in the page's language."""
        return capfirst(self.model._meta.verbose_name)

    def get_absolute_url(self):
        return url(self.model, get_language()).replace(SLUG_PLACE, self.slug)

    @property
    def title(self):
        return LocalizedText(*self.shown()["title"])

    @property
    def excerpt(self):
        return LocalizedText(*self.shown()["excerpt"])

    @property
    def image_url(self):
        name = self.data["image"]
        return self.model._meta.get_field("image").storage.url(name) if name else ""

    @property
    def image_alt(self):
        return LocalizedText(*self.shown()["image_alt"])

    def snippet(self, words):
        """An extract of the record's texts around `words`, marked (records.search.snippet), or None."""
        return search.snippet(self.texts, words) if self.texts is not None else None

    @property
    def countries(self):
        """[(code, name, assigned by the editors)], in the order of the page's language."""
        assigned = self.data["countries"]
        return [(code, name, assigned.get(code, False)) for code, name in self.shown()["countries"]]

    @property
    def objectives(self):
        """[(number, short label, assigned by the editors, primary)], as the record lists them."""
        labels = self.shown()["objectives"]
        return [
            (number, label, assigned, primary)
            for (number, assigned, primary), label in zip(self.data["objectives"], labels, strict=True)
        ]

    @property
    def beneficiaries(self):
        """[(id, name)] of the record's beneficiary groups."""
        return list(zip(self.data["beneficiaries"], self.shown()["beneficiaries"], strict=True))

    @property
    def organisations(self):
        """The first ORGANISATIONS_SHOWN organisations' names (LocalizedTexts), and how many there are."""
        return [LocalizedText(*name) for name in self.shown()["organisations"]], self.data["organisations"]

    @property
    def marks_assigned(self):
        """Whether the card marks a country or an objective as assigned by the editors."""
        objectives = self.data["objectives"]
        return any(self.data["countries"].values()) or any(assigned for _number, assigned, _primary in objectives)


@lru_cache(maxsize=16)
def url(model, language):
    """The address of `model`'s record SLUG_PLACE in `language`: reverse() for each of twenty cards cost 1 ms."""
    with translation.override(language):
        return reverse(f"{model._meta.app_label}:detail", args=[SLUG_PLACE])


def read(model, ids, words=""):
    """The cards of `model`'s records `ids`, in that order: a record no longer published has none, and is
    left out. One query; with `words`, a second for the texts their extracts are taken from."""
    documents = SearchDocument.objects.filter(kind=model._meta.label_lower, record_id__in=ids)
    rows = dict(documents.values_list("record_id", "card"))
    found = {pk: Card(model, pk, data) for pk, data in rows.items() if data}
    if missing := [pk for pk, data in rows.items() if not data]:
        found.update(built(model, missing))
    if words and found:
        fields = [f"{field}_{code}" for field in model.snippet_fields for code in LANGUAGES]
        for texts in model._default_manager.filter(pk__in=list(found)).only("language", *fields):
            found[texts.pk].texts = texts
    return [found[pk] for pk in ids if pk in found]


def built(model, ids):
    """{pk: Card} of published records whose documents hold no card yet, built from the tables."""
    from records.documents import with_names  # documents write cards: they import this module

    records = with_names(model._default_manager.published().filter(pk__in=ids))
    return {record.pk: Card(model, record.pk, card_of(record)) for record in records}


def newest(records, count):
    """The cards of the `count` newest of `records` (a queryset of published records)."""
    return read(records.model, page_ids(records.order_by("-created_at", "-pk"), 0, count))


def page_ids(records, start, stop):
    """The ids of `records` (a queryset, or records.search.RankedRecords) from `start` to `stop`, in order,
    without their rows."""
    if isinstance(records, search.RankedRecords):
        return records.ids[start:stop]
    return list(records.values_list("pk", flat=True)[start:stop])
