"""How often general English writes ``x’s`` against ``xs``: evidence for a dropped apostrophe.

``microsofts`` is almost never written and ``microsoft’s`` often; ``users`` and
``user’s`` both are.  The table (``english_table``, 300 KB of gzipped text, derived
from wordfreq's data by ``scripts/build_english_table.py``; CC-BY-SA 4.0, see
``LICENSE-wordfreq.txt``) is imported on the first lookup only: a file with no
candidate word never loads it.  Lookups search the decompressed
text (no 58,000-entry dict is built: that costs ~35 ms, the search ~50 µs a word).
"""

from __future__ import annotations

import functools
import base64
import bisect
import gzip


@functools.lru_cache(maxsize=1)
def _table() -> list[str]:
    from fmlint.rules.text.english_table import DATA

    return gzip.decompress(base64.b64decode(DATA)).decode("utf-8").split("\n")  # sorted by stem


@functools.lru_cache(maxsize=8192)
def frequencies(stem: str) -> tuple[float, float]:
    """(Zipf frequency of ``stem’s``, of ``stems``) in English; 0 for a form not listed.

    Zipf is log10 of occurrences per billion words: 3 is once per million words.
    """
    table, key = _table(), stem.lower() + "\t"
    index = bisect.bisect_left(table, key)
    if index == len(table) or not table[index].startswith(key):
        return 0.0, 0.0
    _, possessive, plain = table[index].split("\t")
    return int(possessive) / 100, int(plain) / 100
