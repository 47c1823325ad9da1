"""A page for each reference entry, linked wherever its name appears, and related records."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "fact"),
    [
        ("/en/objectives/21/", "Gene-Sis"),
        ("/en/countries/SV/", "Central America"),
        ("/en/gcr-objectives/2/", "Amuddu"),
        ("/en/principles/6/", "No project in the catalogue yet."),
        ("/en/sdgs/1/", "No poverty"),
        ("/en/beneficiaries/refugees/", "Amuddu"),
        ("/en/organisations/201/", "I-MIGR"),
    ],
)
def test_every_kind_of_entry_has_a_page(client, path, fact):
    response = client.get(path)
    assert response.status_code == 200
    assert fact in response.text


def test_objective_page_counts_and_links_to_the_filtered_lists(client):
    text = client.get("/en/objectives/16/").text
    assert "2 practices" in text
    assert 'href="/en/practices/?gcm=16"' in text


def test_unknown_entries_are_404(client):
    assert client.get("/en/objectives/24/").status_code == 404
    assert client.get("/en/countries/ZZ/").status_code == 404
    assert client.get("/en/organisations/999999/").status_code == 404


def test_organisation_known_only_from_drafts_is_not_shown(client, make_practice):
    from taxonomy.models import Organisation

    hidden = Organisation.objects.create(name_en="Harbour Authority")
    make_practice(status="draft").organisation_roles.create(organisation=hidden, role="lead")
    assert client.get(f"/en/organisations/{hidden.pk}/").status_code == 404


def test_a_record_naming_an_organisation_in_two_roles_is_listed_and_counted_once(client, make_practice):
    from taxonomy.models import Organisation

    harbour = Organisation.objects.create(name_en="Harbour Authority")
    practice = make_practice(title_en="Harbour welcome desk")
    practice.organisation_roles.create(organisation=harbour, role="lead")
    practice.organisation_roles.create(organisation=harbour, role="donor")
    text = client.get(f"/en/organisations/{harbour.pk}/").text
    assert text.count("Harbour welcome desk") == 1
    assert "1 practice" in text
    assert "2 practices" not in text


def test_topic_pages_list_only_published_records(client, make_practice):
    make_practice(title_en="Hidden harbour scheme", objectives=[21], status="draft")
    assert "Hidden harbour scheme" not in client.get("/en/objectives/21/").text


def test_detail_pages_link_to_the_entry_pages(client):
    text = client.get("/en/projects/gene-sis/").text
    assert 'href="/en/countries/SV/"' in text
    assert 'href="/en/objectives/21/"' in text
    assert 'href="/en/organisations/201/"' in text
    assert 'href="/en/beneficiaries/returning-migrants/"' in text


def test_related_records_are_ranked_by_shared_classifications(client, make_practice):
    practice = make_practice(countries=["FR", "DE"], objectives=[5, 6])
    close = make_practice(countries=["FR", "DE"], objectives=[5])
    far = make_practice(countries=["FR"])
    make_practice(countries=["IT"], objectives=[9])
    related = client.get(practice.get_absolute_url()).context["related_practices"]
    assert [record.pk for record in related] == [close.pk, far.pk]


def test_pinned_related_records_come_first(client, make_practice):
    practice = make_practice(countries=["FR"])
    make_practice(countries=["FR"])
    pinned = make_practice(countries=["IT"])
    practice.pinned_related.add(pinned)
    assert client.get(practice.get_absolute_url()).context["related_practices"][0].pk == pinned.pk


def test_related_records_are_never_drafts(client, make_practice):
    practice = make_practice(countries=["FR"])
    draft = make_practice(countries=["FR"], status="draft")
    published = make_practice(countries=["FR"])
    practice.pinned_related.add(draft)
    related = client.get(practice.get_absolute_url()).context["related_practices"]
    assert [record.pk for record in related] == [published.pk]


def test_project_page_lists_related_practices(client):
    related = client.get("/en/projects/gene-sis/").context["related_practices"]
    # The practice that shares El Salvador first; the others, on migrants' livelihoods too, by a close subject.
    assert related[0].slug == "initiative-mondiale-financement-initial-oim-pnud-covid-19"
    assert {record.slug for record in related[1:]} == {
        "amuddu",
        "protection-migrants-covid-19-relance-activites-economiques",
    }
