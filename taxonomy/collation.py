"""Names in the order a reader of the page's language expects: Égypte between Égalité and Espagne, not
after Zimbabwe; Sénégal before Syrie.

A database sorts by its own collation (SQLite by code point, PostgreSQL by the locale the cluster was
made with), so names are sorted here, in Python, the same on both: lists of names are short (250
countries at most), and already read to be shown. The order is the Unicode Collation Algorithm's, from
pyuca, pure Python, with its default table: letters first, accents only to break ties, case last. That
is the order of French and English, and of Spanish but for ñ, which Spanish sorts after n (no name in
the reference lists has an ñ whose place it would change). See docs/decisions/009-collation.md.
"""

from functools import cache, lru_cache

import pyuca


@cache
def _collator():
    return pyuca.Collator()  # reads its table once, about 0.3 s, into some 200,000 Python objects


def warm():
    """Read the table now, before a server's first request (config/gunicorn.py)."""
    _collator()


@lru_cache(maxsize=4096)
def sort_key(text):
    """The key that orders `text` among names; the same names come back on every page."""
    return _collator().sort_key(str(text))


def collated(items, name=str):
    """`items` sorted by `name(item)`, as a reader orders names."""
    return sorted(items, key=lambda item: sort_key(name(item)))
