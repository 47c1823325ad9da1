"""Public pages are served from the cache until catalogue data changes."""

import time

import pytest
from django.conf import settings
from django.core.cache import cache

from pagecache import cache as page_cache
from pagecache.checks import page_cache_is_shared
from practices.models import Practice
from projects.models import Project
from records.facets import FacetCounting
from records.models import Status

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
    practice = Practice.objects.published().order_by("-created_at").first()
    assert practice.get_absolute_url() in client.get("/en/practices/").text
    assert client.get(practice.get_absolute_url()).status_code == 200
    practice.status = Status.ARCHIVED
    practice.save(update_fields=["status"])
    assert practice.get_absolute_url() not in client.get("/en/practices/").text
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_while_one_worker_refreshes_a_stale_value_the_others_get_the_previous_one_without_waiting():
    page_cache.cached("test:counts", lambda: {"SN": 1})
    page_cache.bump()
    assert page_cache.claim(f"{page_cache.PREFIX}:test:counts")  # as if another worker were refreshing it
    started = time.monotonic()
    assert page_cache.cached("test:counts", lambda: {"SN": 2}) == {"SN": 1}
    assert time.monotonic() - started < 1


def test_the_worker_that_claims_a_stale_value_refreshes_it():
    page_cache.cached("test:counts", lambda: {"SN": 1})
    page_cache.bump()
    assert page_cache.cached("test:counts", lambda: {"SN": 2}) == {"SN": 2}
    assert page_cache.cached("test:counts", lambda: {"SN": 3}) == {"SN": 2}


def test_after_a_withdrawal_nothing_kept_before_it_is_served_again():
    page_cache.cached("test:counts", lambda: {"SN": 1})
    page_cache.bump(page_cache.WITHDRAWAL)
    page_cache.claim(f"{page_cache.PREFIX}:test:counts")
    assert page_cache.cached("test:counts", lambda: {"SN": 0}) == {"SN": 0}


def test_a_stale_page_is_served_while_another_worker_renders_it(client, rf):
    practice = Practice.objects.published().order_by("-created_at").first()
    client.get("/en/practices/")
    practice.title_fr = "Un titre tout neuf"
    practice.save()
    page_cache.claim(page_cache.PageCacheMiddleware.key(rf.get("/en/practices/")))
    assert "Un titre tout neuf" not in client.get("/en/practices/").text
    page_cache.release(page_cache.PageCacheMiddleware.key(rf.get("/en/practices/")))
    assert "Un titre tout neuf" in client.get("/en/practices/").text


def test_a_withdrawn_record_is_never_served_from_a_stale_page(client, rf):
    practice = Practice.objects.published().order_by("-created_at").first()
    assert practice.get_absolute_url() in client.get("/en/practices/").text
    practice.status = Status.ARCHIVED
    practice.save(update_fields=["status"])
    page_cache.claim(page_cache.PageCacheMiddleware.key(rf.get("/en/practices/")))
    assert practice.get_absolute_url() not in client.get("/en/practices/").text


def test_losing_every_key_only_empties_the_cache(client, django_assert_max_num_queries):
    client.get("/en/practices/")
    cache.clear()
    with django_assert_max_num_queries(100) as queries:
        assert client.get("/en/practices/").status_code == 200
    assert len(queries) > 0
    practice = Practice.objects.published().first()
    practice.title_fr = "Après la perte des clés"
    practice.save()
    assert "Après la perte des clés" in client.get("/en/practices/").text


@pytest.mark.parametrize(
    ("address", "headers"),
    [
        ("/en/practices/", {"host": "evil.example"}),
        ("/en/practices/no-such-practice/", {}),
        ("/healthz/live", {}),
        ("/en/practices/?gcm=99", {}),
    ],
)
def test_only_the_answers_of_public_views_are_kept(client, rf, address, headers):
    before = set(cache._cache.keys())
    client.get(address, headers=headers)
    kept = {key for key in set(cache._cache.keys()) - before if ":page:" in key}
    assert not kept  # a bad filter value is a 400 page, which a cache keeps for nobody


def test_a_forged_host_does_not_turn_the_cache_off_for_an_address(client, django_assert_num_queries):
    assert client.get("/en/practices/", headers={"host": "evil.example"}).status_code == 400
    client.get("/en/practices/")
    with django_assert_num_queries(0):
        assert client.get("/en/practices/").status_code == 200


