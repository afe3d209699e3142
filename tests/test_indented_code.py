"""Markdown's indented code blocks are code, not prose, when check-body reads the body.

Before, a line indented four columns after a blank line ("    warning: cache isnt fresh")
was read as prose and its words flagged. What is still prose: a paragraph's lazy
continuation, a list item's continued paragraph, indented HTML inside a block element (how
kramdown, Jekyll's renderer, reads it), and any indentation in an MDX file.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import article, run_json
from fmlint.rules.text import indented_code
from fmlint.rules.text.indented_code import blank_indented_code


def _flagged(tmp_path, body: str, name: str = "a.md") -> list[tuple[str, int]]:
    (tmp_path / ".fmlint.toml").write_text("check-body = true\n", "utf-8")
    (tmp_path / name).write_text(article('title: "Release notes for the cache"\n', body), "utf-8")
    _, records = run_json("--no-cache", "--select", "FM610", name, cwd=tmp_path)
    return [(r["code"], r["line"]) for r in records]


# (body, the lines of the file, fences included, whose "isnt" is flagged)
CASES = {
    "an indented block after a blank line": ("Run it:\n\n    $ build\n    cache isnt fresh\n\nDone.\n", []),
    "a block after a heading": ("## Output\n    cache isnt fresh\n", []),
    "a tab-indented block": ("Run it:\n\n\tcache isnt fresh\n", []),
    "a block across a blank line": ("Run it:\n\n    one\n\n    cache isnt fresh\n", []),
    "a paragraph's lazy continuation": ("The cache\n    isnt fresh after a deploy.\n", [5]),
    "prose after the block": ("Run it:\n\n    build\nIt isnt slow.\n", [7]),
    "a list item's continued paragraph": ("- First step\n\n    and it isnt code.\n", [6]),
    "code inside a list item": ("- First step\n\n      cache isnt fresh\n", []),
    "a nested item's paragraph": ("- One\n  - Two\n\n      it isnt code either.\n", [7]),
    "indented HTML in a block element": ('<div class="note">\n  <p>\n\n    It isnt code.\n  </p>\n</div>\n', [7]),
    "an indented tag after a blank line": ("Intro.\n\n\t<p>It isnt code.</p>\n", [6]),
    "after the HTML element closes": ("<div>\nx\n</div>\n\n    cache isnt fresh\n", []),
}


@pytest.mark.parametrize("body, lines", CASES.values(), ids=CASES.keys())
def test_indented_code_is_not_read_as_prose(tmp_path, body, lines):
    assert _flagged(tmp_path, body) == [("FM610", line) for line in lines]


def test_mdx_has_no_indented_code(tmp_path):
    """MDX dropped indented code blocks: an indented line there is JSX layout or prose."""
    assert _flagged(tmp_path, "Run it:\n\n    cache isnt fresh\n", name="a.mdx") == [("FM610", 6)]


PIECES = st.sampled_from(["    ", "\t", "  ", " ", "- ", "1. ", "* ", "# ", "## x", "<div>", "</div>", "<p>", "isnt",
                          "a b", "\n", "\r\n", "\n\n"])


@settings(max_examples=2000, deadline=None, database=None, derandomize=True)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_blanking_keeps_offsets_and_line_breaks(text):
    blanked = blank_indented_code(text)
    assert len(blanked) == len(text)
    assert [i for i, c in enumerate(blanked) if c in "\r\n"] == [i for i, c in enumerate(text) if c in "\r\n"]
    assert all(b == t or b == " " for b, t in zip(blanked, text))
    if indented_code._MAY_OPEN.search(text) is None:  # the quick test skips only bodies with no block
        assert indented_code._code_lines(text.split("\n")) == []
