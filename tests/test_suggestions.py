"""A query that names a thing offers the thing; an empty list points to the other kind (issue 16, point 3)."""

import pytest

from practices.models import Practice, PracticeBeneficiary, PracticeOrganisation
from projects.models import Project
from records.models import Status
from taxonomy.models import Beneficiary, Organisation

pytestmark = pytest.mark.django_db

IOM = 101  # in the seeds: International Organization for Migration (OIM in French and Spanish)


def offered(response):
    return [(suggestion.label, suggestion.count, suggestion.address) for suggestion in response.context["suggestions"]]


@pytest.mark.parametrize("words", ["Sénégal", "senegal", "SENEGAL"])
def test_a_query_naming_a_country_offers_its_filter_with_the_exact_count(client, make_practice, words):
    make_practice(countries=["SN"])
    make_practice(countries=["SN"], status=Status.DRAFT)
    response = client.get("/en/practices/", {"q": words})
    count = Practice.objects.published().filter(countries="SN").count()
    assert offered(response) == [("Senegal", count, "/en/practices/?country=SN")]
    assert f'<a class="chip" href="/en/practices/?country=SN">Filter by Senegal: {count} practices</a>' in response.text


def test_the_offer_keeps_the_other_filters_and_counts_under_them(client, make_practice):
    make_practice(countries=["SN"])
    response = client.get("/en/practices/", {"q": "Senegal", "language": "fr", "page": "1"})
    count = Practice.objects.published().filter(countries="SN", language="fr").count()
    assert offered(response) == [("Senegal", count, "/en/practices/?language=fr&country=SN")]


def test_a_name_that_would_give_nothing_under_the_other_filters_is_not_offered(client):
    response = client.get("/en/practices/", {"q": "Senegal", "language": "es"})
    assert response.context["suggestions"] == []


def test_a_name_among_other_words_is_not_offered(client):
    response = client.get("/en/practices/", {"q": "migrants in Senegal"})
    assert response.context["suggestions"] == []


def test_an_acronym_in_another_language_offers_the_organisation(client):
    response = client.get("/en/practices/", {"q": "OIM"})
    (suggestion,) = response.context["suggestions"]
    assert suggestion.label == "International Organization for Migration (IOM)"
    assert (suggestion.count, suggestion.address) == (1, f"/en/practices/?organisation={IOM}")


def test_an_alias_offers_its_organisation(client, make_practice):
    harbour = Organisation.objects.create(name_en="Harbour Trust")
    harbour.aliases.create(name="Fundación Puerto", language="es")
    PracticeOrganisation.objects.create(record=make_practice(), organisation=harbour, role="lead")
    response = client.get("/en/practices/", {"q": "fundacion puerto"})
    assert offered(response) == [("Harbour Trust", 1, f"/en/practices/?organisation={harbour.pk}")]


def test_an_organisation_only_a_draft_names_is_never_offered(client, make_practice):
    secret = Organisation.objects.create(name_en="Quiet Harbour Trust", acronym_en="QHT")
    PracticeOrganisation.objects.create(record=make_practice(status=Status.DRAFT), organisation=secret, role="lead")
    for words in ("Quiet Harbour Trust", "qht"):
        response = client.get("/en/practices/", {"q": words})
        assert response.context["suggestions"] == []
        assert f"organisation={secret.pk}" not in response.text


def test_a_filter_already_applied_is_not_offered_again(client):
    response = client.get("/en/practices/", {"q": "Senegal", "country": "SN"})
    assert response.context["suggestions"] == []


def test_a_beneficiary_group_named_by_its_whole_label_is_offered_by_its_slug(client, make_practice):
    refugees = Beneficiary.objects.get(slug="refugees")
    PracticeBeneficiary.objects.create(record=make_practice(), beneficiary=refugees)
    response = client.get("/en/practices/", {"q": "Réfugiés"})
    count = Practice.objects.published().filter(beneficiaries=refugees).count()
    assert offered(response) == [("Refugees", count, "/en/practices/?beneficiary=refugees")]


def test_a_gcm_objective_named_by_its_whole_short_label_is_offered(client):
    response = client.get("/en/projects/", {"q": "retorno y reintegración dignos"})
    count = Project.objects.published().filter(gcm_objectives=21).count()
    assert offered(response) == [("21. Dignified return and reintegration", count, "/en/projects/?gcm=21")]


