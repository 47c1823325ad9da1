"""Each record kind declares its sections once; the page, the admin, the API, the exports, the
translations and word search all follow that one list, in the order of the source form."""

import csv
import io
import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from modeltranslation.translator import translator

from opendata import exports
from practices.models import Practice
from projects.models import Project
from records.models import SearchDocument
from records.sections import searched_fields, text_fields

pytestmark = pytest.mark.django_db

KINDS = [Practice, Project]
# The parts every record page ends with, whatever its sections.
PAGE_TAIL = {"review-comments", "related", "source", "editors-note"}

# Each seed's sections, in the order its source shows them (a group's anchor, then its parts').
SEED_SECTIONS = {
    # 000, the Hub's practice form: Résumé; Bénéfice et impact, "Autres résultats essentiels" first, then
    # the immediate impacts; Principales leçons; how each challenge was overcome; what could have been
    # done differently; Innovation and its four questions; related practices; peer reviewers' comments.
    "/en/practices/protection-migrants-covid-19-relance-activites-economiques/": [
        "summary",
        "key-results",
        "benefits-and-impact",
        "lessons-learned",
        "challenges-overcome",
        "done-differently",
        "innovation",
        "catalysed-initiatives",
        "sustainability",
        "scalability",
        "covid19-adaptation",
        "source-related-practices",
        "peer-review-comments",
    ],
    # 001, a Hub entry: the contacts under the title, then Résumé, Objectif clé, Principales activités,
    # Principaux succès, Bénéficiaires. The page leads with the summary, so that a phone shows it first.
    "/en/practices/initiative-mondiale-financement-initial-oim-pnud-covid-19/": [
        "summary",
        "contacts",
        "key-objective",
        "activities",
        "success-factors",
        "beneficiaries-description",
    ],
    # 003, the GCR e-book: how the practice meets the GCR objectives, then the key theme.
    "/en/practices/amuddu/": ["global-compact-on-refugees", "gcr-contribution", "key-theme"],
    # 002, I-MIGR: Objectif général, Objectifs spécifiques, Zone d'intervention, Contact, Résultats attendus,
    # Les principales activités, Régions bénéficiaires.
    "/en/projects/i-migr/": [
        "general-objective",
        "specific-objectives",
        "intervention-zone",
        "contact",
        "expected-results",
        "activities",
        "beneficiary-regions",
    ],
    # 004, Gene-Sis: the opening paragraph, the coordinates, Le projet, Objectifs du projet, Résultats.
    "/en/projects/gene-sis/": ["summary", "location", "description", "specific-objectives", "results"],
}


def section_anchors(client, path):
    text = client.get(path).text
    return [anchor for anchor in re.findall(r'<section id="([a-z0-9-]+)"', text) if anchor not in PAGE_TAIL]


def every_section_field(model):
    return {field for section in model.sections for field in section.fields}


@pytest.mark.parametrize("path", SEED_SECTIONS, ids=lambda path: path.rstrip("/").rsplit("/", 1)[-1])
def test_each_seed_page_leads_with_its_summary_then_shows_its_sections_in_its_sources_order(client, path):
    assert section_anchors(client, path) == SEED_SECTIONS[path]


def test_the_contents_list_the_sections_in_page_order(client):
    text = client.get("/en/projects/gene-sis/").text
    contents = text[text.index('<nav class="contents"') : text.index("</nav>", text.index('<nav class="contents"'))]
    anchors = [anchor for anchor in re.findall(r'href="#([a-z0-9-]+)"', contents) if anchor not in PAGE_TAIL]
    assert anchors == ["summary", "location", "description", "specific-objectives", "results"]


def test_a_group_shows_its_heading_and_each_part_under_its_own(client):
    text = client.get("/en/practices/amuddu/").text
    assert (
        '<section id="global-compact-on-refugees" class="text-section">\n  <h2>Global Compact on Refugees</h2>' in text
    )
    assert "<h3>Key theme</h3>" in text


@pytest.mark.parametrize("model", KINDS, ids=["practice", "project"])
def test_the_search_document_holds_every_searched_section_and_no_other(model, db):
    record = model.objects.published().first()
    for field in text_fields(model.sections):
        setattr(record, f"{field}_{record.language}", f"marker{field.replace('_', '')}")
    record.save()
    text = SearchDocument.objects.get(kind=model._meta.label_lower, record_id=record.pk).text
    searched = set(searched_fields(model.sections))
    for field in text_fields(model.sections):
        assert (f"marker{field.replace('_', '')}" in text) == (field in searched), field


@pytest.mark.parametrize("model", KINDS, ids=["practice", "project"])
def test_word_search_reads_the_title_and_the_sections_marked_searched(model):
    assert model.search_fields == ["title", *searched_fields(model.sections)]


@pytest.mark.parametrize("model", KINDS, ids=["practice", "project"])
def test_excerpts_and_snippets_are_cut_from_section_texts(model):
    assert set(model.excerpt_fields) | set(model.snippet_fields) <= set(text_fields(model.sections))


@pytest.mark.parametrize("model", KINDS, ids=["practice", "project"])
def test_every_section_text_is_translated(model):
    assert set(text_fields(model.sections)) <= set(translator.get_options_for_model(model).all_fields)


@pytest.mark.parametrize("model", KINDS, ids=["practice", "project"])
def test_every_translated_text_of_a_record_is_in_a_section_or_the_frame_around_them(model):
    frame = {"title", "locality", "editors_note", "image_alt", "image_caption"}
    assert set(translator.get_options_for_model(model).all_fields) == frame | set(text_fields(model.sections))


@pytest.mark.parametrize("model", KINDS, ids=["practice", "project"])
def test_the_admin_form_shows_every_section_field_in_the_pages_order(model, admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    shown = []
    for _name, options in admin.site.get_model_admin(model).get_fieldsets(request):
        for row in options["fields"]:
            for field in row if isinstance(row, tuple) else [row]:
                name = re.sub(r"_(en|fr|es)$", "", field)
                if name not in shown:
                    shown.append(name)
    wanted = [field for section in model.sections for field in section.fields]
    assert [field for field in shown if field in wanted] == wanted


@pytest.mark.parametrize("path", ["/api/v1/practices/amuddu/", "/api/v1/projects/gene-sis/"])
def test_the_api_detail_shows_every_section_field(client, path):
    model = Practice if "/practices/" in path else Project
    assert every_section_field(model) <= set(client.get(path).json())


@pytest.mark.parametrize("model", KINDS, ids=["practice", "project"])
def test_the_export_has_a_column_for_every_section_field(client, model):
    text = b"".join(client.get(f"/en/{model._meta.app_label}/export.csv").streaming_content).decode()
    header = next(csv.reader(io.StringIO(text.removeprefix(exports.BOM))))
    assert every_section_field(model) <= set(header)


def test_the_export_gives_each_section_text_in_the_pages_language_or_the_original(client):
    text = b"".join(client.get("/en/practices/export.csv", {"country": "MA"}).streaming_content).decode()
    row = next(csv.DictReader(io.StringIO(text.removeprefix(exports.BOM))))
    assert row["key_theme"] == "Emploi et auto-emploi"
    assert row["lessons_learned"] == ""
