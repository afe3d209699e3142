"""YAML problems are diagnostics at exact positions, never tracebacks (FM1xx)."""

from __future__ import annotations

import pytest
from conftest import found, lint, run_json

YAML_CASES = [
        pytest.param("title: Rust 2.0: what changes\n", [("FM101", 2, 16)], id="colon-in-plain-value"),
        pytest.param("title: [unclosed\n", [("FM101", 3, 1)], id="unclosed-flow"),
        pytest.param('title: "open\n', [("FM101", 3, 1)], id="unclosed-quote"),
        pytest.param("a: 1\nb: 2\na: 3\n", [("FM102", 2, 1), ("FM102", 4, 1)], id="duplicate-both-places"),
        pytest.param("p:\n  x: 1\n  x: 2\n", [("FM102", 3, 3), ("FM102", 4, 3)], id="nested-duplicate"),
        pytest.param("a:\n\tb: 1\n", [("FM103", 3, 1)], id="tab-indent"),
        pytest.param("a: |\n  x\n  \ty\n", [], id="tab-inside-literal-block-is-content"),
        pytest.param('title: "a long\n  \tcontinued title"\n', [], id="tab-after-indent-in-quoted-value"),
        pytest.param("title: 'a long\n \tcontinued'\n", [], id="tab-after-indent-in-single-quoted-value"),
        pytest.param("title: a long\n  \tcontinued title\n", [], id="tab-after-indent-in-plain-value"),
        pytest.param('title: "a\n \t \t b \t"\nnext: 1\n', [], id="tabs-and-spaces-in-quoted-value"),
        pytest.param('a: "x\n   \t\n  y"\n', [], id="tab-on-blank-line-in-quoted-value"),
        pytest.param("tags: [a,\n \tb]\n", [], id="tab-after-indent-in-flow-list"),
        pytest.param("p:\n  tags: [a,\n   \tb]\n", [], id="tab-after-nested-indent-in-flow-list"),
        pytest.param("a: 1\n \t\nb: 2\n", [], id="tab-on-blank-line"),
        pytest.param("a: 1\n \t# note\nb: 2\n", [], id="tab-before-comment"),
        pytest.param("a: >\n  x\n   \ty\nb: 1\n", [], id="tab-inside-folded-block-is-content"),
        pytest.param('title: "a long\n\tcontinued"\n', [("FM103", 3, 1)], id="tab-before-indent-of-quoted-value"),
        pytest.param("p:\n  tags: [a,\n  \tb]\n", [("FM103", 4, 3)], id="tab-before-nested-indent-of-flow-list"),
        pytest.param("p:\n  a: |\n    x\n\tb: 1\n", [("FM103", 5, 1)], id="tab-after-literal-block"),
        pytest.param("a: &x [1]\nb: *x\n", [("FM104", 3, 4)], id="alias"),
        pytest.param("a: &x 1\nb: &x 2\nc: *x\n", [("FM104", 4, 4)], id="redefined-anchor-is-valid"),
        pytest.param("a: &x [1, *x]\nb: &x {c: *x}\n", [("FM104", 2, 11), ("FM104", 3, 11)],
                     id="redefined-anchor-with-aliases-inside"),
        pytest.param("a: *nope\n", [("FM101", 2, 4)], id="undefined-alias"),
        pytest.param("a: &x 1\nb: *y\n", [("FM101", 3, 4)], id="undefined-alias-beside-an-anchor"),
        pytest.param('title: "Clearview\u0092s tech"\n', [("FM101", 2, 18), ("FM604", 2, 18)], id="c1-in-quoted-value"),
        pytest.param('a: "😀 é"\ntitle: \'😀 Joe\u0092s\'\n', [("FM101", 3, 14), ("FM604", 3, 14)],
                     id="c1-after-wide-characters"),
        pytest.param('a: "x\ufffe"\n', [("FM101", 2, 6)], id="noncharacter"),
        pytest.param("published: yes\n", [("FM105", 2, 12)], id="yaml11-yes"),
        pytest.param("a: [no, off, On, Y, n]\n", [("FM105", 2, 5), ("FM105", 2, 9), ("FM105", 2, 14), ("FM105", 2, 18),
                                                  ("FM105", 2, 21)], id="yaml11-bools-in-flow"),
        pytest.param("mode: 010\n", [("FM105", 2, 7)], id="yaml11-octal"),
        pytest.param("length: 1:30\n", [("FM105", 2, 9)], id="yaml11-sexagesimal"),
        pytest.param("on: push\n", [("FM105", 2, 1)], id="yaml11-key"),
        pytest.param('a: "yes"\nb: true\nc: 10\nd: 0o10\ne: 007\n', [], id="unambiguous-values"),
        pytest.param("- a\n- b\n", [("FM106", 2, 1)], id="list-not-mapping"),
        pytest.param("a: !!python/object/apply:os.system [ls]\n", [("FM107", 2, 4)], id="python-tag"),
        pytest.param("a: !custom x\n", [("FM107", 2, 4)], id="custom-tag"),
        pytest.param("? [a, b]\n: 1\n", [("FM108", 2, 3)], id="complex-key"),
]


@pytest.mark.parametrize("front_matter, expected", YAML_CASES)
def test_yaml_problems(front_matter, expected):
    assert found(f"---\n{front_matter}---\nbody\n") == expected


@pytest.mark.parametrize("front_matter, expected", YAML_CASES)
def test_yaml_problems_through_the_cli_on_real_files(tmp_path, front_matter, expected):
    (tmp_path / "post.md").write_text(f"---\n{front_matter}---\nbody\n")
    code, records = run_json("--no-cache", "post.md", cwd=tmp_path)
    assert [(r["code"], r["line"], r["column"]) for r in records] == expected
    assert code == (1 if any(r["severity"] == "error" for r in records) else 0)  # warnings alone do not fail


def test_syntax_error_message_has_a_hint():
    [diagnostic] = lint("---\ntitle: Rust 2.0: what changes\n---\n")
    assert "must be quoted" in diagnostic.message


def test_duplicate_key_messages_point_at_each_other():
    first, second = lint("---\na: 1\nb: 2\na: 3\n---\n")
    assert "line 4" in first.message and "line 2" in second.message


def test_tags_are_never_constructed(tmp_path):
    marker = tmp_path / "pwned"
    text = f"---\na: !!python/object/apply:os.system ['touch {marker}']\n---\n"
    lint(text)
    assert not marker.exists()


def test_yaml11_fix_is_unsafe_and_spans_the_value():
    [diagnostic] = lint("---\npublished: yes\n---\n")
    assert diagnostic.fix.applicability == "unsafe"
    [edit] = diagnostic.fix.edits
    assert (edit.start, edit.end, edit.content) == (15, 18, "true")


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param('+++\ntitle = "x"\nbad = \n+++\n', [("FM101", 3, 7)], id="toml-syntax"),
        pytest.param('{\n "a": 1,\n}\n', [("FM101", 3, 1)], id="json-trailing-comma"),
    ],
)
def test_toml_and_json_syntax(text, expected):
    assert found(text) == expected
