"""What the pages tell screen readers and keyboards: cards, landmarks, pages, filters, sections, languages."""

import re

import pytest

pytestmark = pytest.mark.django_db


# The mark on what the editors assigned: an asterisk for the eye, words for screen readers.
ASSIGNED = (
    '<span class="assigned-mark"><span aria-hidden="true">*</span>'
    '<span class="visually-hidden"> (assigned by the editors)</span></span>'
)


def test_cards_show_countries_organisations_years_and_objectives(client):
    text = client.get("/en/projects/", {"country": "TN"}).text
    card = text[text.index('<article class="card">') :]
    assert f"<dt>Where</dt><dd>Tunisia{ASSIGNED}</dd>" in card
    assert "<dt>Who</dt>" in card
    assert "<dt>When</dt><dd>2020</dd>" in card
    primary = '<li class="badge primary"><span class="badge-number">15</span> Access to basic services'
    assert f"{primary}{ASSIGNED} <span class" in card


def test_a_list_whose_cards_mark_what_the_editors_assigned_has_the_legend_once(client):
    text = client.get("/en/projects/", {"country": "TN"}).text
    assert text.count('<p class="provenance-legend">') == 1


def test_cards_name_three_organisations_and_count_the_others(client):
    text = client.get("/en/projects/", {"country": "SV"}).text
    assert "and 8 others" in text


def test_a_cards_facts_are_written_in_the_page_language(client, make_practice):
    make_practice(countries=["IS"], start_year=2016, end_year=None, ongoing=True)
    practice = client.get("/fr/practices/", {"country": "IS"}).text
    assert "<dt>Où</dt><dd>Islande</dd>" in practice
    assert "<dt>Quand</dt><dd>2016 – aujourd’hui</dd>" in practice
    assert "et 8 autres" in client.get("/fr/projects/", {"country": "SV"}).text


def test_a_name_typed_with_markup_is_shown_as_text_on_a_card(client, make_practice):
    from practices.models import PracticeOrganisation
    from taxonomy.models import Organisation

    practice = make_practice(countries=["IS"])
    organisation = Organisation.objects.create(name_en="<b>Partners</b> & <script>alert(1)</script>")
    PracticeOrganisation.objects.create(record=practice, organisation=organisation, role="lead")
    text = client.get("/en/practices/", {"country": "IS"}).text
    assert "&lt;b&gt;Partners&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert(1)</script>" not in text


def test_a_card_gives_a_period_of_several_years_once_and_a_single_year_alone(client, make_practice):
    make_practice(countries=["IS"], start_year=2014, end_year=2019, title_en="Several years")
    make_practice(countries=["IS"], start_year=2015, end_year=2015, title_en="One year")
    text = client.get("/en/practices/", {"country": "IS"}).text
    assert "<dt>When</dt><dd>2014–2019</dd>" in text
    assert "<dt>When</dt><dd>2015</dd>" in text


def test_a_name_in_another_language_than_the_page_is_marked_with_its_language(client):
    text = client.get("/en/projects/gene-sis/").text
    assert '<a href="/en/organisations/401/" lang="fr">INSAFORP</a>' in text
    assert '<a href="/en/organisations/201/">European Union</a>' in text
    facets = client.get("/en/projects/", {"organisation": "204"}).text
    assert '<span class="option-label" lang="fr">Cies Tunisie</span>' in facets
    assert re.search(r'<span lang="fr">Cies Tunisie</span> <span class="chip-remove"', facets)


def test_search_extracts_are_marked_with_their_language(client):
    text = client.get("/en/search/", {"q": "autonomisation"}).text
    assert re.search(r'<p class="excerpt" lang="fr">[^<]*<mark>', text)


def test_each_search_form_is_a_landmark_with_its_own_name(client):
    assert 'role="search" aria-label="Site search"' in client.get("/en/practices/").text
    assert 'role="search" aria-labelledby="home-q-label"' in client.get("/en/").text


def test_pagination_names_its_links_and_marks_the_current_page(client, make_practices, settings):
    settings.PAGE_SIZE = 2
    make_practices(9, countries=["FR"])
    text = client.get("/en/practices/", {"country": "FR", "page": "3"}).text
    assert '<nav class="pagination" aria-label="Pages">' in text
    assert 'aria-current="page"><span class="visually-hidden">Page </span>3</a>' in text
    assert 'rel="next">Next</a>' in text
    assert "Page 3 of 5" in text


def test_active_filters_are_a_titled_section(client):
    text = client.get("/en/practices/", {"country": "SN"}).text
    assert '<section class="chips" aria-labelledby="chips-title">' in text
    assert '<span class="visually-hidden">Remove filter: </span><span class="chip-filter">Country:</span>' in text


def test_facet_counts_are_read_as_numbers_of_results(client):
    text = client.get("/en/practices/").text
    assert '<span class="count" aria-hidden="true">1</span>' in text
    assert '<span class="visually-hidden">(1 result)</span>' in text
    assert 'aria-label="1 result"' not in text


def test_a_detail_page_lists_its_sections_and_each_link_has_its_anchor(client):
    text = client.get("/en/practices/protection-migrants-covid-19-relance-activites-economiques/").text
    contents = text[text.index('<nav class="contents"') : text.index("</nav>", text.index('<nav class="contents"'))]
    anchors = re.findall(r'href="#([a-z0-9-]+)"', contents)
    assert anchors[:3] == ["summary", "key-results", "benefits-and-impact"]
    assert "innovation" in anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in text


def test_a_project_page_lists_its_results_and_location_among_its_sections(client):
    text = client.get("/en/projects/gene-sis/").text
    assert '<a href="#results">Results</a>' in text
    assert '<a href="#location">Location</a>' in text
    assert '<section id="results" class="text-section">' in text


def test_the_home_page_has_one_search_box_for_practices_and_projects(client):
    text = client.get("/en/").text
    assert text.count('role="search"') == 1
    assert 'action="/en/search/" role="search" aria-labelledby="home-q-label"' in text
    assert 'href="/en/about/#submit"' in text
    assert client.get("/en/practices/").text.count('role="search"') == 1  # the header's, elsewhere
