"""Staff enter practices and projects through the admin."""

import pytest
from django.urls import reverse

from practices.models import Practice
from records.models import OrganisationRole, Provenance

pytestmark = pytest.mark.django_db

INLINES = [
    "objective_links",
    "country_links",
    "organisation_roles",
    "beneficiary_links",
    "principle_links",
    "gcr_links",
    "sdg_links",
    "review_comments",
    "status_changes",
]


def management_form(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_add_form_saves_a_practice_with_organisations_in_two_roles(admin_client):
    data = {
        "title_fr": "Guichet d'information pour les migrants",
        "slug": "guichet-information",
        "language": "fr",
        "status": "draft",
        "summary_fr": "Un guichet hebdomadaire dans chaque municipalité.",
        "source_document": "formulaire de soumission",
        **{key: value for prefix in INLINES for key, value in management_form(prefix, 0).items()},
        **management_form("organisation_roles", 2),
        "organisation_roles-0-organisation": "203",
        "organisation_roles-0-role": OrganisationRole.Role.LEAD,
        "organisation_roles-0-provenance": Provenance.STATED,
        "organisation_roles-0-position": "1",
        "organisation_roles-1-organisation": "201",
        "organisation_roles-1-role": OrganisationRole.Role.DONOR,
        "organisation_roles-1-provenance": Provenance.STATED,
        "organisation_roles-1-position": "2",
        **management_form("country_links", 1),
        "country_links-0-country": "TN",
        "country_links-0-provenance": Provenance.ASSIGNED,
    }
    response = admin_client.post(reverse("admin:practices_practice_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    practice = Practice.objects.get(slug="guichet-information")
    assert {(link.organisation_id, link.role) for link in practice.organisation_roles.all()} == {
        (203, "lead"),
        (201, "donor"),
    }
    assert practice.country_links.get().provenance == Provenance.ASSIGNED


def test_add_form_asks_for_the_title_in_the_original_language(admin_client):
    data = {
        "title_en": "Only in English",
        "slug": "only-english",
        "language": "fr",
        "status": "draft",
        "source_document": "x",
        **{key: value for prefix in INLINES for key, value in management_form(prefix, 0).items()},
    }
    response = admin_client.post(reverse("admin:practices_practice_add"), data)
    assert response.status_code == 200
    assert "Give the title in the original language of the record." in response.text


def test_add_form_refuses_an_end_before_the_start(admin_client):
    data = {
        "title_en": "Backwards",
        "slug": "backwards",
        "language": "en",
        "status": "draft",
        "start_year": "2022",
        "end_year": "2020",
        "source_document": "x",
        **{key: value for prefix in INLINES for key, value in management_form(prefix, 0).items()},
        **management_form("results", 0),
    }
    response = admin_client.post(reverse("admin:projects_project_add"), data)
    assert response.status_code == 200
    assert "The end cannot come before the start." in response.text


@pytest.mark.parametrize(
    "name",
    [
        "practices_practice",
        "projects_project",
        "taxonomy_country",
        "taxonomy_region",
        "taxonomy_gcmobjective",
        "taxonomy_gcrobjective",
        "taxonomy_beneficiary",
        "taxonomy_organisation",
        "taxonomy_guidingprinciple",
        "taxonomy_sdg",
    ],
)
def test_every_admin_list_and_add_page_opens(admin_client, name):
    assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_change_pages_of_seeded_records_open_with_translation_tabs(admin_client):
    response = admin_client.get(reverse("admin:projects_project_change", args=[2]))
    assert response.status_code == 200
    assert "vendor/jquery-ui/jquery-ui.min.js" in response.text
    assert "tabbed_translation_fields.js" in response.text


def test_country_autocomplete_finds_names_in_french(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Sénégal", "app_label": "practices", "model_name": "practicecountry", "field_name": "country"},
    )
    assert [result["id"] for result in response.json()["results"]] == ["SN"]
