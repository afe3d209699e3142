"""How often general English writes ``x’s`` against ``xs``: evidence for a dropped apostrophe.

``microsofts`` is almost never written and ``microsoft’s`` often; ``users`` and
``user’s`` both are.  The table (``english_table``, 300 KB of gzipped text, derived
from wordfreq's data by ``scripts/build_english_table.py``; CC-BY-SA 4.0, see
``LICENSE-wordfreq.txt``) is imported on the first lookup only: a file with no
candidate word never loads it.  Lookups search the decompressed
bytes (``sorted_lines``: no 58,000-entry dict is built, ~35 ms; the list of lines, ~8 ms,
only once a run has looked up hundreds of words; each word is looked up once).
"""

from __future__ import annotations

import functools
import base64
import gzip

from fmlint.rules.text.sorted_lines import SortedLines


@functools.lru_cache(maxsize=1)
def _table() -> SortedLines:
    from fmlint.rules.text.english_table import DATA

    return SortedLines(gzip.decompress(base64.b64decode(DATA)))  # sorted by stem


@functools.lru_cache(maxsize=8192)
def frequencies(stem: str) -> tuple[float, float]:
    """(Zipf frequency of ``stem’s``, of ``stems``) in English; 0 for a form not listed.

    Zipf is log10 of occurrences per billion words: 3 is once per million words.
    """
    key = (stem.lower() + "\t").encode("utf-8")
    line = _table().line_for(key)
    if line is None:
        return 0.0, 0.0
    _, possessive, plain = line.split(b"\t")
    return int(possessive) / 100, int(plain) / 100