def test_deploy_checks_warn_of_a_page_cache_that_each_process_keeps_to_itself(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [warning.id for warning in page_cache_is_shared(None)] == ["pagecache.W001"]
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


def test_the_apps_it_watches_come_from_a_setting(settings, django_user_model):
    before = page_cache.version()
    django_user_model.objects.create(username="not-watched")
    assert page_cache.version() == before
    settings.PAGE_CACHE_WATCHED_APPS = []
    Project.objects.get(slug="gene-sis").save()
    assert page_cache.version() == before
    settings.PAGE_CACHE_WATCHED_APPS = ["projects"]
    Project.objects.get(slug="gene-sis").save()
    assert page_cache.version() != before


def test_a_bump_that_could_not_reach_the_cache_is_made_as_a_withdrawal_at_the_next_chance(monkeypatch):
    page_cache.cached("test:counts", lambda: {"SN": 1})
    monkeypatch.setattr(cache, "incr", lambda *args, **kwargs: None)  # as the fail-soft backend answers
    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: False)
    page_cache.bump(page_cache.WITHDRAWAL)
    monkeypatch.undo()
    page_cache.claim(f"{page_cache.PREFIX}:test:counts")
    assert page_cache.cached("test:counts", lambda: {"SN": 0}) == {"SN": 0}


def test_each_host_the_site_answers_to_has_pages_of_its_own(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "catalogue.example"]
    client.get("/en/practices/")
    assert "http://catalogue.example/" in client.get("/en/practices/", headers={"host": "catalogue.example"}).text


def test_a_forged_host_is_refused_even_when_the_page_is_kept(client):
    client.get("/en/practices/")
    assert client.get("/en/practices/", headers={"host": "evil.example"}).status_code == 400


def test_a_page_that_now_answers_otherwise_is_not_served_stale_again(client, rf):
    practice = Practice.objects.published().order_by("-created_at").first()
    key = page_cache.PageCacheMiddleware.key(rf.get(practice.get_absolute_url()))
    client.get(practice.get_absolute_url())
    Practice.objects.filter(pk=practice.pk).update(status=Status.DRAFT)  # no signal: as if missed
    page_cache.bump()
    assert client.get(practice.get_absolute_url()).status_code == 404
    assert cache.get(key) is None


def test_a_page_built_on_a_stale_shared_value_is_not_kept_as_fresh(client, rf):
    client.get("/en/practices/")
    page_cache.bump()
    for key in [key for key in cache._cache if ":facet:" in key]:
        page_cache.claim(key.split(":", 2)[2])  # as if other workers were counting every facet afresh
    client.get("/en/practices/")
    _stamp, fresh, _stale = page_cache.read(page_cache.PageCacheMiddleware.key(rf.get("/en/practices/")))
    assert fresh is None


def test_changing_a_link_of_a_published_record_is_a_withdrawal(make_practice):
    practice = make_practice(countries=["SN"], objectives=[1])
    link = practice.country_links.get()
    link.country_id = "FR"
    link.save()
    assert cache.get(page_cache.WITHDRAWN_KEY) == page_cache.version()


def test_adding_an_organisation_that_no_published_record_names_leaves_the_pages_alone():
    from taxonomy.models import Organisation

    before = page_cache.version()
    Organisation.objects.create(name_en="A partner of a draft")
    assert page_cache.version() == before


@pytest.fixture
def edits_show_within_a_minute(settings):
    settings.PAGE_STALE_SECONDS = 60


def later(monkeypatch, seconds):
    """Move the page cache's clock on."""
    now = time.time()
    monkeypatch.setattr(page_cache.time, "time", lambda: now + seconds)


def test_an_edit_shows_on_the_record_pages_at_once_and_on_the_lists_within_the_bound(
    client, monkeypatch, edits_show_within_a_minute
):
    practice = Practice.objects.published().order_by("-created_at").first()
    for language in ("en", "fr", "es"):
        client.get(f"/{language}/practices/{practice.slug}/")
    client.get("/en/practices/")
    practice.title_en = practice.title_fr = practice.title_es = "A title given a minute ago"
    practice.save()
    for language in ("en", "fr", "es"):
        assert "A title given a minute ago" in client.get(f"/{language}/practices/{practice.slug}/").text
    assert "A title given a minute ago" not in client.get("/en/practices/").text
    later(monkeypatch, 59)
    assert "A title given a minute ago" not in client.get("/en/practices/").text
    later(monkeypatch, 61)
    assert "A title given a minute ago" in client.get("/en/practices/").text


def test_a_withdrawal_leaves_every_page_at_once_within_the_bound(client, edits_show_within_a_minute):
    practice = Practice.objects.published().order_by("-created_at").first()
    client.get("/en/practices/")
    client.get("/en/")
    practice.status = Status.ARCHIVED
    practice.save(update_fields=["status"])
    assert practice.get_absolute_url() not in client.get("/en/practices/").text
    assert practice.get_absolute_url() not in client.get("/en/").text


