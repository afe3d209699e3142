"""The vocabulary's cache on disk: per-file entries and their sum, each sealed by this user.

``running.vocabulary`` decides what to re-read; this module only reads and writes the two
files (``cache_store`` gives the HMAC seal and the atomic write), and trusts an entry only
when it is sealed and has exactly the shape written here.
"""

from __future__ import annotations

import os
from collections import Counter

from fmlint.running.vocabulary_counts import Vocabulary

CACHE_NAME = "vocabulary.json"  # per file: what each contributes
SUMMARY_NAME = "vocabulary-summary.json"  # the sum, and the stamps it was made from
CACHE_VERSION = "vocabulary-2"


def load_summary(path: str) -> tuple[dict, Vocabulary] | None:
    """(the stamps it was made from, the summed vocabulary), when this user sealed it."""
    from fmlint.running.cache_store import is_sealed, read_entries

    entry = read_entries(path, CACHE_VERSION).get("summary")
    if not (isinstance(entry, list) and len(entry) == 3 and is_sealed("summary", entry[:2], entry[2])):
        return None
    files, counts = entry[0], entry[1]
    try:
        possessive, plain, names, pairs, apostrophes, total = counts
        return dict(files), Vocabulary(Counter(possessive), Counter(plain), Counter(names), Counter(pairs),
                                       int(total), (int(apostrophes[0]), int(apostrophes[1])))
    except (TypeError, ValueError, IndexError):
        return None


def save_summary(path: str, files: dict, vocabulary: Vocabulary) -> None:
    from fmlint.running.cache_store import seal, write_entries

    counts = [dict(+vocabulary.possessive), dict(+vocabulary.plain), dict(+vocabulary.names), dict(+vocabulary.pairs),
              list(vocabulary.apostrophes), vocabulary.files]
    body = [files, counts]
    write_entries(os.path.dirname(path), path, CACHE_VERSION, {"summary": [*body, seal("summary", body)]})


def raw_entries(path: str) -> dict:
    """The per-file entries as stored; each is proven (``_entry``) only when it is used."""
    from fmlint.running.cache_store import read_entries

    return dict(read_entries(path, CACHE_VERSION))


def proven_entry(raw: dict, relative: str):
    """[stamp, learned] of one stored entry when this user sealed it (``cache_store``: each
    entry carries an HMAC with the user's secret) and it has exactly our shape; else None."""
    from fmlint.running.cache_store import is_sealed

    value = raw.get(relative)
    if isinstance(value, list) and len(value) == 3 and _valid_entry(value[:2]) and is_sealed(relative, value[:2],
                                                                                            value[2]):
        return value[:2]
    return None


def sealed_entry(relative: str, entry: list) -> list:
    from fmlint.running.cache_store import seal

    return [*entry, seal(relative, entry)]


def _valid_entry(value) -> bool:
    """A cache entry is used only when its shape is exactly what we write."""
    return (isinstance(value[0], list) and len(value[0]) == 2 and all(isinstance(n, int) for n in value[0])
            and isinstance(value[1], list) and len(value[1]) == 5
            and all(isinstance(words, list) and all(isinstance(w, str) for w in words) for words in value[1][:4])
            and isinstance(value[1][4], list) and len(value[1][4]) == 2
            and all(isinstance(n, int) and n >= 0 for n in value[1][4]))


def save_cache(path: str, entries: dict) -> None:
    """Entries as stored (sealed); a cache that cannot be written costs a re-read next time."""
    from fmlint.running.cache_store import write_entries

    write_entries(os.path.dirname(path), path, CACHE_VERSION, entries)
