"""Each record kind's search documents in the process's memory: their facet keys and sentence vectors.

A list's facet counts are its records' keys counted (one numpy.bincount), and a search by meaning is one
matrix product: read from the database, either would cost tens or hundreds of milliseconds a request at
100,000 records (decisions/008). An index is kept current by reading, on each use, the documents changed
since its last look: one query on an index (search_document_changes), and a second for the vectors of
texts it has not seen, if any. The first use reads every document, and each text's vectors once.

A request looks once: the index it reads is the same for its facets, its related records and its search,
and a record page or the coverage page, which use an index up to ten times, makes one query for it rather
than ten (looked_at_once()). Outside requests (commands, tests), every use looks.

Deletions are noticed when the documents are counted, every RECOUNT_SECONDS; until then a withdrawn
record's keys and vectors linger. No reader depends on the index for which records are published: the
facets count the records the database gives (records/facets.py), and search checks what it found by
meaning against the published records (records/search.py).
"""

import datetime
import itertools
import logging
import threading
import time

import numpy
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, connection
from django.db.models import Min, Q
from django.utils import timezone

from records.embeddings import DIMENSIONS
from records.models import Record, SearchDocument

# A look reads the documents stamped since a margin before the previous look: a transaction stamped earlier
# may commit later, and another server's clock may run behind (documents are stamped by the server that
# writes them).
LATE_COMMIT_MARGIN = datetime.timedelta(seconds=60)
RECOUNT_SECONDS = 60
LOAD_CHUNK = 5000
# The facets that make two records related (DocumentIndex.sharing): each row of keys holds theirs first.
RELATED_FACETS = ("gcm", "country", "beneficiary")
# Related keys that most records have at most (99 % of 100,000 demo records have 10 or fewer): sharing()
# reads these columns of every row, and the rest of the few rows that have more.
RELATED_COLUMNS = 10

logger = logging.getLogger(__name__)

_indexes = {}

# The indexes that have looked for changes during the request this thread serves; None outside a request.
_looked = threading.local()


def looked_at_once():
    """From now on, each index looks for changed documents once a request: at its first use in it."""
    request_started.connect(_request_begins, dispatch_uid="memory_request_started")
    request_finished.connect(_request_ends, dispatch_uid="memory_request_finished")


def look_again(model):
    """`model`'s index looks again at its next use in this request. Called as a version stamp is read (a
    FilterSet's `stamp`): what is kept under a stamp must be read after it, and a look made before it may
    have missed a record published in between."""
    looked = getattr(_looked, "indexes", None)
    if looked is not None:
        looked.discard(index_of(model))


def _request_begins(**kwargs):
    _looked.indexes = set()


def _request_ends(**kwargs):
    _looked.indexes = None


def index_of(model):
    """The index of `model`'s documents in this process, for the database in use."""
    kind = model._meta.label_lower
    key = (connection.alias, connection.settings_dict["NAME"], kind)
    if key not in _indexes:
        _indexes[key] = DocumentIndex(SearchDocument.objects.filter(kind=kind))
    return _indexes[key]


def warm():
    """Read every kind's documents now (gunicorn calls this as a worker starts): a few seconds at 100,000
    records, which the worker's first visitor would otherwise wait. A database that does not answer leaves
    it to the first use."""
    try:
        for model in apps.get_models():
            if issubclass(model, Record):
                index_of(model).counts()
    except DatabaseError:
        logger.warning("The search documents could not be read in advance", exc_info=True)


def forget():
    """Drop every index held in memory: the next use reads the documents again. Outside a request from now
    on (a test's request whose response was never read sends no request_finished)."""
    _indexes.clear()
    _looked.indexes = None


