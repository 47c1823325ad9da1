"""Staff enter practices and projects through the admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from practices.models import Practice
from records import workflow
from records.models import OrganisationRole, Provenance
from records.workflow import REVIEWERS
from tests.admin_forms import INLINES, change_url, management_form

pytestmark = pytest.mark.django_db


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


# Two staff, one record: a form opened before someone else's save or step is refused, nothing is written.


def opened_form(client, practice, **fields):
    """What `client` posts from the change form of `practice` opened now, with `fields` changed."""
    form = client.get(change_url(practice)).context["adminform"].form
    return {
        **{field.html_name: field.value() for field in form.hidden_fields()},
        "title_en": practice.title_en,
        "slug": practice.slug,
        "language": practice.language,
        "source_document": practice.source_document,
        **{key: value for prefix in INLINES for key, value in management_form(prefix, 0).items()},
        **fields,
    }


def refusal(response):
    assert response.status_code == 200
    return " ".join(response.context["adminform"].form.non_field_errors())


@pytest.fixture
def reviewers(make_staff):
    return make_staff(REVIEWERS, first_name="Aïcha", last_name="Diallo"), make_staff(REVIEWERS)


def test_a_form_opened_before_someone_elses_save_is_refused_saying_who_and_what(reviewers, make_practice):
    first, second = reviewers
    practice = make_practice(status="in_review")
    late = opened_form(second, practice, summary_en="Second reviewer's summary")
    assert first.post(change_url(practice), opened_form(first, practice, title_en="First title")).status_code == 302
    message = refusal(second.post(change_url(practice), late))
    assert "Aïcha Diallo changed this record on" in message
    assert "Changed since then: title [en]." in message


def test_a_refused_save_writes_nothing_not_even_its_links(reviewers, make_practice):
    first, second = reviewers
    practice = make_practice(status="in_review")
    late = opened_form(second, practice, summary_en="Lost", **management_form("country_links", 1))
    late.update({"country_links-0-country": "TN", "country_links-0-provenance": Provenance.STATED})
    first.post(change_url(practice), opened_form(first, practice, title_en="First title"))
    refusal(second.post(change_url(practice), late))
    practice.refresh_from_db()
    assert (practice.title_en, practice.summary_en) == ("First title", "")
    assert not practice.country_links.exists()


def test_a_form_opened_before_a_workflow_step_is_refused_naming_the_status(reviewers, make_practice):
    first, second = reviewers
    practice = make_practice(status="in_review", countries=["SN"], objectives=[15], title_en="Test record title")
    late = opened_form(second, practice, title_en="Late title")
    workflow.apply(practice, "publish", first.user)
    message = refusal(second.post(change_url(practice), late))
    assert message.startswith("Aïcha Diallo changed this record")
    assert "Changed since then: status, published." in message
    practice.refresh_from_db()
    assert (practice.status, practice.title_en) == ("published", "Test record title")


def test_a_form_without_the_time_it_was_opened_is_refused(reviewers, make_practice):
    practice = make_practice(status="in_review")
    data = opened_form(reviewers[0], practice, title_en="Unstamped", updated_at_when_opened="")
    assert "does not say when it was opened" in refusal(reviewers[0].post(change_url(practice), data))


@pytest.mark.parametrize("stamp", ["2024-13-45T00:00:00", "2024-01-01T00:00:00", "not a date"])
def test_a_forged_or_broken_stamp_is_refused_with_a_message_not_an_error(reviewers, make_practice, stamp):
    practice = make_practice(status="in_review")
    data = opened_form(reviewers[0], practice, title_en="Forged", updated_at_when_opened=stamp)
    assert "does not say when it was opened" in refusal(reviewers[0].post(change_url(practice), data))
    practice.refresh_from_db()
    assert practice.title_en != "Forged"


def test_the_refusal_is_given_in_the_staff_members_language(reviewers, make_practice):
    first, second = reviewers
    practice = make_practice(status="in_review")
    late = opened_form(second, practice)
    first.post(change_url(practice), opened_form(first, practice, title_en="Premier titre"))
    response = second.post(change_url(practice), late, headers={"accept-language": "fr"})
    assert "après que vous avez ouvert ce formulaire" in refusal(response)


def test_an_edit_leaves_the_status_and_its_dates_as_the_workflow_left_them(rf, admin_user, make_practice):
    practice = make_practice(status="in_review", countries=["SN"], objectives=[15])
    read_before_publication = Practice.objects.get(pk=practice.pk)
    workflow.apply(practice, "publish", admin_user)
    read_before_publication.title_en = "Edited over the publication"
    request = rf.post("/")
    request.user = admin_user
    admin.site._registry[Practice].save_model(request, read_before_publication, form=None, change=True)
    saved = Practice.objects.get(pk=practice.pk)
    assert (saved.title_en, saved.status) == ("Edited over the publication", "published")
    assert saved.published_at == practice.published_at
