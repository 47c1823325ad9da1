"""Every database constraint a staff form can break is a form error in words, never a 500: each test posts the
real admin form, gets the form back with the constraint's words in it, and finds nothing saved."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from practices.models import Practice
from projects.models import Project
from records.models import Provenance
from taxonomy.models import Organisation, OrganisationAlias
from tests.admin_forms import INLINES, PRACTICE_DEFAULTS, PROJECT_INLINES, management_form, rows

pytestmark = pytest.mark.django_db

SLUG = "constraint-check"


def new_record(model, **fields):
    """What the add form of `model` posts: a title, a slug, the language, no inline rows, and `fields`."""
    inlines = INLINES if model is Practice else PROJECT_INLINES
    data = {"title_en": "Constraint check", "slug": SLUG, "language": "en"}
    if model is Practice:
        data.update(PRACTICE_DEFAULTS)
    for prefix in inlines:
        data.update(management_form(prefix, 0))
    return {**data, **fields}


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def words(model, name):
    """The words of `model`'s constraint `name`."""
    return next(
        constraint for constraint in model._meta.constraints if constraint.name == name
    ).get_violation_error_message()


def link_rows(prefix, field, *values, **extra):
    return rows(prefix, *({field: value, "provenance": Provenance.STATED, **extra} for value in values))


# What each constraint's add form posts, by constraint name ("%s": practice or project).
RECORD_CASES = {
    "%s_start_month_valid": {"start_year": "2020", "start_month": "13"},
    "%s_end_month_valid": {"start_year": "2020", "end_year": "2021", "end_month": "0"},
    "%s_end_not_before_start": {"start_year": "2022", "end_year": "2020"},
    "%s_ongoing_has_no_end": {"start_year": "2019", "end_year": "2020", "ongoing": "on"},
}
PROJECT_CASES = {
    "project_latitude_range": {"latitude": "91", "longitude": "10"},
    "project_longitude_range": {"latitude": "10", "longitude": "-181"},
    "project_location_complete": {"latitude": "12.5"},
    "project_budget_has_currency": {"budget_amount": "280000"},
    "project_share_within_budget": {"budget_amount": "100", "budget_currency": "USD", "implementer_share": "200"},
}
# (link table, constraint, what its inline posts) for both kinds: "objective" is <app>_<kind>objective_...
LINK_CASES = [
    ("objective", "once", link_rows("objective_links", "objective", "1", "1")),
    ("objective", "one_primary", link_rows("objective_links", "objective", "1", "2", is_primary="on")),
    ("country", "once", link_rows("country_links", "country", "TN", "TN")),
    ("beneficiary", "once", link_rows("beneficiary_links", "beneficiary", "1", "1")),
    ("principle", "once", link_rows("principle_links", "principle", "1", "1")),
    ("gcrobjective", "once", link_rows("gcr_links", "objective", "1", "1")),
    ("sdg", "once", link_rows("sdg_links", "sdg", "1", "1")),
    ("organisation", "once", link_rows("organisation_roles", "organisation", "1", "1", role="lead", position="0")),
    ("identifier", "once", rows("identifiers", *[{"scheme": "IOM Prima ID", "value": "12345"}] * 2)),
]


def record_cases():
    """(record kind, constraint name, the model that has it, what the add form posts)."""
    for model in (Practice, Project):
        kind, app = model._meta.model_name, model._meta.app_label
        for name, fields in RECORD_CASES.items():
            yield model, name % kind, model, fields
        for link, constraint, fields in LINK_CASES:
            yield model, f"{app}_{kind}{link}_{constraint}", model._meta.apps.get_model(app, kind + link), fields
    for name, fields in PROJECT_CASES.items():
        yield Project, name, Project, fields


CASES = list(record_cases())


@pytest.mark.parametrize(("model", "name", "constrained", "fields"), CASES, ids=[case[1] for case in CASES])
def test_a_record_form_breaking_a_constraint_comes_back_in_words_and_saves_nothing(
    admin_client, model, name, constrained, fields
):
    response = admin_client.post(add_url(model), new_record(model, **fields))
    assert response.status_code == 200
    assert escape(words(constrained, name)) in response.text
    assert "is violated" not in response.text
    assert not model.objects.filter(slug=SLUG).exists()


def organisation_form(organisation, **fields):
    return {
        "name_en": organisation.name_en or "Organisation",
        "name_fr": organisation.name_fr or "",
        "name_es": organisation.name_es or "",
        "country": organisation.country_id or "",
        "country_provenance": organisation.country_provenance,
        **management_form("aliases", 0),
        **fields,
    }


def test_an_organisation_made_its_own_parent_comes_back_in_words_and_saves_nothing(admin_client):
    organisation = Organisation.objects.get(pk=1)
    url = reverse("admin:taxonomy_organisation_change", args=[organisation.pk])
    response = admin_client.post(url, organisation_form(organisation, parent=str(organisation.pk)))
    assert response.status_code == 200
    # The model's clean() says it before the constraint (organisation_not_its_own_parent) would.
    assert "An organisation cannot be part of one of its own units." in response.text
    organisation.refresh_from_db()
    assert organisation.parent_id is None


