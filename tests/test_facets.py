"""Facets count what each filter value would give with the other active filters applied."""

import pytest

pytestmark = pytest.mark.django_db

COVID_SENEGAL = "protection-migrants-covid-19-relance-activites-economiques"
IOM_UNDP = "initiative-mondiale-financement-initial-oim-pnud-covid-19"


def facets(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return {
        facet.name: {option.value: option.count for option in facet.options} for facet in response.context["facets"]
    }


def slugs(client, path, **params):
    return {record.slug for record in client.get(path, params).context["page_obj"]}


def test_unfiltered_counts_match_the_seed_documents(client):
    counts = facets(client, "/en/practices/")
    assert counts["country"]["SN"] == 1
    assert counts["country"]["SV"] == 1
    assert counts["gcm"]["16"] == 2  # Amuddu (primary) and the IOM-UNDP initiative (secondary)
    assert counts["region"]["002"] == 3  # all three practices have an African country
    assert counts["language"] == {"en": 0, "fr": 3, "es": 0}


def test_a_filter_does_not_narrow_its_own_facet(client):
    counts = facets(client, "/en/practices/", country="SN")
    assert counts["country"]["MA"] == 1
    assert counts["gcm"]["16"] == 0


def test_counts_combine_the_other_filters(client):
    counts = facets(client, "/en/practices/", country="MA", gcm="3")
    assert counts["gcm"]["16"] == 1
    assert counts["country"]["SN"] == 0
    assert counts["gcr"]["2"] == 1
    assert counts["beneficiary"]["refugees"] == 1


def test_primary_only_counts_primary_objectives(client):
    assert facets(client, "/en/practices/", gcm_primary="true")["gcm"]["16"] == 1
    assert slugs(client, "/en/practices/", gcm="16", gcm_primary="true") == {"amuddu"}


def test_values_with_no_result_are_listed_disabled(client):
    text = client.get("/en/projects/", {"country": "SV"}).text
    assert 'name="gcm" value="1" disabled' in text


def test_region_and_subregion_filters(client):
    assert slugs(client, "/en/projects/", region="019") == {"gene-sis"}
    assert slugs(client, "/en/projects/", subregion="015") == {"i-migr"}
    assert slugs(client, "/en/practices/", subregion="011") == {COVID_SENEGAL, IOM_UNDP}


def test_beneficiary_organisation_gcr_and_language_filters(client):
    assert slugs(client, "/en/practices/", beneficiary="informal-cross-border-traders") == {IOM_UNDP}
    assert slugs(client, "/en/projects/", organisation="201") == {"gene-sis", "i-migr"}
    assert slugs(client, "/en/practices/", gcr="2") == {"amuddu"}
    assert slugs(client, "/en/practices/", language="en") == set()


def test_gcm_objective_with_gcr_objective_answers_the_cross_compact_question(client):
    assert slugs(client, "/en/practices/", gcm="16", gcr="2") == {"amuddu"}


def test_year_range_keeps_records_whose_period_overlaps(client):
    assert slugs(client, "/en/projects/", year_from="2022", year_to="2022") == {"gene-sis"}
    assert slugs(client, "/en/practices/", year_to="2019") == {"amuddu"}
    assert slugs(client, "/en/practices/", year_from="2021") == {IOM_UNDP}


def test_year_out_of_range_is_explained(client):
    response = client.get("/en/practices/", {"year_from": "99999"})
    assert "Ensure this value is less than or equal to 2100." in response.text


def test_project_status_follows_the_dates(client, make_project):
    planned = make_project(start_year=2099)
    assert slugs(client, "/en/projects/", status="planned") == {planned.slug}
    assert slugs(client, "/en/projects/", status="completed") == {"gene-sis", "i-migr"}


def test_practice_type_filter(client, make_practice):
    policy = make_practice(practice_type="policy")
    assert slugs(client, "/en/practices/", type="policy") == {policy.slug}
    assert facets(client, "/en/practices/")["type"]["policy"] == 1


def test_sort_by_title_and_start_date(client):
    by_title = client.get("/fr/practices/", {"sort": "title"}).context["page_obj"]
    assert [record.slug for record in by_title] == ["amuddu", IOM_UNDP, COVID_SENEGAL]
    by_start = client.get("/en/practices/", {"sort": "start"}).context["page_obj"]
    assert [record.slug for record in by_start] == [IOM_UNDP, "amuddu", COVID_SENEGAL]


def test_active_filters_are_removable_chips(client):
    text = client.get("/en/practices/", {"country": ["SN", "MA"], "gcm": "16"}).text
    assert 'href="/en/practices/?country=MA&amp;gcm=16">' in text  # removes Senegal
    assert 'href="/en/practices/?country=SN&amp;country=MA">' in text  # removes objective 16
    assert 'class="clear-all" href="/en/practices/"' in text


def test_empty_result_suggests_removing_filters(client):
    text = client.get("/en/practices/", {"country": "SN", "gcr": "2"}).text
    assert "Try removing a filter above" in text


def test_organisation_autocomplete_lists_only_organisations_with_published_records(client, make_practice):
    from taxonomy.models import Organisation

    hidden = Organisation.objects.create(name_en="Harbour Authority")
    draft = make_practice(status="draft")
    draft.organisation_roles.create(organisation=hidden, role="lead")
    assert client.get("/en/organisations/autocomplete/", {"q": "harbour"}).json() == {"results": []}
    names = [
        result["name"] for result in client.get("/en/organisations/autocomplete/", {"q": "Union"}).json()["results"]
    ]
    assert "European Union" in names


@pytest.mark.parametrize(("cache_seconds", "warm"), [(0, False), (600, False), (600, True)])
def test_words_that_match_most_records_give_the_same_counts_as_counting_them(
    settings, make_practices, cache_seconds, warm
):
    """On PostgreSQL such words are counted from the link table alone, or through what they leave out."""
    from django.http import QueryDict

    from practices.filters import PracticeFilter
    from practices.models import Practice

    settings.PAGE_CACHE_SECONDS = cache_seconds
    make_practices(12, countries=["SN", "FR"], objectives=[3, 7])
    make_practices(6, countries=["MA"], objectives=[7])
    queries = [
        "q=record",
        "q=record&country=SN",
        "q=record&gcm=7&gcm_primary=on",
        "q=record&gcm_primary=on",
        "q=record&sort=title",
    ]
    for query in queries:
        filterset = PracticeFilter(QueryDict(query), queryset=Practice.objects.published().for_list())
        filterset.is_valid()
        if warm:  # the counts without the words in the cache, as after a visit to the list without them
            without_words = PracticeFilter(QueryDict(query.replace("q=record", "")), queryset=filterset.queryset)
            without_words.is_valid()
            for name in [*without_words.relation_facets, "language", "type"]:
                without_words.facet_counts(name)
        if filterset.matching_words is not None:  # PostgreSQL: the words were searched once, and match most
            assert len(filterset.matching_words) > Practice.objects.published().count() / 2
        for name in [*filterset.relation_facets, "language", "type"]:
            counted = filterset.counts(name, filterset.queryset_without(name))
            facet_counts = filterset.facet_counts(name)
            assert {entry: count for entry, count in facet_counts.items() if entry is not None} == nonzero(counted)
            assert sum(counted.values()) > 0


def nonzero(counts):
    return {entry: count for entry, count in counts.items() if entry is not None and count}


def test_words_given_twice_are_refused_rather_than_read_as_one_of_them():
    from django.http import QueryDict

    from practices.filters import PracticeFilter

    for query in ["q=covid&q=amuddu", "q=amuddu&q=covid"]:
        filterset = PracticeFilter(QueryDict(query))
        assert not filterset.is_valid()
        assert filterset.form.errors["q"] == ["Give this parameter once."]


def test_facet_options_escape_every_name_and_value_they_write():
    from records.facets import Facet, FacetOption
    from records.templatetags.catalogue import facet_options

    facet = Facet("organisation", "Organisation", [FacetOption('1"><script>', "<b>Fjord</b> & co", 1200, True, "f<r")])
    html = facet_options(facet)
    assert "<script>" not in html
    assert "<b>" not in html
    assert 'value="1&quot;&gt;&lt;script&gt;"' in html
    assert "&lt;b&gt;Fjord&lt;/b&gt; &amp; co" in html
    assert 'lang="f&lt;r"' in html
    assert "1,200" in html
    assert " checked>" in html


def test_a_ticked_value_of_a_filter_keyed_by_slug_shows_ticked(client):
    text = client.get("/en/practices/", {"beneficiary": "refugees"}).text
    assert 'name="beneficiary" value="refugees" checked' in text