def test_edits_in_a_row_do_not_keep_a_page_from_showing_them_past_the_bound(
    client, monkeypatch, edits_show_within_a_minute
):
    practice = Practice.objects.published().order_by("-created_at").first()
    client.get("/en/practices/")
    for seconds in (20, 40, 61):
        practice.title_en = f"Edited after {seconds} s"
        practice.save()
        later(monkeypatch, seconds)
        client.get("/en/practices/")
    assert "Edited after 61 s" in client.get("/en/practices/").text


def test_a_page_built_on_an_earlier_shared_value_is_kept_as_old_as_that_value(
    client, rf, monkeypatch, edits_show_within_a_minute
):
    client.get("/en/practices/?country=SN")  # keeps the shared facet counts
    Practice.objects.published().first().save()
    later(monkeypatch, 30)
    client.get("/en/practices/?country=SN&gcm=1")  # a new page, from counts kept 30 s before
    later(monkeypatch, 61)
    key = page_cache.PageCacheMiddleware.key(rf.get("/en/practices/?country=SN&gcm=1"))
    _stamp, fresh, stale = page_cache.read(key)
    assert fresh is None
    assert stale is not None


def test_a_record_given_a_new_slug_is_not_served_at_its_old_address(client, edits_show_within_a_minute):
    practice = Practice.objects.published().order_by("-created_at").first()
    old_address = practice.get_absolute_url()
    assert client.get(old_address).status_code == 200
    practice.slug = f"{practice.slug}-renamed"
    practice.save()
    assert client.get(old_address).status_code == 404
    assert client.get(practice.get_absolute_url()).status_code == 200


def test_a_record_page_in_another_language_reads_the_record_the_first_kept(client, django_assert_max_num_queries):
    practice = Practice.objects.published().order_by("-created_at").first()
    with django_assert_max_num_queries(100) as first:
        client.get(f"/en/practices/{practice.slug}/")
    with django_assert_max_num_queries(100) as second:
        french = client.get(f"/fr/practices/{practice.slug}/")
    assert french.status_code == 200
    assert practice.title_fr in french.text
    assert len(first) > 15
    assert len(second) == 0


def test_a_record_kept_for_its_pages_leaves_them_at_once_when_withdrawn(client, edits_show_within_a_minute):
    practice = Practice.objects.published().order_by("-created_at").first()
    client.get(f"/en/practices/{practice.slug}/")
    practice.status = Status.ARCHIVED
    practice.save(update_fields=["status"])
    assert client.get(f"/fr/practices/{practice.slug}/").status_code == 404


def test_a_renamed_organisation_shows_on_a_record_page_within_the_bound(
    client, monkeypatch, edits_show_within_a_minute
):
    practice = next(record for record in Practice.objects.published() if record.organisation_roles.exists())
    organisation = practice.organisation_roles.first().organisation
    client.get(f"/en/practices/{practice.slug}/")
    organisation.name_en = organisation.name_fr = "A name given a minute ago"
    organisation.save()
    assert "A name given a minute ago" not in client.get(f"/fr/practices/{practice.slug}/").text
    later(monkeypatch, 61)
    assert "A name given a minute ago" in client.get(f"/fr/practices/{practice.slug}/").text


def test_a_staff_preview_of_a_draft_is_kept_for_nobody(client, admin_client):
    practice = Practice.objects.published().order_by("-created_at").first()
    practice.status = Status.DRAFT
    practice.save(update_fields=["status"])
    assert admin_client.get(f"/en/practices/{practice.slug}/").status_code == 200
    assert cache.get(f"{page_cache.PREFIX}:record:practices.practice:{practice.slug}") is None
    assert client.get(f"/fr/practices/{practice.slug}/").status_code == 404


def test_a_list_in_another_language_reads_the_records_the_first_kept(client, django_assert_max_num_queries):
    client.get("/en/practices/")
    with django_assert_max_num_queries(100) as queries:
        french = client.get("/fr/practices/")
    assert [record.slug for record in french.context["page_obj"]]
    assert not [query for query in queries if "practices_practicecountry" in query["sql"]]


