"""The coverage page: objectives by place, records by year, the organisations named most, in CSV too."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_coverage_page_answers_in_every_language(client, make_practice, make_project):
    make_practice(countries=["SN"], objectives=[3], start_year=2019)
    make_project(countries=["FR"], objectives=[3], start_year=2021)
    for language in ("en", "fr", "es"):
        response = client.get(f"/{language}/coverage/")
        assert response.status_code == 200
