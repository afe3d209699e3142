"""Which classes of word a word can be (noun, verb, adjective...): FM613's context.

A possessive is followed by a noun phrase: ``Clearviews tech`` (a noun) reads as
``Clearview’s tech``, ``the pages use`` (a verb) as a plural.  The classes come from the
part-of-speech lexicon of Eric Brill's tagger as the ``brill`` package ships it (MIT, see
``LICENSE-brill.txt``), trimmed by ``scripts/build_word_classes.py`` to 64,000
alphabetic words and their likeliest classes.  Imported on the first lookup only (a
file with no candidate word never loads it); lookups search the sorted text.
"""

from __future__ import annotations

import base64
import bisect
import functools
import gzip


@functools.lru_cache(maxsize=1)
def _table() -> list[str]:
    from fmlint.rules.text.word_class_table import DATA

    return gzip.decompress(base64.b64decode(DATA)).decode("utf-8").split("\n")


@functools.lru_cache(maxsize=8192)
def classes(word: str) -> str:
    """Up to three letters, likeliest first (N noun, S plural noun, V verb, Z verb -s,
    D past verb, G -ing verb, J adjective, R adverb, M modal, C closed class); '' if unknown."""
    table, key = _table(), word.lower() + "\t"
    index = bisect.bisect_left(table, key)
    if index == len(table) or not table[index].startswith(key):
        return ""
    return table[index][len(key):]
