"""A list's cards are read from the search documents (records/cards.py): what they show is what the records'
tables say, in every language, kept current by the documents' signals, and never of a record not published."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Practice, PracticeOrganisation
from records import cards
from records.models import SearchDocument, Status
from taxonomy.models import Country, Organisation

pytestmark = pytest.mark.django_db


def card_of(client, path, slug):
    """The card of the record at `slug` on the list at `path`: its article's markup."""
    text = client.get(path).text
    start = text.index(f"/{slug}/")
    return text[text.rindex("<article", 0, start) : text.index("</article>", start)]


def test_a_card_names_each_country_in_the_page_language_and_order(client, make_practice):
    make_practice(countries=["DE", "EG", "ES"], slug="three-countries", title_en="Three countries")
    assert "Egypt, Germany, Spain" in card_of(client, "/en/practices/", "three-countries")
    # Égypte between Allemagne and Espagne, as a French reader orders them
    assert "Allemagne, Égypte, Espagne" in card_of(client, "/fr/practices/", "three-countries")
    assert "Alemania, Egipto, España" in card_of(client, "/es/practices/", "three-countries")


def test_a_card_shows_the_title_in_the_page_language_else_marks_the_language_it_falls_back_to(client, make_practice):
    make_practice(slug="bilingual", title_en="Water for all", title_fr="De l'eau pour tous", language="fr")
    assert "De l&#x27;eau pour tous</a>" in card_of(client, "/fr/practices/", "bilingual")
    spanish = card_of(client, "/es/practices/", "bilingual")
    assert 'lang="fr">De l&#x27;eau pour tous</a>' in spanish


def test_a_card_names_its_organisations_lead_first_then_how_many_more(client, make_practice):
    practice = make_practice(slug="many-partners")
    for number, role in enumerate(["partner", "lead", "partner", "partner", "strategic"]):
        organisation = Organisation.objects.create(name_en=f"Agency {number}")
        PracticeOrganisation.objects.create(record=practice, organisation=organisation, role=role)
    card = card_of(client, "/en/practices/", "many-partners")
    assert card.index("Agency 1") < card.index("Agency 0")
    assert "and 2 others" in card


def test_a_renamed_country_is_renamed_on_the_cards_that_name_it(client, make_practice):
    make_practice(countries=["SN"], slug="in-senegal")
    senegal = Country.objects.get(code="SN")
    senegal.name_fr = "République du Sénégal"
    senegal.save()
    assert "République du Sénégal" in card_of(client, "/fr/practices/", "in-senegal")


def test_an_edit_shows_on_the_card_and_a_withdrawal_takes_it_away(client, make_practice):
    practice = make_practice(slug="edited", summary_en="The first summary.")
    practice.summary_en = "The second summary."
    practice.save()
    assert "The second summary." in card_of(client, "/en/practices/", "edited")
    practice.status = Status.DRAFT
    practice.save()
    assert not SearchDocument.objects.filter(record_id=practice.pk, kind="practices.practice").exists()
    assert cards.read(Practice, [practice.pk]) == []


def test_a_document_written_before_cards_were_kept_still_gives_a_whole_card_and_writes_nothing(client, make_practice):
    practice = make_practice(countries=["SN"], objectives=[21], slug="older-document", title_en="An older document")
    SearchDocument.objects.filter(record_id=practice.pk).update(card={})
    with CaptureQueriesContext(connection) as queries:
        [card] = cards.read(Practice, [practice.pk])
    assert not [query for query in queries if not query["sql"].startswith("SELECT")]
    assert (card.title.text, [name for _code, name, _assigned in card.countries]) == ("An older document", ["Senegal"])
    assert "Senegal" in card_of(client, "/en/practices/", "older-document")


def test_cards_come_in_the_order_of_the_ids_asked(make_practice):
    first, second, third = make_practice(), make_practice(), make_practice()
    assert [card.pk for card in cards.read(Practice, [third.pk, first.pk, second.pk])] == [
        third.pk,
        first.pk,
        second.pk,
    ]
