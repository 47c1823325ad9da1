"""Random and hostile input on every public address: a 200 with a message, a 400 or a 404, never a 500.

Property-based (hypothesis): NUL bytes, lone surrogates, huge and negative numbers, 100 KB strings,
repeated parameters, SQL and template syntax, invalid slugs and language codes.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/",
    "/fr/practices/",
    "/es/projects/",
    "/en/search/",
    "/fr/coverage/",
    "/en/coverage/gcm.csv",
    "/en/practices/amuddu/",
    "/es/practices/amuddu/summary.pdf",
    "/en/projects/export.pdf",
    "/en/objectives/16/",
    "/en/organisations/autocomplete/",
    "/en/practices/export.csv",
    "/en/projects/feed.rss",
    "/api/v1/practices/",
    "/api/v1/projects/",
    "/api/v1/countries/",
]
PARAMETERS = [
    "q",
    "by",
    "kind",
    "country",
    "region",
    "subregion",
    "gcm",
    "gcm_primary",
    "principle",
    "gcr",
    "sdg",
    "beneficiary",
    "organisation",
    "language",
    "type",
    "status",
    "year_from",
    "year_to",
    "sort",
    "page",
    "lang",
    "cursor",
    "page_size",
    "format",
]
HOSTILE = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cs", "Cc", "Zs", "Lo"]), max_size=20),
    st.sampled_from(
        [
            "\x00",
            "SN\x00",
            "\ud800",
            "' OR 1=1 --",
            "1; DROP TABLE practices_practice",
            "{{ request }}",
            "{% debug %}",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "%00",
            "9" * 40,
            "-1",
            "1e308",
            "NaN",
            "x" * 100_000,
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
ALLOWED = {200, 301, 302, 400, 404}


def encode(value):
    """Percent-encode any text, lone surrogates included, as a browser or a scanner could send it."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def assert_handled(response):
    assert response.status_code in ALLOWED, response.status_code
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        assert "<script>alert(1)</script>" not in response.content.decode("utf-8", "replace")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    page=st.sampled_from(PAGES),
    parameters=st.lists(st.tuples(st.sampled_from(PARAMETERS), HOSTILE), max_size=4),
)
def test_any_query_string_is_handled(client, page, parameters):
    query = "&".join(f"{encode(name)}={encode(value)}" for name, value in parameters)
    assert_handled(client.get(f"{page}?{query}"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    language=st.one_of(st.sampled_from(["en", "fr", "es", "de", "EN", "", "zz-ZZ"]), st.text(max_size=8)),
    section=st.sampled_from(["practices", "projects", "objectives", "countries", "organisations", "api/v1/practices"]),
    slug=st.one_of(st.text(max_size=60), st.sampled_from(["\x00", "..", "%2e%2e", "99999999999999999999", "-1"])),
)
def test_any_address_is_handled(client, language, section, slug):
    assert_handled(client.get(f"/{encode(language)}/{section}/{encode(slug)}/"))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE, count=st.integers(min_value=2, max_value=50))
def test_repeated_parameters_are_handled(client, value, count):
    query = "&".join(f"country={encode(value)}&gcm={encode(value)}" for _ in range(count))
    assert_handled(client.get(f"/en/practices/?{query}"))


def test_nul_bytes_are_refused_before_any_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/en/practices/?country=SN%00")
    assert response.status_code == 400
