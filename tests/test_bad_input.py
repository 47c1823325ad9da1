"""Bad filter input never gives a server error: a clear message, a 400, the rest of the page intact."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/en/practices/", "/en/projects/"])
def test_non_numeric_objective_is_explained_and_ignored(client, path):
    response = client.get(path, {"gcm": "abc"})
    assert response.status_code == 400
    assert "“abc” is not a valid value." in response.text
    assert response.context["page_obj"].paginator.count > 0


@pytest.mark.parametrize("path", ["/en/practices/", "/en/projects/"])
def test_objective_out_of_range_is_explained(client, path):
    response = client.get(path, {"gcm": "99"})
    assert response.status_code == 400
    assert "99 is not one of the available choices" in response.text


def test_unknown_country_is_explained_and_other_filters_still_apply(client):
    response = client.get("/en/projects/", {"country": "ZZZ", "gcm": "21"})
    assert response.status_code == 400
    assert "ZZZ is not one of the available choices" in response.text
    assert [record.slug for record in response.context["page_obj"]] == ["gene-sis"]


def test_page_beyond_the_last_shows_the_last_page(client):
    response = client.get("/en/practices/", {"page": "999999"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == response.context["page_obj"].paginator.num_pages


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1e9", ""])
def test_malformed_page_numbers_fall_back_to_a_page(client, page):
    response = client.get("/en/practices/", {"page": page})
    assert response.status_code == 200


def test_ten_thousand_character_query_is_refused_with_a_message(client):
    response = client.get("/en/practices/", {"q": "migration " * 1000})
    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters" in response.text


def test_markup_in_the_query_is_escaped(client):
    response = client.get("/en/practices/", {"q": '<script>alert("x")</script>'})
    assert response.status_code == 200
    assert "<script>alert" not in response.text


def test_bad_input_messages_are_in_the_visitors_language(client):
    response = client.get("/fr/projects/", {"gcm": "abc"})
    assert response.status_code == 400
    assert "abc\xa0» n’est pas une valeur correcte." in response.text


def test_missing_slug_is_a_404_page(client):
    assert client.get("/en/practices/no-such-practice/").status_code == 404
    assert client.get("/en/projects/no-such-project/").status_code == 404


@pytest.mark.parametrize("name", ["gcm", "organisation", "principle", "sdg", "gcr"])
@pytest.mark.parametrize("value", ["9223372036854775808", "-9223372036854775809", "40000"])
def test_numbers_no_column_can_hold_are_invalid_choices(client, name, value):
    response = client.get("/en/projects/", {name: value})
    assert response.status_code == 400
    assert "is not one of the available choices" in response.text


@pytest.mark.parametrize("query", ["year_from=2000&year_from=2010", "q=a&q=b", "sort=title&sort=newest"])
def test_a_parameter_that_takes_one_value_is_refused_when_given_twice(client, query):
    response = client.get(f"/en/practices/?{query}")
    assert response.status_code == 400
    assert "Give this parameter once." in response.text
    assert response.context["page_obj"].paginator.count > 0


def test_several_values_of_a_filter_that_takes_several_widen_the_list(client):
    response = client.get("/en/practices/?country=MA&country=SN")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count >= 2


@pytest.mark.parametrize("value", ["null", "yes", "", "TRUE"])
def test_primary_objective_only_takes_true_or_false(client, value):
    response = client.get("/en/practices/", {"gcm": "16", "gcm_primary": value})
    assert response.status_code == 400
    assert "Choose true or false." in response.text


@pytest.mark.parametrize("value", ["true", "on"])
def test_primary_objective_only_takes_the_forms_values(client, value):
    response = client.get("/en/practices/", {"gcm": "16", "gcm_primary": value})
    assert response.status_code == 200
    assert [record.slug for record in response.context["page_obj"]] == ["amuddu"]


def test_a_search_too_long_is_refused_with_a_message(client):
    response = client.get("/en/search/", {"q": "migration " * 1000})
    assert response.status_code == 400
    assert response.context["too_long"]


def test_a_refused_filter_leaves_the_order_chosen_among_the_others(client):
    response = client.get("/en/practices/", {"sort": "title", "gcm_primary": "yes"})
    assert response.status_code == 400
    titles = [record.title.text for record in response.context["page_obj"]]
    assert titles == sorted(titles, key=str.lower)
    assert response.context["filter"].order() == "title"
