"""Reading YAML front matter the same way on every libyaml: depth, tabs, anchors, forbidden characters.

Each libyaml version refuses different things (0.2.6 stops flow nesting at 1,000 levels
with a scanner error of its own), so these tests pin *our* answers: the depth limit is
FM007 at the node past ``MAX_DEPTH``, valid YAML parses, and every syntax error has a
line, a column and words.  The libyaml behaviour a test needs is simulated, not assumed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import described, lint, run_json

from fmlint.reading import limits
from fmlint.reading.document import decode, locate_front_matter
from fmlint.reading.frontmatter import parse
from fmlint.reading.yaml_reader import _AnchorLoader, _Loader


def article(front_matter: str) -> str:
    return f"---\n{front_matter}---\nbody\n"


def parsed(front_matter: str):
    doc = decode("x.md", article(front_matter).encode("utf-8"))
    locate_front_matter(doc)
    return parse(doc)


def records_for(tmp_path: Path, front_matter: str) -> tuple[int, list[tuple[str, int, int, str]]]:
    (tmp_path / "post.md").write_text(article(front_matter), "utf-8")
    code, records = run_json("--no-cache", "post.md", cwd=tmp_path)
    return code, [(r["code"], r["line"], r["column"], r["message"]) for r in records]


# --- 1. nesting past MAX_DEPTH is FM007 where the limit is crossed, whatever stops libyaml ---------

DEEP = [
    pytest.param("a: " + "[" * 1_001 + "\n", (2, 68), id="1001-flow-lists-on-one-line"),
    pytest.param("a: " + "[" * 100_000 + "]" * 100_000 + "\n", (2, 68), id="100k-flow-lists"),
    pytest.param("a: " + "[ " * 3_000 + "\n", (2, 132), id="spaced-flow-lists"),
    pytest.param("a:\n  b: " + "[" * 5_000 + "\n", (3, 69), id="flow-lists-under-a-block-mapping"),
    pytest.param("- " + "[" * 2_000 + "\n", (2, 67), id="flow-lists-in-a-block-list"),
    pytest.param("a: [" + "b, " * 30_000 + "[" * 1_001 + "\n", (2, 90_068), id="after-30k-items-on-one-line"),
    pytest.param("a: " + "[" * 65 + "]" * 65 + "\n", (2, 68), id="65-levels-small-text"),
]


@pytest.mark.parametrize("front_matter, position", DEEP)
def test_deep_flow_nesting_is_fm007_at_the_node_past_the_limit(front_matter, position):
    assert [(d.code, d.line, d.column) for d in lint(article(front_matter), select=("FM",))] == [("FM007", *position)]


def test_deep_flow_nesting_through_the_cli(tmp_path):
    code, records = records_for(tmp_path, "title: x\ntags: " + "[" * 1_001 + "\n")
    assert code == 1
    assert records == [("FM007", 3, 71, "front matter is nested deeper than 64 levels; not checked")]


def _refusing_parser(stop_at: int, message: str):
    """``yaml.parse`` as a libyaml that reads ahead and refuses any text longer than ``stop_at``.

    Like libyaml 0.2.6 at its own nesting limit, it raises before emitting a single
    event, at a mark of its choosing, in words of its choosing.  Shorter texts get the
    events of PyYAML's pure-Python parser, which has no nesting limit of its own.
    """
    real = yaml.parse

    def parse(text, Loader):  # noqa: N803 - yaml.parse's own argument name
        if len(text) > stop_at:
            raise yaml.scanner.ScannerError("while scanning", None, message,
                                            yaml.Mark("<unicode string>", stop_at, 0, stop_at, None, None))
        yield from real(text, Loader=yaml.SafeLoader)

    return parse


@pytest.mark.parametrize("stop_at", [70, 100, 1_003, 5_000, 99_999])
@pytest.mark.parametrize("message", ["exceeded maximum nesting depth", "something else entirely"])
def test_the_depth_limit_does_not_depend_on_libyamls_own_limit_or_words(monkeypatch, stop_at, message):
    text = "a: " + "[" * 100_000
    monkeypatch.setattr(yaml, "parse", _refusing_parser(stop_at, message))
    assert limits.scan_limits(text) == (limits.TOO_DEEP, 3 + 64)


def test_a_syntax_error_that_is_not_nesting_is_left_to_composing(monkeypatch):
    """Few nesting indicators between the last event and the error: no second pass, no FM007."""
    text = "".join(f"k{i}: value {i}\n" for i in range(10_000)) + "x: 'unclosed\n"
    calls = []
    real = yaml.parse
    monkeypatch.setattr(yaml, "parse", lambda text, Loader: calls.append(len(text)) or real(text, Loader=Loader))
    assert limits.scan_limits(text) is None
    assert calls == [len(text)]
    [diagnostic] = lint(article(text), select=("FM1", "FM007"))
    assert diagnostic.code == "FM101" and diagnostic.line > 10_000


def test_error_index_counts_characters_where_libyaml_counts_bytes():
    text = 'a: "😀 é"\ntitle: "\u0092"\n'
    try:
        list(yaml.parse(text, Loader=yaml.CSafeLoader))
    except yaml.reader.ReaderError as error:
        assert limits.error_index(text, error) == text.index("\u0092")
    else:
        pytest.fail("libyaml accepted a C1 control character")


# --- 2. a tab inside a multi-line value is white space, not indentation ---------------------------

def test_tab_in_a_quoted_values_continuation_line_through_the_cli(tmp_path):
    code, records = records_for(tmp_path, 'title: "a long\n  \tcontinued title"\nexcerpt: x\n')
    assert (code, records) == (0, [])


def test_tab_where_indentation_is_needed_is_still_reported_through_the_cli(tmp_path):
    code, records = records_for(tmp_path, 'title: "a long\n\tcontinued title"\np:\n  q: [a,\n  \tb]\n')
    assert code == 1
    assert [(c, line, column) for c, line, column, _ in records] == [("FM103", 3, 1), ("FM103", 6, 3)]


# --- 3. a redefined anchor is valid YAML: later aliases mean the latest node ----------------------

def test_redefined_anchor_parses_and_the_alias_means_the_latest():
    fm = parsed("a: &x 1\nb: &x two\nc: *x\nd: &x [1]\ne: *x\n")
    assert fm.ok and fm.data == {"a": 1, "b": "two", "c": "two", "d": [1], "e": None}


def test_redefined_anchor_through_the_cli(tmp_path):
    code, records = records_for(tmp_path, "title: x\na: &x 1\nb: &x 2\nc: *x\n")
    assert code == 0  # FM104 is a warning
    assert [(c, line, column) for c, line, column, _ in records] == [("FM104", 5, 4)]
    assert "the value at /b" in records[0][3]


def test_anchor_loader_builds_the_same_tree_as_libyamls_composer():
    text = (Path(__file__).parent / "data" / "article.md").read_text("utf-8").split("---\n")[1]
    for source in (text, "a: &x [1, *x]\nb: !!str 3\nc: |\n  x\n  y\nd: >-\n  q\ne: 'x\n  y'\nf: [a,\n  b]\n? g\n: h\n"):
        assert _tree(yaml.compose(source, Loader=_AnchorLoader)) == _tree(yaml.compose(source, Loader=_Loader))


def _tree(node, seen=None):
    seen = set() if seen is None else seen
    if id(node) in seen:
        return "alias", node.start_mark.index
    seen.add(id(node))
    head = (type(node).__name__, node.tag, node.start_mark.index, node.end_mark.index, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return head + (node.value, node.style)
    if isinstance(node, yaml.SequenceNode):
        return head + (node.flow_style, [_tree(item, seen) for item in node.value])
    return head + (node.flow_style, [(_tree(k, seen), _tree(v, seen)) for k, v in node.value])


def test_redefined_anchor_with_deep_nesting_is_fm007_not_a_recursion_error():
    """The retry composes in Python (recursive): it stops at MAX_DEPTH even where the limit scan is skipped."""
    front_matter = "a: &x 1\nb: &x " + "[" * 250 + "]" * 250 + "\n"
    assert [(d.code, d.line, d.column) for d in lint(article(front_matter), select=("FM",))] == [("FM007", 3, 71)]


def test_other_composer_errors_beside_an_anchor_keep_their_position_and_words():
    [diagnostic] = described(article("a: &x 1\nb: *y\n"), select=("FM1",))
    assert diagnostic[:3] == ("FM101", 3, 4) and "undefined alias" in diagnostic[3]


# --- 4. a character YAML forbids: FM101 at that character, in words ------------------------------

def test_c1_control_in_a_quoted_value_through_the_cli(tmp_path):
    code, records = records_for(tmp_path, 'title: "Clearview\u0092s tech"\n')
    assert code == 1
    assert [(c, line, column) for c, line, column, _ in records] == [("FM101", 2, 18), ("FM604", 2, 18)]
    message = records[0][3]
    assert message.startswith("YAML syntax error: control character U+0092 is not allowed in YAML")
    assert '"’"' in message and '"\\x92"' in message and "position" not in message


@pytest.mark.parametrize(
    "front_matter, position, words",
    [
        pytest.param('a: "x\x07"\n', (2, 6), ["control character U+0007", '"\\x07"'], id="c0-control"),
        pytest.param("a: x\x81y\n", (2, 5), ["control character U+0081", '"\\x81"'], id="c1-undefined-in-cp1252"),
        pytest.param('a: é\nb: "\ufffe"\n', (3, 5), ["character U+FFFE", '"\\uFFFE"'], id="noncharacter"),
    ],
)
def test_forbidden_characters_are_named_at_their_position(front_matter, position, words):
    [(code, line, column, message)] = described(article(front_matter), select=("FM1",))
    assert (code, (line, column)) == ("FM101", position)
    assert all(word in message for word in words), message
