"""The search page filters as the lists do: the facets practices and projects share, counted over both,
and a facet of its own to choose the kinds."""

from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from browse.across import AcrossKinds

pytestmark = pytest.mark.django_db


def facets(response):
    return {
        facet.name: {option.value: option.count for option in facet.options} for facet in response.context["facets"]
    }


@pytest.mark.parametrize("query", [{"q": "migrants"}, {"country": "SN"}, {"q": "covid", "gcm": "2"}, {}])
def test_each_shared_facet_counts_the_practices_and_projects_its_lists_count(client, query):
    across = facets(client.get("/en/search/", query))
    practices = facets(client.get("/en/practices/", query))
    projects = facets(client.get("/en/projects/", query))
    shared = set(practices) & set(projects)
    assert set(across) == {"kind", *shared}
    for name in shared - {"organisation"}:
        values = set(practices[name]) | set(projects[name])
        assert set(across[name]) == values, name
        for value in values:
            assert across[name][value] == practices[name].get(value, 0) + projects[name].get(value, 0), (name, value)
    # Organisations: the busiest of both kinds together, each with the sum of its counts in both lists,
    # whether or not it is among the busiest of each.
    found = AcrossKinds(QueryDict(urlencode(query)))
    assert found.facets  # validates each kind's filters
    lists = list(found.filtersets.values())
    for value, count in across["organisation"].items():
        assert count == sum(filterset.facet_counts("organisation").get(int(value), 0) for filterset in lists)


def test_the_busiest_organisations_of_both_kinds_together_are_offered(client, make_practice, make_project):
    from practices.models import PracticeOrganisation
    from projects.models import ProjectOrganisation
    from taxonomy.models import Organisation

    # 16 organisations with one practice each, and one more with a practice and three projects: 16th among
    # the practices' busiest, first of both.
    for number in range(16):
        organisation = Organisation.objects.create(name_en=f"Harbour council {number}")
        PracticeOrganisation.objects.create(record=make_practice(), organisation=organisation, role="lead")
    busiest = Organisation.objects.create(name_en="Zz Harbour union")
    PracticeOrganisation.objects.create(record=make_practice(), organisation=busiest, role="lead")
    for _ in range(3):
        ProjectOrganisation.objects.create(record=make_project(), organisation=busiest, role="lead")
    counts = facets(client.get("/en/search/"))["organisation"]
    assert counts[str(busiest.pk)] == 4
    assert len(counts) == 15


def test_the_kind_facet_counts_each_kinds_results_and_the_page_lists_their_sum(client):
    response = client.get("/en/search/", {"q": "migrants"})
    kinds = facets(response)["kind"]
    assert kinds["practice"] == client.get("/en/practices/", {"q": "migrants"}).context["page_obj"].paginator.count
    assert kinds["project"] == client.get("/en/projects/", {"q": "migrants"}).context["page_obj"].paginator.count
    assert response.context["page_obj"].paginator.count == kinds["practice"] + kinds["project"] > 0


def test_ticking_a_kind_lists_that_kind_alone_and_still_counts_the_other(client):
    response = client.get("/en/search/", {"q": "migrants", "kind": "project"})
    assert {card.model._meta.model_name for card in response.context["page_obj"]} == {"project"}
    kinds = {option.value: option for option in response.context["facets"][0].options}
    assert kinds["project"].selected
    assert not kinds["practice"].selected
    assert kinds["practice"].count > 0
    assert '<span class="chip-filter">Kind of record:</span> <span>Projects</span>' in response.text


def test_filters_without_words_list_both_kinds_newest_first(client, make_practice, make_project):
    older = make_practice(title_en="Older harbour scheme", countries=["SN"])
    newer = make_project(title_en="Newer harbour scheme", countries=["SN"])
    response = client.get("/en/search/", {"country": "SN"})
    listed = [(card.model, card.pk) for card in response.context["page_obj"]]
    assert listed.index((type(newer), newer.pk)) < listed.index((type(older), older.pk))


def test_an_unknown_kind_is_refused_with_a_message_and_the_page_stays_whole(client):
    response = client.get("/en/search/", {"q": "migrants", "kind": "poem"})
    assert response.status_code == 400
    assert "Select a valid choice. poem is not one of the available choices." in response.text
    assert response.context["page_obj"].paginator.count > 0  # the other filters still apply
    assert 'id="search-q"' in response.text


def test_a_kinds_own_filter_is_not_offered_on_the_search_page(client):
    text = client.get("/es/search/", {"q": "migrantes"}).text
    assert 'name="type"' not in text
    assert 'name="status"' not in text
    assert 'name="kind"' in text
    assert "Tipo de registro" in text


def test_a_draft_counts_in_no_facet_of_the_search_page(client, make_practice):
    make_practice(title_en="Unreleased harbour scheme", countries=["TV"], status="draft")
    response = client.get("/en/search/", {"q": "harbour"})
    assert response.context["page_obj"].paginator.count == 0
    assert "TV" not in facets(client.get("/en/search/"))["country"]
    assert all(count == 0 for counts in facets(response).values() for count in counts.values())


def test_with_a_kind_ticked_the_facets_count_that_kind_alone(client):
    across = facets(client.get("/en/search/", {"kind": "project"}))
    projects = facets(client.get("/en/projects/"))
    assert across["country"] == projects["country"]
    assert across["kind"]["practice"] > 0  # the other kind is still counted, to be ticked


def test_words_given_twice_are_refused_with_a_message_by_the_box(client):
    response = client.get("/en/search/?q=water&q=migrants")
    assert response.status_code == 400
    box = response.text[
        response.text.index('id="search-box"') : response.text.index("</div>", response.text.index('id="search-box"'))
    ]
    assert "Give this parameter once." in box
    assert 'aria-invalid="true"' in box


@pytest.mark.parametrize("query", [{}, {"q": "record"}, {"sort": "title"}])
def test_the_pages_of_both_kinds_hold_each_record_once_even_with_the_same_date(
    client, settings, make_practices, make_projects, query
):
    from practices.models import Practice
    from projects.models import Project

    settings.PAGE_SIZE = 4
    make_practices(7, countries=["IS"])
    make_projects(6, countries=["IS"])
    moment = Practice.objects.order_by("pk").first().created_at
    Practice.objects.update(created_at=moment)  # as a bulk load stamps them
    Project.objects.update(created_at=moment)
    query = {"country": "IS", **query}
    first = client.get("/en/search/", query)
    count = first.context["page_obj"].paginator.count
    seen = []
    for number in first.context["page_obj"].paginator.page_range:
        page = client.get("/en/search/", {**query, "page": number}).context["page_obj"]
        seen += [(card.model._meta.model_name, card.pk) for card in page]
    assert len(seen) == count == len(set(seen)) == 13
