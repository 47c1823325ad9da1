"""What real documents add to a record shows on its public pages, in each language: open-ended periods and
dates as written, places below country, a project's budget and identifiers, a practice's type beside the
source's category, people, the image's caption and credit, the source as a citation, what the editors
assigned marked once explained, and organisations named by their alias in the page's language."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from practices.models import Practice, PracticeObjective, PracticeOrganisation
from projects.models import ProjectOrganisation
from records import documents
from records.models import Provenance
from taxonomy.models import Organisation, OrganisationAlias

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es"]
MARK = (
    '<span class="assigned-mark"><span aria-hidden="true">*</span>'
    '<span class="visually-hidden"> (assigned by the editors)</span></span>'
)
LEGEND = '<p class="provenance-legend">'


def address(record, language="en"):
    with translation.override(language):
        return record.get_absolute_url()


def page(client, record, language="en"):
    response = client.get(address(record, language))
    assert response.status_code == 200
    return response.text


def glance(text):
    """The "At a glance" box of a detail page."""
    return text[text.index('<aside class="summary-box"') : text.index("</aside>")]


def source_section(text):
    return text[text.index('<section id="source"') : text.index("</section>", text.index('<section id="source"'))]


def plain(text):
    """Babel's narrow and non-breaking spaces as plain ones."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


# Periods.


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_ongoing_practice_runs_from_its_start_to_the_present_in_each_language(client, make_practice, language):
    box = glance(page(client, make_practice(start_year=2016, ongoing=True), language))
    assert "2016 – " in box
    if language == "en":
        assert "<dd>2016 – present</dd>" in box


def test_the_dates_as_written_stand_beside_the_period_in_the_sources_language(client, make_practice):
    practice = make_practice(
        language="fr", title_fr="Amuddu", start_year=2018, start_month=3, period_as_written="Mars 2018"
    )
    assert 'March 2018 <span class="note">(in the source: <q lang="fr">Mars 2018</q>)</span>' in page(client, practice)
    assert "<q>Mars 2018</q>" in page(client, practice, "fr")


def test_an_ongoing_record_reads_to_the_present_on_its_card(client, make_practice):
    make_practice(countries=["PE"], start_year=2012, ongoing=True)
    assert "<dt>When</dt><dd>2012 – present</dd>" in client.get("/en/practices/", {"country": "PE"}).text


