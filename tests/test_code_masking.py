"""Code blocks and inline code are not prose: blanked in one linear pass (issue 15's fence hang).

The reference is the regex the text rules used before, whose lazy ``.*?`` rescanned to the
end of the text for every unclosed fence (672 KB of them took over two minutes).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import article, run_json
from fmlint.rules.text import glitch_tables as g

REFERENCE = re.compile(r"^([ \t]*)(```|~~~).*?^\1\2[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)
PIECES = st.sampled_from(["```", "~~~", "`", "````", "a", "b c", " ", "\t", "\n", "\r\n", "x`y`", "  ```", "\n```\n"])


@settings(max_examples=1000, deadline=None, database=None, derandomize=True)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_blanking_agrees_with_the_reference_regex(text):
    assert g.blank_code(text) == REFERENCE.sub(g._blank, text)


def test_blanking_keeps_offsets_and_line_breaks():
    text = "Say `isnt` here\n```\ndont\n```\nthen ~~~ not a fence"
    blanked = g.blank_code(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert "isnt" not in blanked and "dont" not in blanked and "then ~~~ not a fence" in blanked


def test_many_unclosed_fences_in_a_field_are_checked(tmp_path):
    """20,000 unclosed fences at distinct indentation (670 KB) in an HTML field; a glitch after them is found."""
    body = "".join(f"    {' ' * (i % 50)}```\n    word\n" for i in range(20_000))
    (tmp_path / ".fmlint.toml").write_text('html-fields = ["featuredContent"]\n', "utf-8")
    (tmp_path / "a.md").write_text(article(f"title: x\nfeaturedContent: |\n{body}    <p>It dont work</p>\n"), "utf-8")
    code, records = run_json("--no-cache", "--select", "FM610", "a.md", cwd=tmp_path)
    assert [(r["code"], r["line"], r["column"]) for r in records] == [("FM610", 40_004, 11)]
