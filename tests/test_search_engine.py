"""The search engine finds every name a record carries, in any language, and follows every change."""

import random

import numpy
import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection

from practices.models import Practice, PracticeCountry, PracticeOrganisation
from projects.models import Project
from records import documents, embeddings, memory, search
from records.models import SearchDocument, Status
from taxonomy.models import Country, Organisation, OrganisationAlias

pytestmark = pytest.mark.django_db

SENEGAL_PRACTICE = "protection-migrants-covid-19-relance-activites-economiques"
IOM_UNDP_PRACTICE = "initiative-mondiale-financement-initial-oim-pnud-covid-19"


def found(model, words):
    return list(
        model.objects.filter(pk__in=search.matching_ids(model.objects.published(), words)).values_list(
            "slug", flat=True
        )
    )


def listed(client, path, words):
    response = client.get(path, {"q": words})
    assert response.status_code == 200
    return [record.slug for record in response.context["page_obj"]]


@pytest.mark.parametrize("words", ["Senegal", "Sénégal", "SENEGAL", "Senegal migrants", "SN"])
def test_a_country_is_found_by_its_name_in_any_language_with_or_without_accents(client, words):
    assert SENEGAL_PRACTICE in listed(client, "/en/practices/", words)


@pytest.mark.parametrize("words", ["IOM", "OIM", "UNDP", "PNUD"])
def test_an_organisation_is_found_by_its_acronym_in_any_language(client, words):
    assert IOM_UNDP_PRACTICE in listed(client, "/fr/practices/", words)


@pytest.mark.parametrize(
    ("path", "words", "slug"),
    [
        ("/en/projects/", "return migrants", "gene-sis"),
        ("/es/projects/", "reintegración", "gene-sis"),
        ("/en/practices/", "revolving fund", SENEGAL_PRACTICE),
    ],
)
def test_a_query_in_another_language_finds_a_french_record_by_its_meaning(client, path, words, slug):
    assert slug in listed(client, path, words)[:5]


def test_renaming_an_organisation_changes_what_finds_its_records(make_practice):
    practice = make_practice()
    organisation = Organisation.objects.create(name_en="Harbour Workers League")
    PracticeOrganisation.objects.create(record=practice, organisation=organisation, role="lead")
    assert practice.slug in found(Practice, "harbour league")
    organisation.name_en = "Dockside Union"
    organisation.save()
    assert practice.slug not in found(Practice, "harbour league")
    assert practice.slug in found(Practice, "dockside")


def test_an_alias_added_to_an_organisation_finds_its_records(make_practice):
    practice = make_practice()
    organisation = Organisation.objects.create(name_en="Office for Newcomers")
    PracticeOrganisation.objects.create(record=practice, organisation=organisation, role="lead")
    OrganisationAlias.objects.create(organisation=organisation, name="OFNEC", language="fr", kind="acronym")
    assert practice.slug in found(Practice, "ofnec")


def test_a_country_linked_later_finds_the_record_by_its_names(make_practice):
    practice = make_practice(title_en="Water points")
    assert practice.slug not in found(Practice, "Islande")
    PracticeCountry.objects.create(record=practice, country_id="IS")
    assert practice.slug in found(Practice, "Islande")


def test_a_country_renamed_in_the_reference_list_is_found_by_its_new_name(make_practice):
    practice = make_practice(countries=["IS"])
    iceland = Country.objects.get(code="IS")
    iceland.name_es = "Tierra de hielo"
    iceland.save()
    assert practice.slug in found(Practice, "tierra de hielo")


def test_a_draft_has_no_search_document_and_is_found_nowhere(client, make_practice):
    draft = make_practice(title_en="Unreleased harbour kiosk", status=Status.DRAFT)
    assert not SearchDocument.objects.filter(kind="practices.practice", record_id=draft.pk).exists()
    assert listed(client, "/en/practices/", "harbour kiosk") == []
    assert client.get("/en/search/", {"q": "harbour kiosk"}).context["page_obj"].paginator.count == 0


