"""Each published record's search document, built from the relational tables and kept current.

The tables stay the system of record; a document is what search reads of one record: its titles, the
names it carries (its countries in three languages with their ISO codes, its organisations' names,
acronyms and aliases, the labels of its objectives, principles, SDGs and beneficiary groups, its
locality) and its searched sections. `rebuild(model, ids)` brings documents in line with the tables,
in a fixed number of queries for any number of records.

Signals keep them current (connect()): a save or a deletion of a record, of one of its links, or of a
reference entry or organisation name it shows rebuilds the documents concerned, and the facet counts kept
with them, in the same transaction, so that search and the counts never see a record as it was before a
committed change, nor a draft. A deleted record's links, which go first, leave it to the record's own
deletion. A raw save (loaddata, a revision's revert) may come before the rows it needs: its records are
rebuilt once the transaction commits, but for a record that is no longer published, whose document goes
at once. `manage.py index_search` rebuilds everything (after a bulk load)
and computes the vectors that are missing.
"""

import hashlib
import threading
from collections import Counter

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, Prefetch, QuerySet, signals
from django.utils import timezone

from records import embeddings
from records.cards import card_of
from records.models import Classification, FacetCount, Record, SearchDocument, Status
from records.search import LANGUAGES
from taxonomy.models import (
    SDG,
    Beneficiary,
    Country,
    GCMObjective,
    GCRObjective,
    GuidingPrinciple,
    Organisation,
    OrganisationAlias,
)

BATCH_SIZE = 500

# Each link of a record: (its related name on the record, the entry's field, the entry's translated names).
LINKS = [
    ("country_links", "country", ["name"]),
    ("objective_links", "objective", ["short_label", "title"]),
    ("principle_links", "principle", ["label"]),
    ("gcr_links", "objective", ["title"]),
    ("sdg_links", "sdg", ["short_label"]),
    ("beneficiary_links", "beneficiary", ["name"]),
]
# The links a facet counts besides countries (which give three: country, region, sub-region):
# (related name on the record, facet name, the link's column holding the value).
FACET_LINKS = [
    ("objective_links", "gcm", "objective_id"),
    ("principle_links", "principle", "principle_id"),
    ("gcr_links", "gcr", "objective_id"),
    ("sdg_links", "sdg", "sdg_id"),
    ("beneficiary_links", "beneficiary", "beneficiary_id"),
    ("organisation_roles", "organisation", "organisation_id"),
]
REFERENCE_ENTRIES = (Country, GCMObjective, GuidingPrinciple, GCRObjective, SDG, Beneficiary, Organisation)


def record_kinds():
    """The record models: Practice and Project."""
    return [model for model in apps.get_models() if issubclass(model, Record)]


def kind_of(model):
    return model._meta.label_lower


def documents(model):
    return SearchDocument.objects.filter(kind=kind_of(model))


# Building.


def rebuild(model, ids=None):
    """Bring the documents of `model`'s records `ids` (every record when None) in line with the tables:
    one for each published record, none for any other, and the facet counts with them. Returns how many
    records were looked at."""
    everything = ids is None
    if everything:
        published = model._default_manager.published().order_by("pk").values_list("pk", flat=True)
        documents(model).exclude(record_id__in=published).delete()
        ids = list(published)
    ids = sorted(set(ids))
    for start in range(0, len(ids), BATCH_SIZE):
        _rebuild_batch(model, ids[start : start + BATCH_SIZE])
    if everything:
        recount(model)
    return len(ids)


@transaction.atomic
def _rebuild_batch(model, ids):
    # The records locked first (PostgreSQL), so that two transactions rebuilding the same documents (an
    # edit, and an alias added to one of its organisations) take turns, the second reading what the first
    # committed; and a batch's documents and counts change together.
    published = model._default_manager.published().filter(pk__in=ids).order_by("pk").select_for_update()
    records = list(with_names(published))
    found = {record.pk for record in records}
    gone = documents(model).filter(record_id__in=[pk for pk in ids if pk not in found])
    deltas = Counter()
    for keys in gone.values_list("keys", flat=True):
        deltas.subtract(keys)
    gone.delete()
    existing = {document.record_id: document for document in documents(model).filter(record_id__in=found)}
    now = timezone.now()
    changed, added = [], []
    for record in records:
        document = existing.get(record.pk) or SearchDocument(kind=kind_of(model), record_id=record.pk)
        deltas.subtract(document.keys)
        document.keys = facet_keys(record)
        deltas.update(document.keys)
        for name, value in document_fields(record).items():
            setattr(document, name, value)
        document.card = card_of(record)
        passage_hash = hashlib.sha256(passage(document).encode()).hexdigest()
        if passage_hash != document.embedded_text_hash:
            document.embedded_text_hash, document.embedding = passage_hash, None
        document.indexed_at = now
        (changed if document.pk else added).append(document)
    columns = ["language", "titles", "names", "text", "keys", "card", "embedded_text_hash", "embedding", "indexed_at"]
    SearchDocument.objects.bulk_update(changed, columns)
    SearchDocument.objects.bulk_create(added)
    _write_words([*changed, *added])
    _count(kind_of(model), deltas)
    if settings.SEARCH_VECTORS_ON_SAVE:
        # A record or two at a time (an editor's save) takes a fraction of a second; a bulk rebuild
        # leaves them to embed_missing().
        unembedded = [document.pk for document in [*changed, *added] if document.embedding is None]
        if unembedded and len(unembedded) <= settings.SEARCH_VECTORS_ON_SAVE:
            embed(SearchDocument.objects.filter(pk__in=unembedded))


