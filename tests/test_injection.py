"""Script injection in every text field and in the filters reaches no page unescaped."""

import pytest

from practices.models import Practice
from projects.models import Project
from taxonomy.models import Organisation

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>{{ 7|add:7 }}'
RAW = ["<script>alert", "<img src=x", "onerror=alert(1)>"]


def text_fields(model):
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.name[-3:] in ("_en", "_fr", "_es") and field.get_internal_type() in ("TextField", "CharField")
    ]


def assert_escaped(text):
    for raw in RAW:
        assert raw not in text


@pytest.fixture(params=[Practice, Project], ids=["practice", "project"])
def poisoned(request, make_practice, make_project):
    make = make_practice if request.param is Practice else make_project
    record = make(countries=["SN"], objectives=[15], **dict.fromkeys(text_fields(request.param), PAYLOAD))
    record.organisation_roles.create(organisation_id=201, role="donor", note_en=PAYLOAD)
    # Named on the record's card and in the organisations' facet, whose markup is built in Python.
    record.organisation_roles.create(organisation=Organisation.objects.create(name_en=PAYLOAD), role="lead")
    return record


def test_detail_page_escapes_every_field(client, poisoned):
    response = client.get(poisoned.get_absolute_url())
    assert response.status_code == 200
    assert_escaped(response.text)
    assert "&lt;script&gt;alert" in response.text
    assert "{{ 7|add:7 }}" in response.text  # shown as typed: text is never a template


def test_list_search_and_topic_pages_escape_it(client, poisoned):
    kind = poisoned._meta.app_label
    for path in [f"/en/{kind}/", f"/en/{kind}/?q=alert", "/en/search/?q=alert", "/en/countries/SN/", "/en/"]:
        assert_escaped(client.get(path).text)


def test_feeds_and_linked_data_escape_it(client, poisoned):
    kind = poisoned._meta.app_label
    assert_escaped(client.get(f"/en/{kind}/feed.rss").content.decode())
    assert_escaped(client.get(poisoned.get_absolute_url()).text.split('type="application/ld+json"', 1)[-1])


@pytest.mark.parametrize("name", ["q", "country", "gcm", "region", "beneficiary", "organisation", "sort", "year_from"])
def test_filters_echo_no_markup(client, name):
    response = client.get("/en/practices/", {name: PAYLOAD})
    assert response.status_code == (200 if name == "q" else 400)  # words may be anything; no filter offers these
    assert_escaped(response.text)


def test_language_and_slug_in_the_address_are_not_echoed(client):
    response = client.get("/en/practices/%3Cscript%3Ealert(1)%3C%2Fscript%3E/")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.content.decode()