def test_a_withdrawn_record_leaves_the_results_and_every_count_at_once(client, make_practice):
    practice = make_practice(title_en="Lighthouse tutoring", countries=["IS"])
    response = client.get("/en/practices/", {"q": "lighthouse"})
    assert response.context["page_obj"].paginator.count == 1
    practice.status = Status.ARCHIVED
    practice.save()
    response = client.get("/en/practices/", {"q": "lighthouse"})
    assert response.context["page_obj"].paginator.count == 0
    counts = {facet.name: {o.value: o.count for o in facet.options} for facet in response.context["facets"]}
    assert counts["country"].get("IS", 0) == 0
    assert sum(counts["language"].values()) == 0


def test_facet_counts_count_exactly_the_records_a_search_lists(client):
    response = client.get("/en/practices/", {"q": "migrants"})
    languages = next(facet for facet in response.context["facets"] if facet.name == "language")
    assert sum(option.count for option in languages.options) == response.context["page_obj"].paginator.count > 0


def test_a_deleted_record_is_found_nowhere_and_its_document_goes_at_commit(
    make_practice, django_capture_on_commit_callbacks
):
    practice = make_practice(title_en="Ferry phrasebook")
    with django_capture_on_commit_callbacks(execute=True):
        practice.delete()
    assert found(Practice, "ferry phrasebook") == []
    assert not SearchDocument.objects.filter(kind="practices.practice", record_id=practice.pk).exists()


def test_a_raw_save_as_loaddata_or_a_revert_makes_is_indexed_once_committed(
    make_practice, django_capture_on_commit_callbacks
):
    practice = make_practice(title_en="Orchard apprenticeships")
    SearchDocument.objects.filter(kind="practices.practice", record_id=practice.pk).delete()
    payload = serializers.serialize("json", [practice])
    with django_capture_on_commit_callbacks(execute=True):
        for loaded in serializers.deserialize("json", payload):
            loaded.save()
    assert practice.slug in found(Practice, "orchard")


@pytest.mark.parametrize("words", ['"', "AND OR NOT", "title:x*", "(", "NEAR(a b)", "^x", "-", "*"])
def test_search_syntax_typed_by_a_visitor_is_only_words(client, words):
    assert client.get("/en/practices/", {"q": words}).status_code == 200
    assert client.get("/en/search/", {"q": words}).status_code == 200


def test_a_save_embeds_the_record_when_the_setting_allows_it(settings, make_practice):
    settings.SEARCH_VECTORS_ON_SAVE = 5
    practice = make_practice(title_en="Bicycle repair workshop for newcomers")
    document = SearchDocument.objects.get(kind="practices.practice", record_id=practice.pk)
    vectors = numpy.frombuffer(document.embedding, dtype=numpy.float32).reshape(-1, embeddings.DIMENSIONS)
    assert len(vectors) >= 1
    assert numpy.allclose(numpy.linalg.norm(vectors, axis=1), 1, atol=1e-3)


def test_an_edit_that_keeps_the_text_keeps_the_vector_and_one_that_changes_it_drops_it(settings, make_practice):
    settings.SEARCH_VECTORS_ON_SAVE = 5
    practice = make_practice(title_en="Bicycle repair workshop")
    before = SearchDocument.objects.get(record_id=practice.pk, kind="practices.practice").embedding
    PracticeCountry.objects.create(record=practice, country_id="IS")
    assert SearchDocument.objects.get(record_id=practice.pk, kind="practices.practice").embedding == before
    settings.SEARCH_VECTORS_ON_SAVE = 0
    practice.title_en = "Sewing workshop"
    practice.save()
    assert SearchDocument.objects.get(record_id=practice.pk, kind="practices.practice").embedding is None
    assert call_command("index_search", "--vectors", verbosity=0) is None
    assert SearchDocument.objects.get(record_id=practice.pk, kind="practices.practice").embedding is not None