def test_the_search_page_offers_both_kinds(client, make_project):
    make_project(countries=["SN"])
    response = client.get("/en/search/", {"q": "senegal"})
    practices = Practice.objects.published().filter(countries="SN").count()
    assert offered(response) == [
        ("Senegal", practices, "/en/practices/?country=SN"),
        ("Senegal", 1, "/en/projects/?country=SN"),
    ]
    assert f'<a class="chip" href="/en/practices/?country=SN">Filter practices by Senegal: {practices}</a>' in (
        response.text
    )
    assert '<a class="chip" href="/en/projects/?country=SN">Filter projects by Senegal: 1</a>' in response.text


def test_an_empty_practice_list_names_the_projects_the_same_filters_give(client):
    response = client.get("/es/practices/", {"country": "SV", "gcm": "21"})
    assert response.context["page_obj"].paginator.count == 0
    count = Project.objects.published().filter(countries="SV", gcm_objectives=21).count()
    (other,) = response.context["elsewhere"]
    assert (other.kind, other.count, other.address) == ("project", count, "/es/projects/?country=SV&gcm=21")
    assert f'<a href="/es/projects/?country=SV&amp;gcm=21">{count} proyecto coincide con estos filtros</a>' in (
        response.text
    )


def test_an_empty_project_list_names_the_practices_and_leaves_out_what_practices_lack(client):
    response = client.get("/en/projects/", {"country": "SN", "status": "ongoing", "page": "2"})
    count = Practice.objects.published().filter(countries="SN").count()
    (other,) = response.context["elsewhere"]
    assert (other.kind, other.count, other.address) == ("practice", count, "/en/practices/?country=SN")


def test_a_list_with_results_points_nowhere_else(client):
    response = client.get("/en/practices/", {"country": "SV"})
    assert response.context["elsewhere"] == []


def test_a_french_page_offers_and_points_in_french(client):
    offer = client.get("/fr/practices/", {"q": "senegal"}).text
    count = Practice.objects.published().filter(countries="SN").count()
    assert f"Filtrer par Sénégal\u00a0: {count} pratique" in offer
    assert "Filtres suggérés" in offer
    empty = client.get("/fr/practices/", {"country": "SV", "gcm": "21"}).text
    assert "1 projet correspond à ces filtres</a>" in empty
    search = client.get("/fr/search/", {"q": "PNUD"}).text
    assert "Filtrer les pratiques par Programme des Nations Unies pour le Développement (PNUD)\u00a0: 1" in search


def test_an_acronym_offers_the_organisation_named_in_the_page_language(client):
    response = client.get("/fr/practices/", {"q": "undp"})
    assert "Filtrer par Programme des Nations Unies pour le Développement (PNUD)\u00a0: 1 pratique</a>" in response.text


def test_a_name_in_another_language_than_the_page_is_marked_with_it(client, make_practice):
    network = Organisation.objects.create(name_fr="Réseau des quartiers")
    PracticeOrganisation.objects.create(record=make_practice(), organisation=network, role="partner")
    response = client.get("/en/practices/", {"q": "reseau des quartiers"})
    assert 'Filter by <span lang="fr">Réseau des quartiers</span>: 1 practice</a>' in response.text


def test_the_names_each_process_holds_follow_a_renamed_organisation(client, monkeypatch, settings):
    from pagecache import cache as page_cache

    monkeypatch.setattr(page_cache, "shared", lambda: True)  # one process here: its cache is everyone's
    settings.PAGE_STALE_SECONDS = 60  # how long a value is held at most
    assert offered(client.get("/en/practices/", {"q": "IOM"}))
    Organisation.objects.filter(pk=IOM).update(acronym_en="IOMX")  # no signal: the stamp stays
    assert offered(client.get("/en/practices/", {"q": "IOM"}))  # held, not read again
    Organisation.objects.get(pk=IOM).save()  # a save moves the stamp on
    assert not offered(client.get("/en/practices/", {"q": "IOM"}))
    assert offered(client.get("/en/practices/", {"q": "IOMX"}))