def with_names(records):
    """`records` with every name their documents read, in one query a link."""
    prefetches = [
        Prefetch(
            f"{related_name}",
            records.model._meta.get_field(related_name).related_model.objects.select_related(entry),
        )
        for related_name, entry, _names in LINKS
    ]
    roles = records.model._meta.get_field("organisation_roles").related_model
    organisations = roles.objects.select_related("organisation").prefetch_related("organisation__aliases")
    return records.prefetch_related(*prefetches, Prefetch("organisation_roles", organisations))


def document_fields(record):
    """{language, titles, names, text} of `record`, read from its prefetched links; each lists the
    record's own language first."""
    codes = [record.language, *(code for code in LANGUAGES if code != record.language)]
    titles = _values(record, ["title"], codes)
    names = []
    for related_name, entry, fields in LINKS:
        for link in getattr(record, related_name).all():
            names.extend(_values(getattr(link, entry), fields, codes))
            if entry == "country":
                names.append(link.country.code)
    for role in record.organisation_roles.all():
        organisation = role.organisation
        names.extend(_values(organisation, ["name", "acronym"], codes))
        names.extend(alias.name for alias in organisation.aliases.all())
    names.extend(_values(record, ["locality"], codes))
    names.append(record.region_as_written)
    sections = [field for field in record.search_fields if field != "title"]
    text = [value for code in codes for value in _values(record, sections, [code])]
    return {
        "language": record.language,
        "titles": "\n".join(titles),
        "names": "\n".join(dict.fromkeys(name for name in names if name)),
        "text": "\n".join(text),
    }


def facet_keys(record):
    """The facet keys of `record`, from its prefetched links: each filter's name and a value it offers
    ("country:SN", "region:002", "gcm:21", "organisation:12", "language:fr"), each once."""
    keys = [f"{column}:{getattr(record, field)}" for column, field in record.facet_columns.items()]
    for link in record.country_links.all():
        country = link.country
        keys += [f"country:{country.code}", f"region:{country.region_id}", f"subregion:{country.subregion_id}"]
    for related_name, facet, field in FACET_LINKS:
        keys += [f"{facet}:{getattr(link, field)}" for link in getattr(record, related_name).all()]
    return sorted(set(keys))


def _count(kind, deltas):
    """Add `deltas` ({key: change}) to the facet counts of `kind`, in the keys' order, so that two
    writers lock the counts they share in the same order."""
    changes = sorted((key, change) for key, change in deltas.items() if change)
    if not changes:
        return
    rows = ", ".join("(%s, %s, %s)" for _change in changes)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO records_facetcount (kind, key, count) VALUES {rows}"
            " ON CONFLICT (kind, key) DO UPDATE SET count = records_facetcount.count + excluded.count",
            [value for key, change in changes for value in (kind, key, change)],
        )


@transaction.atomic
def recount(model):
    """The facet counts of `model` again from its documents: after a rebuild of them all. In one
    transaction, so that no reader sees them missing."""
    totals = Counter()
    for keys in documents(model).values_list("keys", flat=True).iterator(chunk_size=2000):
        totals.update(keys)
    FacetCount.objects.filter(kind=kind_of(model)).delete()
    FacetCount.objects.bulk_create(
        (FacetCount(kind=kind_of(model), key=key, count=count) for key, count in sorted(totals.items())),
        batch_size=1000,
    )


def _values(instance, fields, codes):
    """The distinct non-empty values of translated `fields` of `instance`, in the languages `codes`."""
    values = (getattr(instance, f"{field}_{code}", "") or "" for field in fields for code in codes)
    return list(dict.fromkeys(value.strip() for value in values if value and value.strip()))


def _write_words(documents):
    """Index the documents' words: in the narrow table of tsvectors on PostgreSQL (whose rows go with
    their documents), in the FTS5 table on SQLite."""
    if not documents:
        return
    pks = [document.pk for document in documents]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            parts = [
                f"setweight(to_tsvector('catalogue_{code}', {column}), '{weight}')"
                for column, weight in (("titles", "A"), ("names", "B"), ("text", "C"))
                for code in LANGUAGES
            ]
            cursor.execute(
                "INSERT INTO records_searchdocument_words (document_id, kind, record_id, vector)"
                f" SELECT id, kind, record_id, {' || '.join(parts)} FROM records_searchdocument WHERE id = ANY(%s)"
                " ON CONFLICT (document_id) DO UPDATE SET vector = excluded.vector",
                [pks],
            )
        else:
            placeholders = ", ".join("%s" for _pk in pks)
            cursor.execute(f"DELETE FROM records_searchdocument_fts WHERE rowid IN ({placeholders})", pks)
            cursor.executemany(
                "INSERT INTO records_searchdocument_fts (rowid, titles, names, text) VALUES (%s, %s, %s, %s)",
                [(document.pk, document.titles, document.names, document.text) for document in documents],
            )


