"""Public pages are served from the cache until catalogue data changes."""

import threading
import time

import pytest
from django.conf import settings

from projects.models import Project
from taxonomy import cache as page_cache
from taxonomy.checks import page_cache_is_shared

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


def test_a_page_from_the_cache_carries_the_same_headers_as_a_fresh_one(client):
    fresh = client.get("/fr/practices/")
    cached = client.get("/fr/practices/")
    assert cached.content == fresh.content
    for header in ("Content-Language", "Content-Security-Policy", "X-Frame-Options", "Vary", "Content-Type"):
        assert cached[header] == fresh[header]


def test_a_page_staff_preview_is_never_kept_for_visitors(admin_client, client):
    from practices.models import Practice

    practice = Practice.objects.published().first()
    practice.status = "draft"
    practice.save()
    assert admin_client.get(practice.get_absolute_url()).status_code == 200
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_only_pages_marked_public_are_kept(client, django_assert_max_num_queries):
    client.get("/en/organisations/autocomplete/", {"q": "Caritas"})
    with django_assert_max_num_queries(10) as queries:
        assert client.get("/en/organisations/autocomplete/", {"q": "Caritas"}).status_code == 200
    assert len(queries) > 0


def test_a_visitor_with_a_session_gets_a_fresh_page(client, django_assert_max_num_queries):
    client.get("/en/projects/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    with django_assert_max_num_queries(100) as queries:
        assert client.get("/en/projects/").status_code == 200
    assert len(queries) > 0


def test_work_on_a_draft_leaves_the_cached_pages_alone(client, make_practice, django_assert_num_queries):
    draft = make_practice(countries=["SN"], objectives=[1], status="draft")
    client.get("/en/practices/")
    draft.title_en = "Still a draft"
    draft.save()
    draft.country_links.create(country_id="FR")
    draft.review_comments.create(text="Needs a source.")
    with django_assert_num_queries(0):
        assert client.get("/en/practices/").status_code == 200


def test_withdrawing_a_record_takes_it_off_the_cached_pages(client):
    from practices.models import Practice
    from taxonomy.models import Status

    practice = Practice.objects.published().order_by("-created_at").first()
    assert practice.get_absolute_url() in client.get("/en/practices/").text
    assert client.get(practice.get_absolute_url()).status_code == 200
    practice.status = Status.ARCHIVED
    practice.save(update_fields=["status"])
    assert practice.get_absolute_url() not in client.get("/en/practices/").text
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_a_value_being_computed_elsewhere_is_waited_for_not_computed_again():
    computed = []

    def slow_counts():
        time.sleep(0.3)
        computed.append("first")
        return {"SN": 3}

    first = threading.Thread(target=page_cache.cached, args=("test:counts", slow_counts))
    first.start()
    time.sleep(0.05)
    assert page_cache.cached("test:counts", lambda: computed.append("again") or {}) == {"SN": 3}
    first.join()
    assert computed == ["first"]


def test_an_address_whose_page_is_not_kept_is_not_waited_for(client, rf, monkeypatch):
    client.get("/healthz/live")
    key = page_cache.PageCacheMiddleware.key(rf.get("/healthz/live"))
    page_cache.cache.add(f"{key}:claim", page_cache.version())  # as if another worker were rendering it
    monkeypatch.setattr(page_cache.time, "sleep", lambda seconds: pytest.fail("waited for another worker"))
    assert client.get("/healthz/live").status_code == 200


def test_deploy_checks_warn_of_a_page_cache_that_each_process_keeps_to_itself(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [warning.id for warning in page_cache_is_shared(None)] == ["catalogue.W001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert page_cache_is_shared(None) == []


def test_the_stamp_moves_again_once_a_change_is_committed(django_capture_on_commit_callbacks):
    project = Project.objects.get(slug="gene-sis")
    with django_capture_on_commit_callbacks() as callbacks:
        project.save()
    before = page_cache.version()
    for callback in callbacks:
        callback()
    assert page_cache.version() != before
