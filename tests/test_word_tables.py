"""The word tables' lookups (``sorted_lines.line_for``) give what a list of their lines would."""

from __future__ import annotations

import base64
import bisect
import functools
import gzip
import random
import string

import pytest

from fmlint.rules.text import english, english_table, sorted_lines, word_class_table, word_classes
from fmlint.rules.text.sorted_lines import line_for


def _reference(data: bytes):
    """The lookup as a sorted list and ``bisect`` do it (the way the tables were read before)."""
    lines = sorted(line for line in gzip.decompress(base64.b64decode(data)).decode("utf-8").split("\n") if line)

    def lookup(word: str) -> str | None:
        key = word.lower() + "\t"
        index = bisect.bisect_left(lines, key)
        return lines[index][len(key):] if index < len(lines) and lines[index].startswith(key) else None

    return lines, lookup


def _probes(lines: list[str], every: int) -> list[str]:
    rng = random.Random(14)
    alphabet = string.ascii_letters + "éüμ'-"
    words = [line.split("\t")[0] for line in lines[::every]] + [lines[0].split("\t")[0], lines[-1].split("\t")[0]]
    words += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))) for _ in range(3000)]
    return words + ["", "a", "zzzzzzz", lines[0].split("\t")[0][:-1], lines[-1].split("\t")[0] + "z"]


@pytest.fixture(params=["bytes", "list"])
def table_mode(request, monkeypatch):
    """Both ways ``SortedLines`` answers: searching the bytes (the first ``SPLIT_AFTER``
    lookups) and bisecting the list it splits into after that."""
    monkeypatch.setattr(sorted_lines, "SPLIT_AFTER", 10**9 if request.param == "bytes" else 0)
    for module in (english, word_classes):
        monkeypatch.setattr(module, "_table", functools.lru_cache(maxsize=1)(module._table.__wrapped__))
    return request.param


def test_word_classes_agree_with_the_list_lookup(table_mode):
    lines, lookup = _reference(word_class_table.DATA)
    for word in _probes(lines, 3):
        assert word_classes.classes.__wrapped__(word) == (lookup(word) or ""), word
    assert (word_classes._table().lines is None) == (table_mode == "bytes")


def test_english_frequencies_agree_with_the_list_lookup(table_mode):
    lines, lookup = _reference(english_table.DATA)
    for word in _probes(lines, 3):
        found = lookup(word)
        expected = (0.0, 0.0) if found is None else tuple(int(n) / 100 for n in found.split("\t"))
        assert english.frequencies.__wrapped__(word) == expected, word
    assert (english._table().lines is None) == (table_mode == "bytes")


def test_a_table_is_split_after_split_after_searches():
    table = sorted_lines.SortedLines(b"a\t1\nb\t2\nc\t3\n")
    for _ in range(sorted_lines.SPLIT_AFTER):
        assert table.line_for(b"b\t") == b"b\t2"
    assert table.lines is None
    assert table.line_for(b"c\t") == b"c\t3" and table.lines == [b"a\t1", b"b\t2", b"c\t3"]
    assert table.line_for(b"d\t") is None and table.line_for(b"\t") is None


@pytest.mark.parametrize("table, key, expected", [
    (b"", b"a\t", None),
    (b"a\t1", b"a\t", b"a\t1"),
    (b"a\t1\nb\t2\nc\t3", b"b\t", b"b\t2"),
    (b"a\t1\nb\t2\nc\t3\n", b"c\t", b"c\t3"),
    (b"ab\t1\nabc\t2", b"a\t", None),
    (b"ab\t1\nabc\t2", b"abc\t", b"abc\t2"),
])
def test_line_for_edges(table, key, expected):
    assert line_for(table, key) == expected
