"""Reading a file: decoding, fences, positions (FM0xx, FM601/602)."""

from __future__ import annotations

import pytest
from conftest import found, lint, run_json

from fmlint.reading.document import decode, locate_front_matter
from fmlint.reading.frontmatter import parse

READING_CASES = [
        pytest.param(b"---\ntitle: x\n---\nbody\n", [], id="clean-lf"),
        pytest.param(b"---\r\ntitle: x\r\n---\r\nbody\r\n", [], id="clean-crlf"),
        pytest.param(b"---\ntitle: x\n...\nbody\n", [], id="yaml-document-end-fence"),
        pytest.param(b"---\ntitle: x\n", [("FM006", 1, 1)], id="unterminated"),
        pytest.param(b"+++\ntitle = 'x'\n", [("FM006", 1, 1)], id="unterminated-toml"),
        pytest.param(b"\xef\xbb\xbf---\ntitle: x\n---\n", [("FM601", 1, 1)], id="bom-tolerated-and-reported"),
        pytest.param(b"---\ntitle: caf\xe9\n---\n", [("FM002", 2, 11)], id="latin1-byte-position"),
        pytest.param(b"\xff\xfe-\x00-\x00-\x00", [("FM002", 1, 1)], id="utf16"),
        pytest.param(b"---\x00\x01binary", [("FM003", 1, 1)], id="binary"),
        pytest.param(b"---\ntitle: x\r\nb: z\n---\n", [("FM602", 2, 9)], id="mixed-line-endings"),
]


@pytest.mark.parametrize("source, expected", READING_CASES)
def test_reading_problems(source, expected):
    assert found(source) == expected


@pytest.mark.parametrize("source, expected", READING_CASES)
def test_reading_problems_through_the_cli_on_real_files(tmp_path, source, expected):
    (tmp_path / "post.md").write_bytes(source)
    code, records = run_json("--no-cache", "post.md", cwd=tmp_path)
    assert [(r["code"], r["line"], r["column"]) for r in records] == expected


def test_missing_front_matter_only_reported_when_a_schema_applies():
    assert found("# Just a README\n") == []
    assert found("# Just a README\n", schema="article") == [("FM005", 1, 1)]


def test_messages_name_the_likely_encoding():
    [latin] = lint(b"---\ntitle: \x93quoted\x94\n---\n")
    assert "cp1252" in latin.message and "0x93" in latin.message
    [utf16] = lint("---\ntitle: x\n---\n".encode("utf-16"))
    assert "UTF-16" in utf16.message


@pytest.mark.parametrize(
    "text, kind, front_matter",
    [
        ("---\na: 1\n---\nbody", "yaml", "a: 1\n"),
        ("---  \na: 1\n---  \n", "yaml", "a: 1\n"),
        ("+++\na = 1\n+++\n", "toml", "a = 1\n"),
        ('{\n "a": 1\n}\nbody\n', "json", '{\n "a": 1\n}'),
        ("---\n---\n", "yaml", ""),
        ("\ufeff---\na: 1\n---\n", "yaml", "a: 1\n"),
    ],
)
def test_fences(text, kind, front_matter):
    doc = decode("x.md", text.encode("utf-8"))
    locate_front_matter(doc)
    parse(doc)
    assert doc.kind == kind
    assert doc.front_matter_text == front_matter


def test_a_rule_stops_at_the_body_thematic_break():
    # A second '---' later in the body (a Markdown rule) is not part of the front matter.
    doc = decode("x.md", b"---\na: 1\n---\ntext\n\n---\nmore\n")
    locate_front_matter(doc)
    assert doc.front_matter_text == "a: 1\n"


def test_positions_count_code_points_and_crlf():
    doc = decode("x.md", "---\r\ntitle: \"😀 café\"\r\nb: 1\r\n---\r\n".encode())
    locate_front_matter(doc)
    fm = parse(doc)
    span = fm.span("/b")
    assert doc.position(span.start) == (3, 4)
    title = fm.span("/title")
    assert doc.position(title.start) == (2, 8) and doc.position(title.end) == (2, 16)
