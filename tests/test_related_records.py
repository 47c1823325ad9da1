"""A record's page lists related records, by shared classifications and by a close subject (the sentence
vectors search uses), and says why each is there."""

import re

import pytest

pytestmark = pytest.mark.django_db


def related(client, path):
    """{title: why it is listed} of the page's related records."""
    text = client.get(path).text
    section = text[text.index('<section id="related"') : text.index("</section>", text.index('<section id="related"'))]
    item = r'<li><a href="[^"]+"[^>]*>([^<]+)</a>.*?<span class="in-common">(.*?)</span>\s*</li>'
    items = re.findall(item, section, re.S)
    return {title: re.sub(r"[ \n]+", " ", why) for title, why in items}


def test_a_related_record_names_the_objectives_and_countries_it_shares(client):
    reasons = related(client, "/fr/projects/gene-sis/")
    initiative = next(why for title, why in reasons.items() if title.startswith("Initiative Mondiale"))
    assert initiative.startswith("En commun\u00a0: Salvador")


def test_a_record_sharing_no_classification_is_related_by_a_close_subject(client):
    # Gene-Sis (El Salvador, objectives 21 and 18, returning migrants) and Amuddu (Morocco, 16 and 3,
    # refugees and migrant women) share no country, objective or beneficiary group.
    reasons = related(client, "/en/projects/gene-sis/")
    assert reasons["Amuddu"] == "In common: a close subject"
    reasons = related(client, "/en/practices/amuddu/")
    initiative = next(why for title, why in reasons.items() if title.startswith("Initiative Mondiale"))
    assert initiative == "In common: objective 16, a close subject"


def test_a_draft_preview_lists_related_records_by_classification_alone(make_practice):
    from practices.models import Practice
    from records import search

    draft = make_practice(countries=["MA"], objectives=[16], status="draft")
    assert search.similar(draft, Practice) == []  # a draft has no search document, hence no vector


def test_a_record_the_editors_pinned_says_so(client):
    from practices.models import Practice

    amuddu = Practice.objects.get(slug="amuddu")
    amuddu.pinned_related.add(Practice.objects.get(slug="protection-migrants-covid-19-relance-activites-economiques"))
    reasons = related(client, "/en/practices/amuddu/")
    senegal = next(why for title, why in reasons.items() if title.startswith("Protection des migrants"))
    assert senegal == "Chosen by the editors"


def test_a_record_related_by_a_beneficiary_group_alone_names_it(client, make_practice):
    from practices.models import PracticeBeneficiary

    page, other = make_practice(countries=["IS"]), make_practice(countries=["NO"])
    for record in (page, other):
        PracticeBeneficiary.objects.create(record=record, beneficiary_id=1)
    reasons = related(client, page.get_absolute_url())
    assert reasons[other.title_en] == "In common: Migrants in vulnerable situations"


def test_a_record_with_many_classifications_is_scored_on_every_one(make_practice):
    from practices.models import Practice
    from records import memory, search

    # Twelve countries, then the objective: past the columns the index reads of every record.
    many = make_practice(
        countries=["AD", "AE", "AF", "AG", "AL", "AM", "AO", "AR", "AT", "AU", "AZ", "BA"], objectives=[9]
    )
    page = Practice.objects.for_detail().get(pk=make_practice(objectives=[9]).pk)
    assert search.sharing(page, Practice) == [many.pk]
    assert memory.index_of(Practice).related_in_row.max() > memory.RELATED_COLUMNS


def test_related_records_are_chosen_among_those_sharing_the_most_newest_first(make_practice):
    from practices.models import Practice
    from records import search

    # Iceland and Norway: no seed record is there, nor has objective 9.
    page = Practice.objects.for_detail().get(pk=make_practice(countries=["IS", "NO"], objectives=[9]).pk)
    older, newer = make_practice(countries=["IS"]), make_practice(countries=["NO"])
    most = make_practice(countries=["IS", "NO"])
    left_out = make_practice(countries=["IS", "NO"], objectives=[9])
    make_practice(countries=["FI"])
    found = search.sharing(page, Practice, close=[older.pk], leaving_out=[left_out.pk])
    # `older` is close in subject too: it counts as sharing one more.
    assert found == [most.pk, older.pk, newer.pk]


def test_related_records_are_read_from_their_cards_not_their_tables(client, make_practice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = make_practice(countries=["IS"], objectives=[9])
    other = make_practice(countries=["IS"], objectives=[9], title_en="Another practice in Iceland")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.get_absolute_url())
    assert [record.pk for record in response.context["related_practices"]] == [other.pk]
    link_reads = [query["sql"] for query in queries if query["sql"].startswith('SELECT "practices_practiceobjective"')]
    assert len(link_reads) == 1  # the page's own
    assert any('"records_searchdocument"."card"' in query["sql"] for query in queries)
    assert "Another practice in Iceland" in response.text