class DocumentIndex:
    """The keys and vectors of one kind's search documents (`documents`, a SearchDocument queryset).

    Keys: a matrix with a row a record and a column a key, as numbers ("country:SN" -> 12), padded with
    -1. Vectors: records with the same text share them (by the text's hash), so that the matrix holds each
    text once.
    """

    def __init__(self, documents):
        self.documents = documents
        self.lock = threading.Lock()
        self._reset()

    def _reset(self):
        # By record id, as arrays rather than dicts: at 100,000 records, dicts of ids and datetimes held
        # some 20 MB in each worker.
        self.seen_at = numpy.full(0, -1, dtype=numpy.int64)  # record id -> indexed_at, in microseconds
        self.held = 0  # records seen
        self.looked_at = None
        self.counted_at = time.monotonic()
        # Keys.
        self.key_numbers = {}  # "country:SN" -> number
        self.key_names = []  # number -> ("country", "SN")
        self.row_of = numpy.full(0, -1, dtype=numpy.int64)  # record id -> row of `keys`
        self.record_at = numpy.full(0, -1, dtype=numpy.int64)  # row of `keys` -> record id
        self.related_in_row = numpy.full(0, -1, dtype=numpy.int16)  # row of `keys` -> its related keys
        # Key numbers fit in 16 bits while there are fewer than 32,767 keys (2,400 at 100,000 records): half
        # the memory of 32 bits, some 12 MB a worker. Widened on the key that does not fit.
        self.keys = numpy.full((0, 8), -1, dtype=numpy.int16)
        self.rows = 0
        self.every_documents_totals = None
        # Vectors.
        self.matrix = numpy.empty((0, DIMENSIONS), dtype=numpy.float32)
        self.row_text = numpy.empty(0, dtype=numpy.int64)  # the text each row embeds, by number
        self.text_numbers = {}  # text hash -> number
        self.records_of_text = []  # number -> set of record ids
        self.text_of = numpy.full(0, -1, dtype=numpy.int32)  # record id -> the number of its text
        self.new_blocks, self.new_row_text = [], []

    # Reading.

    def counts(self, *records):
        """[{facet: {value: count}}] of each list of record ids in `records`, from their keys."""
        with self.lock:
            self._refresh()
            totals = [self._totals(ids) for ids in records]
            names = self.key_names
        counts = []
        for total in totals:
            counts.append({})
            for number in numpy.flatnonzero(total).tolist():
                facet, value = names[number]
                counts[-1].setdefault(facet, {})[value] = int(total[number])
        return counts

    def _totals(self, ids):
        rows = self.rows_of(ids)
        if 2 * len(rows) <= self.rows:
            return self._count_keys(rows)
        # Most of the documents: the rest's keys are fewer to count, and taken from every document's.
        rest = numpy.ones(self.rows, dtype=bool)
        rest[rows] = False
        return self._every_documents_totals() - self._count_keys(numpy.flatnonzero(rest))

    def _count_keys(self, rows):
        numbers = self.keys[rows].ravel()
        return numpy.bincount(numbers[numbers >= 0], minlength=len(self.key_names))

    def _every_documents_totals(self):
        """The keys of every row held counted: kept until the documents change."""
        if self.every_documents_totals is None:
            self.every_documents_totals = self._count_keys(numpy.arange(self.rows))
        return self.every_documents_totals

    def sharing(self, keys, also=(), limit=4, leaving_out=()):
        """Ids of the `limit` records holding the most of `keys` (facet keys of RELATED_FACETS), a record of
        `also` (ids) counting as holding one more; among equals, the newest (the highest id) first. A record
        holding none is left out, as are those of `leaving_out`.

        Every record is scored, reading its related keys alone: 2-3 ms at 100,000 records, where the same
        choice in SQL took 10-15 ms over candidates it had to narrow first.
        """
        if any(key.partition(":")[0] not in RELATED_FACETS for key in keys):
            raise ValueError(f"Only keys of {RELATED_FACETS} are read: {keys}")
        with self.lock:
            self._refresh()
            # A weight for each key number; the padding (-1), read unsigned, is clipped to the last: none.
            weight = numpy.zeros(len(self.key_names) + 1, dtype=numpy.int8)
            weight[[self.key_numbers[key] for key in keys if key in self.key_numbers]] = 1
            held = self.keys[: self.rows].view(numpy.uint16 if self.keys.dtype == numpy.int16 else numpy.uint32)
            weighed = numpy.take(weight, held[:, :RELATED_COLUMNS], mode="clip")
            scores = numpy.zeros(self.rows, dtype=numpy.int16)
            for column in weighed.T:  # column by column: summing along rows of 10 took twice as long
                scores += column
            wide = numpy.flatnonzero(self.related_in_row[: self.rows] > RELATED_COLUMNS)
            scores[wide] += numpy.take(weight, held[wide, RELATED_COLUMNS:], mode="clip").sum(axis=1, dtype=numpy.int16)
            scores[self.rows_of(also)] += 1
            scores[self.rows_of(leaving_out)] = 0
            ids = self.record_at[: self.rows]
        # The lowest score that `limit` records reach, then those records, sorted: a few hundred, not all.
        at_least = numpy.cumsum(numpy.bincount(scores)[::-1])
        floor = max(len(at_least) - 1 - int(numpy.searchsorted(at_least, limit)), 1)
        rows = numpy.flatnonzero(scores >= floor)
        order = numpy.lexsort((-ids[rows], -scores[rows]))[:limit]
        return ids[rows[order]].tolist()

    def rows_of(self, record_ids):
        """The rows of the records `record_ids` that the index holds."""
        record_ids = numpy.fromiter(record_ids, dtype=numpy.int64)
        rows = self.row_of[record_ids[record_ids < len(self.row_of)]]
        return rows[rows >= 0]

    def nearest(self, vector, limit, threshold):
        """[(record id, similarity)] of the `limit` records closest to `vector` (by their closest chunk),
        each at least `threshold`; among records of the same text, the newest first."""
        with self.lock:
            self._refresh()
            if not len(self.row_text):
                return []
            scores = self.matrix @ vector
            close = numpy.flatnonzero(scores >= threshold)
            found = {}
            for row in close[numpy.argsort(-scores[close], kind="stable")]:
                if len(found) >= limit:
                    break
                for record_id in sorted(self.records_of_text[self.row_text[row]], reverse=True)[:limit]:
                    found.setdefault(record_id, float(scores[row]))
            return list(found.items())[:limit]

    def vector_of(self, record_id):
        """The direction of `record_id`'s text: its chunks' vectors averaged and normalised, or None when
        it is not embedded (yet)."""
        with self.lock:
            self._refresh()
            number = self.text_of[record_id] if record_id < len(self.text_of) else -1
            if number < 0:
                return None
            mean = self.matrix[self.row_text == number].mean(axis=0)
        norm = numpy.linalg.norm(mean)
        return mean / norm if norm else None

    # Keeping current.

    def _refresh(self):
        looked = getattr(_looked, "indexes", None)
        if looked is not None and self in looked:
            return
        self._look()
        if looked is not None:  # once the look succeeded: a failed one is tried again at the next use
            looked.add(self)

    def _look(self):
        if self.looked_at is None:
            self._load()
            return
        changed = self.documents.filter(indexed_at__gte=self.looked_at - LATE_COMMIT_MARGIN)
        self.looked_at = timezone.now()
        rows = list(changed.annotate(embedded=~Q(embedding=None)).values_list(*self.columns))
        self._place([row for row in rows if not self._seen(row[0], row[2])])
        orphans = sum(1 for records in self.records_of_text if not records)
        if time.monotonic() - self.counted_at > RECOUNT_SECONDS:
            # Counting the documents costs a read of an index: now and then is enough to notice deletions.
            self.counted_at = time.monotonic()
            deleted = self.documents.count() != self.held
        else:
            deleted = False
        # Some were deleted, or half the texts are edited records' old ones: read them all again.
        if deleted or orphans > len(self.records_of_text) // 2:
            self._reset()
            self._load()

    columns = ("record_id", "embedded_text_hash", "indexed_at", "keys", "embedded")

    def _load(self):
        self.looked_at = timezone.now()
        rows = self.documents.annotate(embedded=~Q(embedding=None)).values_list(*self.columns)
        # A chunk at a time, through one cursor: the 100,000 documents' rows read at once took some 200 MB
        # for a moment, which the worker process then kept.
        chunks = rows.iterator(chunk_size=LOAD_CHUNK)
        while chunk := list(itertools.islice(chunks, LOAD_CHUNK)):
            self._place(chunk)

    def _place(self, rows):
        """Hold the documents `rows` (self.columns), as they are now."""
        unseen = {row[1] for row in rows if row[4]} - set(self.text_numbers)
        vectors = self._vectors(unseen)
        for record_id, text_hash, indexed_at, keys, _embedded in rows:
            self._place_keys(record_id, keys)
            self._place_text(record_id, text_hash, vectors.get(text_hash))
            self.seen_at = grown(self.seen_at, record_id)
            if self.seen_at[record_id] < 0:
                self.held += 1
            self.seen_at[record_id] = microseconds(indexed_at)
        if self.new_blocks:  # the new texts' vectors added to the matrix in one copy
            self.matrix = numpy.vstack([self.matrix, *self.new_blocks])
            self.row_text = numpy.concatenate([self.row_text, *self.new_row_text])
            self.new_blocks, self.new_row_text = [], []

    def _seen(self, record_id, indexed_at):
        return record_id < len(self.seen_at) and self.seen_at[record_id] == microseconds(indexed_at)

    def _vectors(self, text_hashes):
        """{text hash: vectors} of the texts `text_hashes`, each read once; no query for none."""
        if not text_hashes:
            return {}
        embedded = self.documents.exclude(embedding=None).filter(embedded_text_hash__in=text_hashes)
        one_a_text = embedded.order_by().values("embedded_text_hash").annotate(first=Min("pk")).values("first")
        model = self.documents.model
        return dict(model.objects.filter(pk__in=one_a_text).values_list("embedded_text_hash", "embedding"))

    def _place_keys(self, record_id, keys):
        self.every_documents_totals = None
        numbers = [self._key_number(key) for key in keys]
        related = sum(1 for number in numbers if self.key_names[number][0] in RELATED_FACETS)
        numbers.sort(key=lambda number: self.key_names[number][0] not in RELATED_FACETS)  # related first
        self.row_of = grown(self.row_of, record_id)
        row = self.row_of[record_id]
        if row < 0:
            row = self.row_of[record_id] = self.rows
            self.record_at = grown(self.record_at, row)
            self.related_in_row = grown(self.related_in_row, row)
            self.record_at[row] = record_id
            self.rows += 1
        self.related_in_row[row] = related
        height, width = self.keys.shape
        dtype = self.keys.dtype if len(self.key_names) <= numpy.iinfo(self.keys.dtype).max else numpy.int32
        if row >= height or len(numbers) > width or dtype != self.keys.dtype:
            # A quarter more rows at a time, as the first load reads them chunk by chunk.
            larger = numpy.full((max(height + height // 4, row + 1, 64), max(width, len(numbers))), -1, dtype=dtype)
            larger[:height, :width] = self.keys
            self.keys = larger
        self.keys[row] = -1
        self.keys[row, : len(numbers)] = numbers

    def _key_number(self, key):
        number = self.key_numbers.get(key)
        if number is None:
            number = self.key_numbers[key] = len(self.key_names)
            facet, _, value = key.partition(":")
            self.key_names.append((facet, value))
        return number

    def _place_text(self, record_id, text_hash, vectors):
        self.text_of = grown(self.text_of, record_id)
        if self.text_of[record_id] >= 0:
            self.records_of_text[self.text_of[record_id]].discard(record_id)
            self.text_of[record_id] = -1
        number = self.text_numbers.get(text_hash)
        if number is None:
            if vectors is None:
                return  # not embedded yet: its vectors come with the change that stores them
            block = numpy.frombuffer(bytes(vectors), dtype=numpy.float32).reshape(-1, DIMENSIONS)
            number = self.text_numbers[text_hash] = len(self.records_of_text)
            self.records_of_text.append(set())
            self.new_blocks.append(block)
            self.new_row_text.append(numpy.full(len(block), number, dtype=numpy.int64))
        self.records_of_text[number].add(record_id)
        self.text_of[record_id] = number


def grown(array, index):
    """`array`, or a copy twice as long or more, padded with -1, so that it has a place at `index`."""
    if index < len(array):
        return array
    copy = numpy.full(max(index + 1, 2 * len(array)), -1, dtype=array.dtype)
    copy[: len(array)] = array
    return copy


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def microseconds(moment):
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)
