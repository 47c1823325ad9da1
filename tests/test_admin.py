"""Staff enter practices and projects through the admin."""

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from practices.admin import PracticeIdentifierInline, PracticePersonInline
from practices.models import Practice
from projects.models import Project
from records import workflow
from records.models import OrganisationRole, Provenance, Scope
from records.workflow import CONTRIBUTORS, REVIEWERS
from tests.admin_forms import (
    INLINES,
    PRACTICE_DEFAULTS,
    PROJECT_INLINES,
    change_url,
    management_form,
    no_inlines,
    rows,
)

pytestmark = pytest.mark.django_db


def test_add_form_saves_a_practice_with_organisations_in_two_roles(admin_client):
    data = {
        "title_fr": "Guichet d'information pour les migrants",
        "slug": "guichet-information",
        "language": "fr",
        "status": "draft",
        "summary_fr": "Un guichet hebdomadaire dans chaque municipalité.",
        "source_document": "formulaire de soumission",
        **PRACTICE_DEFAULTS,
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
        **PRACTICE_DEFAULTS,
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
        **PRACTICE_DEFAULTS,
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


# The record form holds every fact of a real document, the facts needed to submit come first.


def test_a_contributor_adds_a_project_with_its_facts_people_and_identifiers(make_staff):
    contributor = make_staff(CONTRIBUTORS)
    data = {
        "title_es": "Casa del migrante",
        "slug": "casa-del-migrante",
        "language": "es",
        "start_year": "2016",
        "ongoing": "on",
        "period_as_written": "2016 – Presente",
        "locality_es": "Área metropolitana de Quito",
        "scope": Scope.LOCAL,
        "region_as_written": "Región andina",
        "budget_amount": "280000.00",
        "budget_currency": "USD",
        "budget_as_written": "Budget Amount (USD) 280000.00",
        "implementer_share": "120000",
        "stated_status": "Active",
        "project_type": "Direct assistance",
        "funding_programme": "IOM Development Fund",
        "image_caption_es": "La casa",
        "image_credit": "© OIM 2021",
        "source_citation": "OIM Ecuador, 2021",
        **{key: value for prefix in PROJECT_INLINES for key, value in management_form(prefix, 0).items()},
        **rows("identifiers", {"scheme": "IOM Prima ID", "value": "EC10P0501"}, {"scheme": "CRIS", "value": "123"}),
        **rows(
            "people",
            {"name": "Ana Pérez", "job_title": "Coordinadora", "role": "contact", "position": "0"},
            {"name": "Luis Gómez", "organisation": "OIM Ecuador", "role": "submitter", "position": "1"},
        ),
    }
    response = contributor.post(reverse("admin:projects_project_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project = Project.objects.get(slug="casa-del-migrante")
    assert (project.ongoing, project.locality_es, project.budget_currency, project.source_document) == (
        True,
        "Área metropolitana de Quito",
        "USD",
        "",
    )
    assert [str(identifier) for identifier in project.identifiers.all()] == ["IOM Prima ID: EC10P0501", "CRIS: 123"]
    assert [(person.name, person.role) for person in project.people.all()] == [
        ("Ana Pérez", "contact"),
        ("Luis Gómez", "submitter"),
    ]


def test_a_practice_keeps_its_type_its_provenance_and_the_sources_category(admin_client):
    data = {
        "title_en": "Legal aid desks",
        "slug": "legal-aid-desks",
        "language": "en",
        "practice_type": Practice.Type.SERVICE,
        "practice_type_provenance": Provenance.ASSIGNED,
        "source_category": "Legal Aid",
        **no_inlines(),
    }
    assert admin_client.post(reverse("admin:practices_practice_add"), data).status_code == 302
    practice = Practice.objects.get(slug="legal-aid-desks")
    assert (practice.type_assigned, practice.source_category) == (True, "Legal Aid")


NEW_FIELDS = [
    "ongoing",
    "period_as_written",
    "locality",
    "scope",
    "region_as_written",
    "image_alt",
    "image_caption",
    "image_credit",
    "source_citation",
    "source_url",
    "source_document",
    "editors_note",
]
PROJECT_FACTS = [
    "budget_amount",
    "budget_currency",
    "budget_as_written",
    "implementer_share",
    "stated_status",
    "project_type",
    "funding_programme",
]


def fields_shown(model, user):
    request = RequestFactory().get("/")
    request.user = user
    names = set()
    for _name, options in admin.site.get_model_admin(model).get_fieldsets(request):
        for row in options["fields"]:
            names.update(re.sub(r"_(en|fr|es)$", "", field) for field in (row if isinstance(row, tuple) else [row]))
    return names


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Practice, [*NEW_FIELDS, "practice_type", "practice_type_provenance", "source_category"]),
        (Project, [*NEW_FIELDS, *PROJECT_FACTS]),
    ],
    ids=["practice", "project"],
)
def test_the_record_form_shows_every_fact_of_a_real_document(admin_user, model, fields):
    assert set(fields) <= fields_shown(model, admin_user)


@pytest.mark.parametrize("url", ["admin:practices_practice_add", "admin:projects_project_add"])
def test_the_links_needed_to_submit_come_right_after_the_first_fieldset(admin_client, url):
    page = admin_client.get(reverse(url)).text
    slug, objectives, countries = (
        page.index(marker) for marker in ('id="id_slug"', "objective_links-group", "country_links-group")
    )
    assert slug < objectives < page.index(">Dates<")
    assert slug < countries < page.index(">Dates<")
    assert page.index(">Related records<") < page.index("organisation_roles-group")


def test_the_internal_file_is_not_asked_for_and_the_editors_note_says_it_is_shown(admin_client):
    form = admin_client.get(reverse("admin:practices_practice_add")).context["adminform"].form
    assert not form.fields["source_document"].required
    assert "never shown in public" in form.fields["source_document"].help_text
    assert "Shown on the public page as a note" in form.fields["editors_note_en"].help_text


def test_the_language_tabs_script_is_told_only_on_an_add_form_that_the_record_is_new(admin_client, make_practice):
    adding = admin_client.get(reverse("admin:practices_practice_add")).text
    changing = admin_client.get(change_url(make_practice())).text
    assert "js/record-admin.js" in adding
    assert 'id="record-language-tabs" hidden data-adding' in adding
    assert 'id="record-language-tabs" hidden\n' in changing


@pytest.mark.parametrize("inline", [PracticePersonInline, PracticeIdentifierInline], ids=["people", "identifiers"])
def test_people_and_identifiers_are_changed_only_by_whoever_may_edit_the_record(make_staff, make_practice, inline):
    contributor = make_staff(CONTRIBUTORS)
    request = RequestFactory().post("/")
    request.user = contributor.user
    inline = inline(Practice, admin.site)
    own, other = make_practice(status="draft", created_by=contributor.user), make_practice(status="draft")
    assert (inline.has_add_permission(request, own), inline.has_change_permission(request, own)) == (True, True)
    assert (inline.has_add_permission(request, other), inline.has_change_permission(request, other)) == (False, False)
