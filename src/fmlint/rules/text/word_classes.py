"""Which classes of word a word can be (noun, verb, adjective...): FM613's context.

A possessive is followed by a noun phrase: ``Clearviews tech`` (a noun) reads as
``Clearview’s tech``, ``the pages use`` (a verb) as a plural.  The classes come from the
part-of-speech lexicon of Eric Brill's tagger as the ``brill`` package ships it (MIT, see
``LICENSE-brill.txt``), trimmed by ``scripts/build_word_classes.py`` to 64,000
alphabetic words and their likeliest classes.  Imported on the first lookup only (a
file with no candidate word never loads it); lookups search the sorted text (``sorted_lines``).
"""

from __future__ import annotations

import base64
import functools
import gzip

from fmlint.rules.text.sorted_lines import SortedLines


@functools.lru_cache(maxsize=1)
def _table() -> SortedLines:
    from fmlint.rules.text.word_class_table import DATA

    return SortedLines(gzip.decompress(base64.b64decode(DATA)))


@functools.lru_cache(maxsize=8192)
def classes(word: str) -> str:
    """Up to three letters, likeliest first (N noun, S plural noun, V verb, Z verb -s,
    D past verb, G -ing verb, J adjective, R adverb, M modal, C closed class); '' if unknown."""
    key = (word.lower() + "\t").encode("utf-8")
    line = _table().line_for(key)
    return "" if line is None else line[len(key):].decode("utf-8")