def test_an_alias_given_twice_comes_back_in_words_and_saves_nothing(admin_client):
    organisation = Organisation.objects.get(pk=1)
    url = reverse("admin:taxonomy_organisation_change", args=[organisation.pk])
    alias = {"name": "ACNUR", "kind": "name", "language": "es"}
    response = admin_client.post(url, {**organisation_form(organisation), **rows("aliases", alias, alias)})
    assert response.status_code == 200
    assert escape(words(OrganisationAlias, "organisation_alias_once")) in response.text
    assert not organisation.aliases.exists()


def test_every_constraint_of_an_admin_form_has_a_test_here():
    tested = {case[1] for case in CASES} | {"organisation_not_its_own_parent", "organisation_alias_once"}
    constraints = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in {"practices", "projects", "taxonomy"}:
            for part in [model, *(inline.model for inline in model_admin.inlines)]:
                constraints |= {constraint.name for constraint in part._meta.constraints}
    assert constraints == tested


# One primary GCM objective: on add and on change, for both kinds; and moving it from one row to another.


def change_form(client, record, **fields):
    """What `client` posts from the change form of `record` opened now: its hidden stamps, no inline rows."""
    model = type(record)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk])
    form = client.get(url).context["adminform"].form
    stamps = {field.html_name: field.value() for field in form.hidden_fields()}
    return url, {**new_record(model, slug=record.slug, title_en=record.title_en), **stamps, **fields}


def existing_objectives(record, primary=()):
    """The objective rows as the change form shows them, with the objectives `primary` ticked."""
    links = list(record.objective_links.all())
    return rows(
        "objective_links",
        *(
            {
                "id": str(link.pk),
                "record": str(record.pk),
                "objective": str(link.objective_id),
                "provenance": link.provenance,
                **({"is_primary": "on"} if link.objective_id in primary else {}),
            }
            for link in links
        ),
        initial=len(links),
    )


def objective_errors(response):
    """The errors shown above the rows of the GCM objectives."""
    inline = next(
        inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == "objective_links"
    )
    return inline.formset.non_form_errors()


@pytest.mark.parametrize("kind", ["practice", "project"])
def test_two_primary_objectives_on_a_new_record_are_refused_above_the_rows(admin_client, kind):
    model = Practice if kind == "practice" else Project
    data = new_record(model, **link_rows("objective_links", "objective", "3", "5", is_primary="on"))
    response = admin_client.post(add_url(model), data)
    assert objective_errors(response) == ["Only one GCM objective can be the primary one."]
    assert not model.objects.filter(slug=SLUG).exists()


@pytest.mark.parametrize("kind", ["practice", "project"])
def test_ticking_a_second_primary_objective_on_a_record_is_refused_and_keeps_the_first(
    admin_client, make_practice, make_project, kind
):
    record = (make_practice if kind == "practice" else make_project)(objectives=[3, 5], status="draft")
    url, data = change_form(admin_client, record, **existing_objectives(record, primary={3, 5}))
    response = admin_client.post(url, data)
    assert objective_errors(response) == ["Only one GCM objective can be the primary one."]
    assert list(record.objective_links.filter(is_primary=True).values_list("objective", flat=True)) == [3]


@pytest.mark.parametrize("kind", ["practice", "project"])
def test_the_primary_objective_moves_from_one_row_to_another_in_one_save(
    admin_client, make_practice, make_project, kind
):
    record = (make_practice if kind == "practice" else make_project)(objectives=[3, 5], status="draft")
    url, data = change_form(admin_client, record, **existing_objectives(record, primary={5}))
    assert admin_client.post(url, data).status_code == 302
    assert list(record.objective_links.filter(is_primary=True).values_list("objective", flat=True)) == [5]


def test_a_primary_objective_removed_and_given_again_on_a_new_row_saves(admin_client, make_practice):
    practice = make_practice(objectives=[3], status="draft")
    link = practice.objective_links.get()
    url, data = change_form(admin_client, practice)
    data.update(
        rows(
            "objective_links",
            {"id": str(link.pk), "record": str(practice.pk), "objective": "3", "provenance": "stated", "DELETE": "on"},
            {"objective": "3", "provenance": "assigned", "is_primary": "on"},
            initial=1,
        )
    )
    assert admin_client.post(url, data).status_code == 302
    assert [(row.objective_id, row.is_primary, row.provenance) for row in practice.objective_links.all()] == [
        (3, True, "assigned")
    ]


def test_a_first_submit_shows_every_mistake_beside_its_own_field(admin_client):
    data = new_record(Practice, language="es", title_en="Only in English", start_year="2022", end_year="2020")
    response = admin_client.post(add_url(Practice), data)
    errors = response.context["adminform"].form.errors
    assert errors["title_es"] == ["Give the title in the original language of the record."]
    assert errors["end_year"] == ["The end cannot come before the start."]
    assert "__all__" not in errors


def test_two_objectives_swapped_between_their_rows_save(admin_client, make_practice):
    practice = make_practice(objectives=[3, 5], status="draft")
    first, second = practice.objective_links.all()
    url, data = change_form(admin_client, practice)
    data.update(
        rows(
            "objective_links",
            {"id": str(first.pk), "record": str(practice.pk), "objective": "5", "provenance": "stated"},
            {"id": str(second.pk), "record": str(practice.pk), "objective": "3", "provenance": "stated"},
            initial=2,
        )
    )
    data["objective_links-0-is_primary"] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert [(row.objective_id, row.is_primary) for row in practice.objective_links.all()] == [(5, True), (3, False)]
