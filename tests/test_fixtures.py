"""The fixtures hold the reference lists and the five source documents, and load idempotently."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from practices.models import Practice
from projects.models import Project
from taxonomy.models import Country, GCMObjective, GCRObjective, Region
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

# The documents the seed records were entered from, committed with the code (sources/README.md).
SOURCE_DOCUMENTS = settings.BASE_DIR / "sources" / "documents"


def dump():
    output = io.StringIO()
    call_command("dumpdata", "taxonomy", "practices", "projects", stdout=output)
    return output.getvalue()


def test_loading_the_fixtures_twice_changes_nothing():
    before = dump()
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert dump() == before


def test_every_source_document_has_exactly_one_record():
    sources = [*Practice.objects.values_list("source_document", flat=True)]
    sources += Project.objects.values_list("source_document", flat=True)
    assert sorted(sources) == sorted(path.name for path in SOURCE_DOCUMENTS.glob("*.txt"))


def seed_records():
    return [*Practice.objects.all(), *Project.objects.all()]


def test_every_seed_record_cites_its_source_for_readers():
    assert [record.slug for record in seed_records() if not record.source_citation] == []


def test_no_public_text_of_a_seed_record_names_its_internal_file():
    # The file name is for the editors alone (source_document): pages show the citation and the editors' note.
    for record in seed_records():
        notes = [getattr(record, f"editors_note_{code}") for code, _name in settings.LANGUAGES]
        public = [record.source_citation, *notes]
        assert not any(record.source_document in text or ".txt" in text for text in public), record.slug


def test_there_are_23_gcm_objectives_titled_in_three_languages():
    objectives = GCMObjective.objects.all()
    assert [objective.number for objective in objectives] == list(range(1, 24))
    assert all(objective.title_en and objective.title_fr and objective.title_es for objective in objectives)


def test_there_are_4_gcr_objectives():
    assert GCRObjective.objects.count() == 4


def test_every_country_sits_in_an_m49_region_under_the_world():
    for country in Country.objects.select_related("subregion__parent__parent", "region"):
        region = country.subregion
        while region.parent_id != "001":
            region = region.parent
        assert region == country.region, country.code


def test_el_salvador_is_in_central_america_in_the_americas():
    country = Country.objects.get(code="SV")
    assert country.subregion == Region.objects.get(name_en="Central America")
    assert country.region == Region.objects.get(name_en="Americas")


def test_the_reference_fixture_is_rebuilt_from_the_sources_in_the_repository(tmp_path):
    output = tmp_path / "reference.json"
    call_command("build_reference_fixtures", output=output, stdout=io.StringIO())
    committed = Path(settings.FIXTURE_DIRS[0]) / "reference.json"
    assert output.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")


def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