# Places.


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", '<p class="place">Lima metropolitan area</p>'),
        ("fr", '<p class="place" lang="en">Lima metropolitan area</p>'),
        ("es", '<p class="place">Lima Metropolitana</p>'),
    ],
)
def test_the_locality_is_shown_in_the_pages_language_else_marked_with_its_own(client, make_practice, language, shown):
    practice = make_practice(countries=["PE"], locality_en="Lima metropolitan area", locality_es="Lima Metropolitana")
    assert shown in glance(page(client, practice, language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_countries_and_a_region_as_written_stand_together_with_the_scope(client, make_project, language):
    project = make_project(countries=["PE", "BO"], region_as_written="Andean region", scope="regional")
    box = glance(page(client, project, language))
    # as the source writes it, in its language (the record's)
    marked = "" if language == "en" else ' lang="en"'
    assert f'<p class="place"{marked}>Andean region</p>' in box
    assert f'<a href="/{language}/countries/PE/">' in box
    assert f'<a href="/{language}/countries/BO/">' in box
    if language == "en":
        assert re.search(r"<dt>Scope</dt>\s*<dd>Regional</dd>", box)


# A project's header.


def test_a_budget_is_written_in_the_readers_language(client, make_project):
    project = make_project(budget_amount=Decimal("280000.00"), budget_currency="USD")
    assert "$280,000.00" in glance(page(client, project))
    assert "280 000,00 $US" in plain(glance(page(client, project, "fr")))
    assert "280.000,00" in plain(glance(page(client, project, "es")))


def test_a_budget_as_written_is_left_out_when_it_says_no_more_than_the_amount(client, make_project):
    written = "Budget Amount (USD) 280000.00"
    project = make_project(budget_amount=Decimal("280000.00"), budget_currency="USD", budget_as_written=written)
    assert written not in page(client, project)


def test_a_budget_as_written_that_says_more_stands_beside_the_amount(client, make_project):
    written = "EUR 4.5 million, of which EUR 1.2 million for IOM"
    project = make_project(budget_amount=Decimal("4500000"), budget_currency="EUR", budget_as_written=written)
    assert f'€4,500,000.00 <span class="note">(in the source: <q>{written}</q>)</span>' in glance(page(client, project))


def test_a_budget_given_only_as_written_is_shown_as_written(client, make_project):
    project = make_project(budget_as_written="About two million dollars")
    assert "About two million dollars" in glance(page(client, project))


@pytest.mark.parametrize(
    ("language", "share"), [("en", "$120,000.00"), ("fr", "120 000,00 $US"), ("es", "120.000,00 US$")]
)
def test_the_implementers_share_is_shown_in_the_budgets_currency(client, make_project, language, share):
    project = make_project(budget_amount=Decimal("280000"), budget_currency="USD", implementer_share=Decimal("120000"))
    box = plain(glance(page(client, project, language)))
    assert f"<dd>{share}</dd>" in box
    if language == "en":
        assert "<dt>Share managed by the implementer</dt>" in box


def test_the_stated_status_stands_beside_the_one_computed_from_the_dates(client, make_project):
    project = make_project(start_year=2012, ongoing=True, stated_status="Active")
    box = glance(page(client, project))
    assert '<dd>Ongoing <span class="note">(in the source: <q>Active</q>)</span></dd>' in box


def test_the_computed_status_is_the_one_the_status_filter_finds_the_project_under(client, make_project):
    project = make_project(countries=["BO"], start_year=2015, end_year=2016, stated_status="Active")
    assert "<dd>Completed " in glance(page(client, project))
    found = client.get("/en/projects/", {"country": "BO", "status": "completed"}).context["page_obj"]
    assert [record.slug for record in found] == [project.slug]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_project_type_and_funding_programme_are_shown(client, make_project, language):
    project = make_project(project_type="Capacity building", funding_programme="IOM Development Fund")
    box = glance(page(client, project, language))
    assert "Capacity building" in box
    assert "IOM Development Fund" in box


@pytest.mark.parametrize("kind", ["make_practice", "make_project"])
def test_each_identifier_is_shown_with_its_scheme(client, request, kind):
    record = request.getfixturevalue(kind)()
    record.identifiers.create(scheme="IOM Prima ID", value="12345")
    record.identifiers.create(scheme="Project number", value="PR.0042")
    box = glance(page(client, record))
    assert "<dt>Identifiers</dt>" in box
    assert "<li><span>IOM Prima ID</span>: 12345</li>" in box
    assert "<li><span>Project number</span>: PR.0042</li>" in box


# A practice's type.


def test_a_practices_type_stands_beside_the_sources_category(client, make_practice):
    practice = make_practice(practice_type="policy", source_category="Strategy/framework")
    box = glance(page(client, practice))
    assert 'Policy (including law, public measure) <span class="note">(in the source: <q>Strategy/framework</q>)' in box


def test_a_type_the_editors_chose_is_marked_as_assigned(client, make_practice):
    practice = make_practice(practice_type="service", practice_type_provenance=Provenance.ASSIGNED)
    box = glance(page(client, practice))
    assert f"Service delivery{MARK}" in box
    assert LEGEND in box


def test_a_category_without_a_type_is_shown_as_the_source_writes_it(client, make_practice):
    practice = make_practice(language="es", title_es="Defensoría", source_category="Asistencia jurídica")
    assert '<dd><span lang="es">Asistencia jurídica</span></dd>' in glance(page(client, practice))


# People.


def test_people_are_listed_by_role_with_their_job_title_organisation_and_email(client, make_project):
    project = make_project()
    project.people.create(name="Ana Ruiz", job_title="Project officer", organisation="IOM Lima", email="ana@iom.int")
    project.people.create(name="Luis Paz", role="focal_point", organisation="Municipalidad de Lima", position=1)
    text = page(client, project)
    people = text[text.index('<section id="people"') :]
    assert "<h3>Contact</h3>" in people
    assert (
        '<span class="person-name">Ana Ruiz</span><br><span>Project officer</span><br><span>IOM Lima</span>' in people
    )
    assert '<a href="mailto:ana@iom.int">ana@iom.int</a>' in people
    assert people.index("<h3>Focal point</h3>") > people.index("Ana Ruiz")


def test_a_practices_contacts_need_no_role_heading_under_contacts(client, make_practice):
    practice = make_practice()
    practice.people.create(name="Ana Ruiz")
    text = page(client, practice)
    assert '<section id="contacts" class="text-section people">' in text
    assert "<h3>Contact</h3>" not in text


def test_what_the_source_writes_of_a_person_is_marked_with_its_language(client, make_practice):
    practice = make_practice(language="fr", title_fr="Initiative")
    practice.people.create(name="David Khoudour", organisation="Siège du PNUD")
    assert '<span lang="fr">Siège du PNUD</span>' in page(client, practice)
    assert "<span>Siège du PNUD</span>" in page(client, practice, "fr")


# The image.


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_image_has_its_description_caption_and_credit(client, make_practice, language):
    practice = make_practice(
        image="records/2026/kiosk.jpg",
        image_alt_en="A water kiosk in a market",
        image_caption_en="The kiosk at Yoff market",
        image_credit="© IOM 2021",
    )
    text = page(client, practice, language)
    figure = text[text.index('<figure class="record-image">') : text.index("</figure>")]
    assert 'alt="A water kiosk in a market"' in figure
    assert "<figcaption>" in figure
    assert "The kiosk at Yoff market</span>" in figure
    assert '<span class="credit">© IOM 2021</span>' in figure


# The source.


def test_the_source_is_its_citation_linked_to_its_address(client, make_practice):
    practice = make_practice(source_citation="IOM, Migration Network Hub, 2021", source_url="https://example.org/hub/1")
    section = source_section(page(client, practice))
    assert '<a href="https://example.org/hub/1">IOM, Migration Network Hub, 2021</a>' in section


def test_the_internal_file_name_is_on_no_public_page(client, make_practice):
    practice = make_practice(countries=["PE"], source_document="000_b955c21db59c6fb9.txt", summary_en="Water kiosks")
    pages = [address(practice, language) for language in LANGUAGES]
    pages += ["/en/practices/?country=PE", "/en/countries/PE/", "/en/search/?q=kiosks", "/en/"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200
        assert "b955c21db59c6fb9" not in response.text, path
    assert "Entered from" not in page(client, practice)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_editors_note_is_a_folded_note(client, make_practice, language):
    practice = make_practice(editors_note_en="The objectives were assigned by the editors.")
    section = source_section(page(client, practice, language))
    note = section[section.index("<details") : section.index("</details>")]
    assert "<summary>" in note
    assert "The objectives were assigned by the editors." in note


def test_a_record_with_nothing_to_cite_has_no_empty_source_section(client, make_practice):
    text = page(client, make_practice())
    assert '<section id="source"' not in text
    assert 'href="#source"' not in text


# What the editors assigned.


def assign_everything(practice):
    practice.country_links.update(provenance=Provenance.ASSIGNED)
    practice.objective_links.update(provenance=Provenance.ASSIGNED)
    practice.beneficiary_links.create(beneficiary_id=1, provenance=Provenance.ASSIGNED)
    practice.principle_links.create(principle_id=1, provenance=Provenance.ASSIGNED)


def test_the_legend_is_shown_once_however_many_items_are_marked(client, make_practice):
    practice = make_practice(countries=["PE", "BO"], objectives=[1, 2, 3])
    assign_everything(practice)
    box = glance(page(client, practice))
    assert box.count(MARK) == 7
    assert box.count(LEGEND) == 1
    assert "assigned by the editors)" not in box.replace(MARK, "")


def test_a_record_that_states_everything_has_no_mark_and_no_legend(client, make_practice):
    text = page(client, make_practice(countries=["PE"], objectives=[1]))
    assert 'class="assigned-mark"' not in text
    assert LEGEND not in text


def test_cards_mark_assigned_countries_and_objectives_and_stated_ones_not(client, make_practice):
    practice = make_practice(countries=["PE", "BO"], objectives=[1, 2])
    practice.country_links.filter(country="BO").update(provenance=Provenance.ASSIGNED)
    PracticeObjective.objects.filter(record=practice, objective=2).update(provenance=Provenance.ASSIGNED)
    documents.rebuild(Practice, [practice.pk])  # as the admin's save does; a bulk update sends no signal
    text = client.get("/en/practices/", {"country": "PE"}).text
    card = text[text.index('<article class="card">') : text.index("</article>")]
    assert f"Bolivia{MARK}" in card
    assert f"Peru{MARK}" not in card
    assert card.count(MARK) == 2
    assert text.count(LEGEND) == 1


def test_search_results_mark_what_the_editors_assigned_and_explain_it_once(client, make_practice):
    for _ in range(2):
        practice = make_practice(countries=["BO"], summary_en="Water kiosks")
        practice.country_links.update(provenance=Provenance.ASSIGNED)
        documents.rebuild(Practice, [practice.pk])  # as the admin's save does; a bulk update sends no signal
    text = client.get("/en/search/", {"q": "kiosks"}).text
    assert text.count(f"Bolivia{MARK}") == 2
    assert text.count(LEGEND) == 1


# Organisations: their aliases, their parent, their country's provenance.


def aliased_unhcr(country_provenance=Provenance.STATED):
    unhcr = Organisation.objects.create(
        name_en="UN Refugee Agency", acronym_en="UNHCR", country_id="CH", country_provenance=country_provenance
    )
    OrganisationAlias.objects.create(organisation=unhcr, name="ACNUR", kind="acronym", language="es")
    OrganisationAlias.objects.create(organisation=unhcr, name="Alto Comisionado", kind="name", language="es")
    OrganisationAlias.objects.create(organisation=unhcr, name="Alto Comissariado", kind="name", language="pt-BR")
    return unhcr


SPANISH_NAME = "Alto Comisionado (ACNUR)"


def practice_naming(make_practice, organisation, **fields):
    practice = make_practice(countries=["PE"], **fields)
    PracticeOrganisation.objects.create(record=practice, organisation=organisation, role="lead")
    return practice


def test_a_spanish_detail_page_names_the_organisation_by_its_spanish_alias(client, make_practice):
    unhcr = aliased_unhcr()
    practice = practice_naming(make_practice, unhcr)
    assert f'<a href="/es/organisations/{unhcr.pk}/">{SPANISH_NAME}</a>' in glance(page(client, practice, "es"))
    assert f'<a href="/en/organisations/{unhcr.pk}/">UN Refugee Agency (UNHCR)</a>' in glance(page(client, practice))


def test_a_spanish_list_names_the_organisation_by_its_alias_on_cards_facet_and_chips(client, make_practice):
    unhcr = aliased_unhcr()
    practice_naming(make_practice, unhcr)
    text = client.get("/es/practices/", {"organisation": unhcr.pk}).text
    card = text[text.index('<article class="card">') : text.index("</article>")]
    assert f"<span>{SPANISH_NAME}</span>" in card
    assert f'<span class="option-label">{SPANISH_NAME}</span>' in text
    assert re.search(rf"<span>{re.escape(SPANISH_NAME)}</span> <span class=\"chip-remove\"", text)


def test_the_organisations_facet_kept_from_an_english_page_names_them_in_spanish_on_the_spanish_one(
    client, settings, make_practice
):
    settings.PAGE_CACHE_SECONDS = 600
    unhcr = aliased_unhcr()
    practice_naming(make_practice, unhcr)
    english = client.get("/en/practices/", {"country": "PE"}).text
    assert '<span class="option-label">UN Refugee Agency (UNHCR)</span>' in english
    spanish = client.get("/es/practices/", {"country": "PE", "sort": "title"}).text
    assert f'<span class="option-label">{SPANISH_NAME}</span>' in spanish
    assert "UN Refugee Agency" not in spanish


def test_a_spanish_project_card_names_the_organisation_by_its_alias(client, make_project):
    unhcr = aliased_unhcr()
    project = make_project(countries=["PE"])
    ProjectOrganisation.objects.create(record=project, organisation=unhcr, role="donor")
    assert f"<span>{SPANISH_NAME}</span>" in client.get("/es/projects/", {"country": "PE"}).text


def test_the_organisation_page_shows_its_aliases_each_in_its_language(client, make_practice):
    unhcr = aliased_unhcr()
    practice_naming(make_practice, unhcr)
    text = client.get(f"/es/organisations/{unhcr.pk}/").text
    assert f"<h1>{SPANISH_NAME}</h1>" in text
    assert '<li lang="es">ACNUR</li>' in text
    assert '<li lang="pt-BR">Alto Comissariado</li>' in text


def test_the_organisation_page_names_its_parent_only_once_a_published_record_names_the_parent(client, make_practice):
    united_nations = Organisation.objects.create(name_en="United Nations")
    unhcr = aliased_unhcr()
    unhcr.parent = united_nations
    unhcr.save()
    practice_naming(make_practice, unhcr)
    # A parent no published record names is as unpublished as any such organisation: not even its name shows.
    assert "United Nations" not in client.get(f"/en/organisations/{unhcr.pk}/").text
    practice_naming(make_practice, united_nations)
    link = f'<dd><a href="/en/organisations/{united_nations.pk}/">United Nations</a></dd>'
    assert link in client.get(f"/en/organisations/{unhcr.pk}/").text


def test_the_organisation_page_marks_a_country_the_editors_assigned(client, make_practice):
    unhcr = aliased_unhcr(country_provenance=Provenance.ASSIGNED)
    practice_naming(make_practice, unhcr)
    text = client.get(f"/en/organisations/{unhcr.pk}/").text
    assert f"Switzerland</a>{MARK}</dd>" in text
    assert text.count(LEGEND) == 1


def test_the_organisation_page_leaves_a_stated_country_unmarked(client, make_practice):
    unhcr = aliased_unhcr()
    practice_naming(make_practice, unhcr)
    text = client.get(f"/en/organisations/{unhcr.pk}/").text
    assert "Switzerland</a></dd>" in text
    assert LEGEND not in text


def test_the_autocomplete_finds_an_organisation_by_its_alias_and_names_it_as_the_page_does(client, make_practice):
    practice_naming(make_practice, aliased_unhcr())
    names = [
        result["name"] for result in client.get("/es/organisations/autocomplete/", {"q": "acnur"}).json()["results"]
    ]
    assert names == [SPANISH_NAME]


def list_queries(client, make_practice, organisations):
    for number in range(organisations):
        organisation = Organisation.objects.create(name_en=f"Agency {number}")
        OrganisationAlias.objects.create(organisation=organisation, name=f"Agencia {number}", language="es")
        practice_naming(make_practice, organisation)
    client.get("/es/practices/", {"country": "PE"})  # the first reads every document into memory
    with CaptureQueriesContext(connection) as queries:
        text = client.get("/es/practices/", {"country": "PE"}).text
    assert f"Agencia {organisations - 1}" in text
    return len(queries)


def test_spanish_aliases_cost_no_query_per_organisation_on_a_list(client, make_practice):
    assert list_queries(client, make_practice, 3) == list_queries(client, make_practice, 12)


# Markup.


class TagBalance(HTMLParser):
    """Elements opened and never closed, closed and never opened, and ids given twice."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    # Closed by the next one, or by their parent, as HTML allows.
    OPTIONAL_END = {"p", "li", "dt", "dd", "option"}

    def __init__(self):
        super().__init__()
        self.open, self.problems, self.ids = [], [], set()

    def handle_starttag(self, tag, attrs):
        element_id = dict(attrs).get("id")
        if element_id and element_id in self.ids:
            self.problems.append(f"id {element_id} twice")
        self.ids.add(element_id)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        while self.open and self.open[-1] != tag and self.open[-1] in self.OPTIONAL_END:
            self.open.pop()
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.problems.append(f"</{tag}> closes {self.open[-1:]}")


def test_the_markup_check_finds_an_element_left_open_a_stray_end_tag_and_an_id_given_twice():
    checker = TagBalance()
    checker.feed('<div id="a"><section><span>text</p></div><p id="a"></p>')
    assert checker.problems == ["</p> closes ['span']", "</div> closes ['span']", "id a twice"]
    assert checker.open == ["div", "section", "span"]


def test_a_page_with_every_new_fact_stays_well_formed(client, make_project):
    project = make_project(
        countries=["PE"],
        start_year=2016,
        ongoing=True,
        period_as_written="2016 – Presente",
        locality_en="Lima",
        region_as_written="Andean region",
        scope="national",
        budget_amount=Decimal("280000"),
        budget_currency="USD",
        budget_as_written="USD 280,000 (phase one)",
        implementer_share=Decimal("1000"),
        stated_status="Active",
        project_type="Capacity building",
        funding_programme="IOM Development Fund",
        image="records/2026/kiosk.jpg",
        image_caption_en="A kiosk",
        image_credit="© IOM",
        source_citation="IOM project page",
        source_url="https://example.org/",
        editors_note_en="Checked.",
    )
    project.identifiers.create(scheme="IOM Prima ID", value="1")
    project.people.create(name="Ana Ruiz", email="ana@iom.int")
    ProjectOrganisation.objects.create(record=project, organisation=aliased_unhcr(), role="lead")
    project.country_links.update(provenance=Provenance.ASSIGNED)
    for language in LANGUAGES:
        checker = TagBalance()
        checker.feed(page(client, project, language))
        assert checker.problems == []
        assert checker.open == []