def embed_missing(model=None, batch_size=64):
    """Compute the vectors that documents lack, once a text: every document with the same text gets the
    same vector. Returns how many documents got one."""
    missing = SearchDocument.objects.filter(embedding=None)
    if model is not None:
        missing = missing.filter(kind=kind_of(model))
    done = 0
    while text_hashes := list(missing.order_by().values_list("embedded_text_hash", flat=True).distinct()[:batch_size]):
        done += embed(missing.filter(embedded_text_hash__in=text_hashes))
    return done


def embed(documents):
    """Give `documents` (a queryset) the vectors of their texts: those already computed for another
    document, else computed now. Returns how many got one."""
    text_hashes = set(documents.values_list("embedded_text_hash", flat=True))
    embedded = SearchDocument.objects.filter(embedded_text_hash__in=text_hashes).exclude(embedding=None)
    one_a_text = embedded.order_by().values("embedded_text_hash").annotate(first=Min("pk")).values("first")
    known = dict(SearchDocument.objects.filter(pk__in=one_a_text).values_list("embedded_text_hash", "embedding"))
    new = {}
    for document in documents.exclude(embedded_text_hash__in=known).order_by("pk"):
        new.setdefault(document.embedded_text_hash, passage(document))
    known.update(zip(new, embeddings.passages(list(new.values())), strict=True))
    now = timezone.now()  # the vector indexes notice new vectors by it
    # Only documents whose text is still the one embedded: an edit meanwhile leaves its own for later.
    return sum(
        documents.filter(embedded_text_hash=text_hash, embedding=None).update(embedding=vectors, indexed_at=now)
        for text_hash, vectors in known.items()
    )


def passage(document):
    """What a document's vectors read: its title and sections in the record's language first (its
    titles and text list the record's language first), as far as the chunks reach."""
    title = document.titles.split("\n", 1)[0]
    words = f"{title}\n{document.text}".split()
    return " ".join(words[: embeddings.CHUNK_WORDS * embeddings.CHUNKS])


# Keeping them current.


def changed_records(instance):
    """[(record model, ids)] whose documents saving or deleting `instance` changes."""
    if isinstance(instance, Record):
        return [(type(instance), [instance.pk])]
    if isinstance(instance, Classification):
        return [(type(instance)._meta.get_field("record").related_model, [instance.record_id])]
    if isinstance(instance, OrganisationAlias):
        instance = Organisation(pk=instance.organisation_id)
    if isinstance(instance, REFERENCE_ENTRIES):
        return [(model, _records_naming(model, instance)) for model in record_kinds()]
    return []


def _records_naming(model, entry):
    """The published records of `model` that show `entry`'s names."""
    for field in model._meta.many_to_many:
        if field.related_model is type(entry):
            records = model._default_manager.published().filter(**{field.name: entry})
            return list(records.values_list("pk", flat=True).distinct())
    return []


_pending = threading.local()


def _after_commit(model, ids):
    """Rebuild once the transaction commits, each record once however many of its rows changed."""
    if not hasattr(_pending, "records"):
        _pending.records = {}
    _pending.records.setdefault(model, set()).update(ids)
    # One callback a transaction; after a rollback, what was pending is rebuilt with the next commit.
    if not any(callback is _rebuild_pending for _savepoints, callback, _robust in connection.run_on_commit):
        transaction.on_commit(_rebuild_pending)


def _rebuild_pending():
    pending, _pending.records = _pending.records, {}
    with transaction.atomic():
        for model, ids in pending.items():
            rebuild(model, ids)


def _on_save(sender, instance, raw=False, **kwargs):
    # A record saved raw and not published (a revert to a draft) loses its document at once all the same:
    # search trusts that no document outlives its record's publication (records/search.py).
    withdrawn = isinstance(instance, Record) and instance.status != Status.PUBLISHED
    for model, ids in changed_records(instance):
        if ids:
            (_after_commit if raw and not withdrawn else rebuild)(model, ids)


def _on_delete(sender, instance, origin=None, **kwargs):
    # Deleting records deletes their links first: these leave the rebuild to the records' own deletion.
    deleted = origin.model if isinstance(origin, QuerySet) else type(origin)
    if isinstance(instance, Classification) and issubclass(deleted, Record):
        return
    for model, ids in changed_records(instance):
        if ids:
            rebuild(model, ids)


def connect():
    signals.post_save.connect(_on_save, dispatch_uid="records_documents_save")
    signals.post_delete.connect(_on_delete, dispatch_uid="records_documents_delete")
