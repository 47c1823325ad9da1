"""Public pages are served from the cache until catalogue data changes."""

import pytest

from projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_a_second_visit_costs_no_query(client, django_assert_num_queries):
    client.get("/en/projects/")
    with django_assert_num_queries(0):
        assert client.get("/en/projects/").status_code == 200


def test_saving_a_record_refreshes_the_pages(client):
    client.get("/en/projects/")
    project = Project.objects.get(slug="gene-sis")
    project.title_en = "Gene-Sis: new opportunities for returning migrants"
    project.save()
    assert "new opportunities for returning migrants" in client.get("/en/projects/").text


def test_a_link_change_refreshes_the_pages(client):
    client.get("/en/projects/", {"country": "FR"})
    Project.objects.get(slug="gene-sis").country_links.create(country_id="FR")
    assert "Gene-Sis" in client.get("/en/projects/", {"country": "FR"}).text


def test_staff_always_get_a_fresh_page(admin_client, django_assert_max_num_queries):
    admin_client.get("/en/projects/")
    with django_assert_max_num_queries(100) as queries:
        admin_client.get("/en/projects/")
    assert len(queries) > 0


def test_each_language_and_filter_is_its_own_page(client):
    client.get("/en/projects/")
    assert "Projets" in client.get("/fr/projects/").text
    assert "I-MIGR" not in client.get("/en/projects/", {"country": "SV"}).text


def test_api_answers_from_the_cache_in_each_language(client, django_assert_num_queries):
    client.get("/api/v1/projects/", headers={"accept-language": "fr"})
    with django_assert_num_queries(0):
        french = client.get("/api/v1/projects/", headers={"accept-language": "fr"}).json()
    spanish = client.get("/api/v1/projects/?lang=es").json()
    assert french != spanish


def test_cached_pages_go_out_gzipped_to_browsers_that_accept_it(client):
    import gzip

    plain = client.get("/en/practices/").content
    response = client.get("/en/practices/", headers={"accept-encoding": "gzip, deflate, br"})
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain
    assert "Accept-Encoding" in response["Vary"]
