"""Edits inside one scalar: changed ranges, escaping, and fixes that touch only what changed."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmlint.fixing.loop import splice
from fmlint.model import Edit
from fmlint.reading.frontmatter import read
from fmlint.reading.scalars import changed_ranges, string_fix

TEXT = st.text(alphabet="ab c’'\"\\é\n", min_size=0, max_size=900)


def rebuild(old: str, new: str) -> str:
    pieces, position = [], 0
    for i1, i2, j1, j2 in changed_ranges(old, new):
        assert position <= i1 <= i2
        pieces += [old[position:i1], new[j1:j2]]
        position = i2
    return "".join(pieces) + old[position:]


@settings(max_examples=300, deadline=None)
@given(TEXT, st.lists(st.tuples(st.integers(0, 900), st.sampled_from(["", "’", "x", "yz"]), st.integers(0, 2)),
                      max_size=6))
def test_changed_ranges_rebuild_the_new_text(old, changes):
    new = old
    for at, insert, delete in changes:
        at = min(at, len(new))
        new = new[:at] + insert + new[at + delete:]
    assert rebuild(old, new) == new


def test_long_values_are_diffed_in_linear_time():
    text = " ".join(f"w{i}" for i in range(20000))
    new = text[:100] + "X" + text[101:90000] + "Y" + text[90001:]
    started = time.process_time()
    assert changed_ranges(text, new) == [(100, 101, 100, 101), (90000, 90001, 90000, 90001)]
    assert time.process_time() - started < 1.0  # generous: the quadratic version took minutes


@pytest.mark.parametrize(
    "source, new, expected",
    [
        pytest.param('a: "Clearviews tech"\n', "Clearview’s tech", 'a: "Clearview’s tech"\n', id="double-quoted"),
        pytest.param("a: 'isnt it'\n", "isn't it", "a: 'isn''t it'\n", id="single-quoted-doubles-the-quote"),
        pytest.param("a: caf\u00c3\u00a9 au lait\n", "café au lait", "a: café au lait\n", id="plain"),
        pytest.param('a: "say \\"hi\\" &amp; go"\n', 'say "hi" & go', 'a: "say \\"hi\\" & go"\n', id="escapes-kept"),
        pytest.param("a: |\n  line one isnt\n  line two\n", "line one isn’t\nline two\n",
                     "a: |\n  line one isn’t\n  line two\n", id="literal-block"),
    ],
)
def test_string_fix_edits_only_the_changed_characters(source, new, expected):
    doc, fm = read(f"---\n{source}---\n".encode(), "x.md")
    pointer, old, node = fm.strings[0]
    fix = string_fix(fm, pointer, node, old, new)
    assert splice(doc.text, list(fix.edits)) == f"---\n{expected}---\n"
    assert all(isinstance(edit, Edit) and edit.end - edit.start <= 6 for edit in fix.edits)
    assert fix.values == ((pointer, new),)


@settings(max_examples=3000, deadline=None, database=None, derandomize=True)
@given(st.sampled_from(["", "'", '"']), st.lists(st.sampled_from(["a", " ", "\\", "'", '"', "\n", "\r", "\t", "é",
                                                                  "\\n", "''", "\\x41", "  \n  "]), max_size=12).map("".join),
       st.booleans())
def test_a_verbatim_scalar_maps_as_the_character_loop_maps_it(style, body, quote):
    """``source_offsets`` answers a scalar with no escape, fold or ``''`` without its loop."""
    from fmlint.reading import scalars

    source = style + body + style if quote else body
    if style in ("", "'", '"'):
        quoted = 1 if style else 0
        assert scalars.source_offsets(source, style) == scalars._mapped(source, style, quoted, len(source) - quoted)