def test_identical_texts_are_embedded_once(make_practices, monkeypatch):
    records = make_practices(3, summary_en="Same words for all three")
    Practice.objects.filter(pk__in=[record.pk for record in records]).update(title_en="Same title")
    documents.rebuild(Practice, [record.pk for record in records])
    texts = []
    real = embeddings.passages
    monkeypatch.setattr(embeddings, "passages", lambda batch: texts.extend(batch) or real(batch))
    assert documents.embed_missing() == 3
    assert len(texts) == 1
    vectors = set(
        SearchDocument.objects.filter(record_id__in=[r.pk for r in records], kind="practices.practice").values_list(
            "embedding", flat=True
        )
    )
    assert len(vectors) == 1


def test_the_vector_index_follows_new_changed_and_deleted_documents(make_practice, settings, monkeypatch):
    settings.SEARCH_VECTORS_ON_SAVE = 5
    # Deletions are noticed when the vectors are counted, now and then: here on every search.
    monkeypatch.setattr(memory, "RECOUNT_SECONDS", -1)
    index = memory.DocumentIndex(SearchDocument.objects.filter(kind="projects.project"))
    kitchen = embeddings.query("community kitchen")
    before = {record_id for record_id, _score in index.nearest(kitchen, 50, 0.0)}
    assert before == set(Project.objects.published().values_list("pk", flat=True))
    project = Project.objects.create(
        title_en="Community kitchen", slug="kitchen", language="en", status=Status.PUBLISHED, source_document="t"
    )
    assert index.nearest(kitchen, 1, 0.0)[0][0] == project.pk
    project.title_en = "Tax advice desk"
    project.save()
    assert index.nearest(embeddings.query("tax advice"), 1, 0.0)[0][0] == project.pk
    SearchDocument.objects.filter(kind="projects.project", record_id=project.pk).delete()
    assert project.pk not in {record_id for record_id, _score in index.nearest(kitchen, 50, 0.0)}


def naive_fusion(*rankings):
    scores = {}
    for ranking in rankings:
        for rank, record_id in enumerate(ranking, start=1):
            scores[record_id] = scores.get(record_id, 0.0) + 1.0 / (search.RANK_OFFSET + rank)
    return sorted(scores, key=lambda record_id: (-scores[record_id], -record_id))


def test_fusion_sorts_only_the_head_and_gives_what_fusing_every_record_gives():
    generator = random.Random(7)
    for _trial in range(200):
        words = generator.sample(range(1, 400), generator.randint(0, 300))
        meaning = generator.sample(range(1, 400), generator.randint(0, 20))
        assert search.fuse(words, meaning) == naive_fusion(words, meaning)


def test_fusion_takes_the_words_as_an_array_as_by_words_gives_them():
    words = numpy.array([9, 7, 5, 3, 1], dtype=numpy.int64)
    assert search.fuse(words, [1, 4]) == naive_fusion(words.tolist(), [1, 4])
    assert search.fuse(numpy.empty(0, dtype=numpy.int64), [4, 2]) == [4, 2]


@pytest.mark.postgres_server
@pytest.mark.parametrize("ids", [[], [7], [120_000, 3, 2_000_000_000, 41]])
def test_record_ids_sent_by_postgresql_in_binary_are_read_whole_and_in_order(ids):
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_send(%s::integer[])", [ids])
        assert search.int_array(cursor.fetchone()[0]).tolist() == ids


@pytest.mark.postgres_server
@pytest.mark.parametrize(
    ("kind", "index"), [("practices.practice", "practices_search_words"), ("projects.project", "projects_search_words")]
)
def test_each_kind_reads_its_words_through_an_index_of_its_own(kind, index):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as catalogue_words() does
        cursor.execute(
            "EXPLAIN SELECT record_id FROM records_searchdocument_words WHERE kind = %s AND vector @@ %s::tsquery",
            [kind, "migrant"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Bitmap Index Scan on {index}" in plan


def test_a_word_that_stems_alike_in_two_languages_finds_what_each_language_finds(make_practice):
    practice = make_practice(title_en="Reintegration after return", title_fr="Réintégration après le retour")
    assert practice.pk in search.matching_ids(Practice.objects.published(), "reintegration")
    assert practice.pk in search.matching_ids(Practice.objects.published(), "réintégration")