def test_a_list_sorted_by_title_keeps_its_records_in_each_language_apart(client, make_practice):
    first = make_practice(countries=["IS"], title_en="Apple orchards", title_fr="Zèbres et vergers")
    second = make_practice(countries=["IS"], title_en="Zebra crossings", title_fr="Abricots et passages")
    orders = {}
    for language in ("en", "fr"):
        response = client.get(f"/{language}/practices/", {"country": "IS", "sort": "title"})
        orders[language] = [record.pk for record in response.context["page_obj"]]
    assert orders == {"en": [first.pk, second.pk], "fr": [second.pk, first.pk]}


@pytest.fixture
def round_trips(monkeypatch):
    """The keys of each round trip to the cache from now on: {"read": [keys], "write": [keys]}. A set_many()
    counts once, though the cache in memory makes it a set() a key."""
    trips = {"read": [], "write": []}
    get_many, set_one, set_many = cache.get_many, cache.set, cache.set_many
    in_many = []

    def read(keys, *args, **kwargs):
        trips["read"].append(list(keys))
        return get_many(keys, *args, **kwargs)

    def write_one(key, *args, **kwargs):
        if not in_many:
            trips["write"].append([key])
        return set_one(key, *args, **kwargs)

    def write_many(data, *args, **kwargs):
        trips["write"].append(list(data))
        in_many.append(True)
        try:
            return set_many(data, *args, **kwargs)
        finally:
            in_many.pop()

    monkeypatch.setattr(cache, "get_many", read)
    monkeypatch.setattr(cache, "set", write_one)
    monkeypatch.setattr(cache, "set_many", write_many)
    return trips


def facet_keys(trips):
    """The facet counts' keys of each round trip that has any."""
    return [keys for keys in ([key for key in trip if ":facet:" in key] for trip in trips) if keys]


def test_a_list_reads_its_kept_facet_counts_in_one_round_trip(client, round_trips):
    client.get("/en/practices/", {"country": "SN"})  # the counts kept, shared by every language
    round_trips["read"].clear()
    response = client.get("/fr/practices/", {"country": "SN"})
    facet_reads = facet_keys(round_trips["read"])
    assert len(facet_reads) == 1
    assert len(facet_reads[0]) == len(response.context["facets"])
    # And what it read is what the first page counted.
    country = next(facet for facet in response.context["facets"] if facet.name == "country")
    senegal = next(option for option in country.options if option.value == "SN")
    assert senegal.count == Practice.objects.published().filter(countries="SN").count()


def test_a_list_keeps_the_facet_counts_it_computed_in_one_round_trip_for_every_language(
    client, monkeypatch, round_trips
):
    first = client.get("/en/practices/", {"country": "SN", "gcm": "3"})
    facet_writes = facet_keys(round_trips["write"])
    assert len(facet_writes) == 1
    assert len(facet_writes[0]) == len(first.context["facets"])
    # Another language reads them, and counts nothing again.
    monkeypatch.setattr(FacetCounting, "count_facet", lambda *args: pytest.fail("counted again"))
    other = client.get("/es/practices/", {"country": "SN", "gcm": "3"})

    def counts(response):
        return {
            facet.name: {option.value: option.count for option in facet.options} for facet in response.context["facets"]
        }

    assert counts(other) == counts(first)
    assert counts(first)["country"]["SN"] == first.context["page_obj"].paginator.count


def test_a_read_ahead_block_reads_its_keys_once_and_keeps_what_it_computed_at_its_end(round_trips):
    page_cache.cached("test:kept", lambda: 1)
    round_trips["read"].clear()
    round_trips["write"].clear()

    def never():
        pytest.fail("computed again")

    with page_cache.read_ahead(["test:kept", "test:new"]):
        assert page_cache.cached("test:kept", never) == 1
        assert page_cache.cached("test:new", lambda: 2) == 2
        assert page_cache.cached("test:new", never) == 2  # read back from what the block wrote
        assert cache.get(f"{page_cache.PREFIX}:test:new") is None  # kept only at the end
    assert len(round_trips["read"]) == 1
    assert round_trips["write"] == [[f"{page_cache.PREFIX}:test:new"]]
    assert page_cache.cached("test:new", never) == 2


def test_a_stale_value_refreshed_in_a_read_ahead_block_stays_claimed_until_the_fresh_one_is_kept():
    key = f"{page_cache.PREFIX}:test:counts"
    page_cache.cached("test:counts", lambda: {"SN": 1})
    page_cache.bump()
    with page_cache.read_ahead(["test:counts"]):
        assert page_cache.cached("test:counts", lambda: {"SN": 2}) == {"SN": 2}
        assert not page_cache.claim(key)  # another worker still serves the previous value meanwhile
    assert cache.get(key)[2] == {"SN": 2}
    assert page_cache.claim(key)  # released once kept
