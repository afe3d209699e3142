"""Hostile input: whatever the bytes, the pipeline ends in diagnostics, quickly, and fixes lose nothing.

The pipeline is read -> parse -> rules -> every reporter -> fix.  Its properties, checked
on generated input (hypothesis) and on hand-made extremes:

* no exception anywhere; every diagnostic has a sane position; every report parses
  (JSON and SARIF as JSON, JUnit as XML);
* ``fix_bytes`` never raises, its output is a fixed point (fixing it again changes
  nothing), and each pass changes exactly the spans its applied edits name;
* each file takes at most a few seconds, and the documented limits (``MAX_BYTES``,
  ``MAX_CHARS``, ``MAX_DEPTH``, ``MAX_NODES``, ``MAX_ALIAS_CHARS``) are reported as
  FM004 / FM007, never hit as a RecursionError or a C stack overflow (libyaml's
  composer segfaulted at ~25,000 levels of ``[`` before the event scan), nor as FM101
  from a libyaml with a nesting limit of its own (0.2.6 refuses 1,000 levels of flow).

The generated-case budget is short by default (CI).  For a long run, multiply it:
``FMLINT_FUZZ=50 pytest tests/test_hostile.py``.  Hypothesis keeps no example
database (nothing is written to the work tree); a failure prints its example.
"""

from __future__ import annotations

import io
import json
import os
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
from conftest import CORPUS, needs_shared, run_cli, run_json
from hypothesis import HealthCheck, assume, example, given, note, settings
from hypothesis import strategies as st

from fmlint.fixing import loop as fixer
from fmlint.fixing.loop import fix_bytes, splice
from fmlint.model import Diagnostic
from fmlint.reading import document, limits
from fmlint.reading.frontmatter import read
from fmlint.reporting import REPORTERS
from fmlint.rules import catalog
from fmlint.rules.engine import Settings, lint_bytes

SCALE = max(1, int(os.environ.get("FMLINT_FUZZ", "1") or 1))
OPTIONS = {"html_fields": ("featuredContent",)}
PLAIN = Settings(tuple(catalog.select(("FM",))), None, OPTIONS)
ARTICLE = Settings(tuple(catalog.select(("FM",))), "builtin:article", OPTIONS)
SECONDS_PER_FILE = 5.0  # a hang guard in CPU seconds (process_time: a busy machine does not move it), not a speed test
# ("a few seconds": the pipeline below runs lint, six reporters and fix twice); bench/ measures speed
STATS: Counter = Counter()  # generated cases run, and what they found (printed by the last test)


def budget(examples: int) -> settings:
    return settings(max_examples=examples * SCALE, deadline=None, database=None, derandomize=SCALE == 1,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def pipeline(data: bytes, settings_: Settings = PLAIN, path: str = "fuzz.md", unsafe: bool = True) -> list[Diagnostic]:
    """Run everything on ``data``, asserting the properties above; returns the diagnostics."""
    started = time.process_time()
    diagnostics = lint_bytes(data, path, settings_)
    _check_positions(data, diagnostics, path)
    _check_reports(data, diagnostics)
    _check_fix(data, settings_, path, unsafe)
    elapsed = time.process_time() - started
    assert elapsed < SECONDS_PER_FILE, f"{len(data):,} bytes took {elapsed:.1f}s"
    STATS["cases"] += 1
    STATS.update(d.code for d in diagnostics)
    return diagnostics


def _check_positions(data: bytes, diagnostics: list[Diagnostic], path: str) -> None:
    doc, _ = read(data, path)
    lines = len(doc.line_starts())
    for d in diagnostics:
        assert d.path == path and d.code in CODES
        assert 1 <= d.line <= lines and d.column >= 1, d
        assert (d.end_line, d.end_column) >= (d.line, d.column), d


def _check_reports(data: bytes, diagnostics: list[Diagnostic]) -> None:
    source = data.decode("utf-8", errors="replace").splitlines()

    def line(_path: str, number: int) -> str:
        return source[number - 1] if 0 < number <= len(source) else ""

    for name, reporter in REPORTERS.items():
        out = io.StringIO()
        reporter(diagnostics, line, out, color=name == "text")
        text = out.getvalue()
        if name in ("json", "sarif"):
            json.loads(text)
        elif name == "junit":
            ET.fromstring(text.split("\n", 1)[1])
        else:
            assert text.endswith("\n") or not text


def _check_fix(data: bytes, settings_: Settings, path: str, unsafe: bool) -> None:
    outcome = fix_bytes(data, path, settings_, unsafe)
    if outcome.changed:
        STATS["fixed"] += 1
        outcome.fixed.decode("utf-8")  # whatever came in, a fixed file is UTF-8
        before, after = read(data, path)[1], read(outcome.fixed, path)[1]
        assert after.ok or not before.ok, "a fix broke front matter that parsed"
    if outcome.converged:
        again = fix_bytes(outcome.fixed, path, settings_, unsafe)
        assert again.fixed == outcome.fixed, "fix is not idempotent"
        assert again.applied == []
    _check_one_pass(data, settings_, path, unsafe)


def _check_one_pass(data: bytes, settings_: Settings, path: str, unsafe: bool) -> None:
    """One fixer pass changes exactly the spans of the edits it reports as applied."""
    with mock.patch.object(fixer, "MAX_PASSES", 1):
        outcome = fix_bytes(data, path, settings_, unsafe)
    if not outcome.applied:
        assert outcome.fixed == data
        return
    doc, _ = read(data, path)
    if not doc.checkable:  # re-encoding: the only fix that may touch every byte, and only losslessly
        assert [d.code for d in outcome.applied] == ["FM002"]
        assert doc.signature + outcome.fixed.decode("utf-8").encode(doc.encoding) == data
        return
    fixes = dict.fromkeys(d.fix.edits for d in outcome.applied)  # one repair may settle several problems
    assert outcome.fixed.decode("utf-8") == splice(doc.text, [edit for edits in fixes for edit in edits])


CODES = {each.code for each in catalog.all_rules()}


# --- generators -----------------------------------------------------------------------------------

def weighted(*choices: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """One of the strategies, picked in proportion to its weight."""
    pool = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.sampled_from(pool).flatmap(lambda strategy: strategy)


# Values the content rules care about: dates, durations, URLs, image sizes, apostrophes, encodings.
_VOCABULARY = st.sampled_from([
    "yes", "no", "on", "~", "null", "0o17", "0x1F", "1e3", "012", "1:20", ".inf", "2024-02-30", "2024-1-5",
    "2024-01-01T10:00:00Z", "May 5, 2024", "PT5M", "5 minutes", "https://example.com/a?b=1", "htps://example.com",
    "www.example.com/x", "http://example.com/img-640x480.jpg", "dont", "isnt", "its time", "Contoso?s",
    "caf\u00c3\u00a9",
    "a&amp;b", "x\u200by", "non\u00a0breaking", "\u0092quoted\u0093", "\ufffd", "companys", "don’t", "1200.5", "-3",
    "0", "99999999", "'unterminated", '"open', "- x", ": x", "[a, b", "{a: b", "&anchor x", "*anchor", "@handle",
    "`tick`", "%percent", "a: b", "# not a comment", "x #comment",
])
_SAFE_WORD = st.from_regex(r"[A-Za-z][A-Za-z0-9 ,.é’-]{0,15}", fullmatch=True)
_WILD_WORD = st.text(st.sampled_from("abcxyzABC019 _-.:#'\"\t\r\\/@`%&*!?|>{}[],é’😀\u00a0\u200b\ufeff\u0085\u2028"),
                     max_size=12)
_WORD = weighted((5, _SAFE_WORD), (3, _VOCABULARY), (2, _WILD_WORD))
_KEY = weighted((6, st.sampled_from(["title", "excerpt", "publishedDateTime", "updatedDateTime", "webUrl", "ampWebUrl",
                                     "cdnAmpWebUrl", "images", "url", "width", "height", "published", "tags",
                                     "featuredContent", "duration", "date", "category", "type", "provider"])),
                (2, st.from_regex(r"[a-z][a-zA-Z0-9_-]{0,8}", fullmatch=True)),
                (1, st.sampled_from(["$schema", "'quoted key'", '"k: v"', "? complex", "<<", "a b", "1", "null"])))
_TAG = weighted((20, st.just("")), (1, st.sampled_from([
    "!!str ", "!!int ", "!!bool ", "!!float ", "!!null ", "!!timestamp ", "!custom ",
    "!!python/object/apply:os.system ",
    "!!python/name:os.system ", "!<tag:example.com,2000:x> ", "!!binary ", "!!map ", "!!seq ", "!!set "])))
_ANCHOR = weighted((12, st.just("")), (1, st.sampled_from(["&a ", "&b "])))


@st.composite
def yaml_scalar(draw) -> str:
    word = draw(_WORD)
    style = draw(st.sampled_from(["plain"] * 4 + ["double", "double", "single", "literal", "folded"]))
    if style == "double":
        escape = draw(st.sampled_from(["", "", "\\n", "\\u00e9", "\\x41", "\\t", "\\q"]))
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + escape + '"'
    if style == "single":
        return "'" + word.replace("'", "''") + "'"
    if style in ("literal", "folded"):
        return ("|" if style == "literal" else ">") + draw(st.sampled_from(["", "-", "+", "2"])) + "\n    " + word
    return word


@st.composite
def yaml_value(draw, depth: int = 0) -> str:
    """A YAML value (as text at indentation ``depth``), built from the grammar front matter uses."""
    prefix = draw(_TAG) + draw(_ANCHOR)
    kinds = ["scalar"] * 6 + ["alias", "flow-list", "flow-map", "block-map", "block-list", "block-list"]
    kind = draw(st.sampled_from(kinds)) if depth < 3 else "scalar"
    indent = "  " * (depth + 1)
    if kind == "alias":
        return draw(st.sampled_from(["*a", "*b", "*missing"]))
    if kind == "flow-list":
        items = draw(st.lists(yaml_scalar(), max_size=3))
        return prefix + "[" + ", ".join(item.replace("\n", " ") for item in items) + "]"
    if kind == "flow-map":
        pairs = draw(st.lists(st.tuples(_KEY, yaml_scalar()), max_size=3))
        return prefix + "{" + ", ".join(f"{k}: {v}".replace("\n", " ") for k, v in pairs) + "}"
    if kind == "block-map":
        pairs = draw(st.lists(st.tuples(_KEY, yaml_value(depth + 1)), min_size=1, max_size=3))
        return prefix + "".join(f"\n{indent}{k}: {v}" for k, v in pairs).replace("\n    ", "\n    " + indent)
    if kind == "block-list":
        items = draw(st.lists(yaml_value(depth + 1), min_size=1, max_size=3))
        return prefix + "".join(f"\n{indent}- {item}" for item in items)
    return prefix + draw(yaml_scalar())


_EXTRA_LINES = st.sampled_from([
    "# comment", "title: x  # fmlint: disable=FM105", "# fmlint: disable-file=FM1", "%TAG ! tag:example.com,2000:",
    "--- !!map", "...", "\t- tabbed", "? complex\n: key", "a: &x [1]\nb: *x", "dup: 1\ndup: 2", "- top-level list",
    "key with no value", "  mis: indented", "title: [unclosed", "<<: {merged: 1}",
])


@st.composite
def yaml_file(draw) -> str:
    pairs = draw(st.lists(st.tuples(_KEY, yaml_value()), max_size=8))
    lines = [f"{key}: {value}" for key, value in pairs]
    for _ in range(draw(st.integers(0, 2))):
        lines.insert(draw(st.integers(0, len(lines))), draw(_EXTRA_LINES))
    opening = draw(weighted((6, st.just("---\n")), (1, st.sampled_from(["---  \n", "\ufeff---\n", "", "--- \n"]))))
    closing = draw(weighted((6, st.just("---\n")), (1, st.sampled_from(["...\n", "", "---", "--- \n"]))))
    return opening + "\n".join(lines) + ("\n" if lines else "") + closing


_TOML_VALUE = st.sampled_from([
    '"text"', "'literal'", '"""multi\nline"""', "42", "-1.5", "true", "2024-01-02T03:04:05Z", "2024-01-02",
    "[1, 2, 3]", '["a", "b"]', "{ a = 1, b = { c = 2 } }", "[[1], [2]]", '"dont"', '"htps://example.com"',
    "nan", "inf", '"unterminated', "[1, 2", "1979-05-27T00:32:00.999999-07:00", "0x1F", "1_000",
])


@st.composite
def toml_file(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["pair"] * 5 + ["table", "array-table", "dotted"]))
        key = draw(_KEY.filter(lambda k: k.replace("_", "").replace("-", "").isalnum()))
        if kind == "table":
            lines.append(f"[{key}]")
        elif kind == "array-table":
            lines.append(f"[[{key}]]")
        elif kind == "dotted":
            lines.append(f"{key}.inner = {draw(_TOML_VALUE)}")
        else:
            lines.append(f"{key} = {draw(_TOML_VALUE)}")
    return "+++\n" + "\n".join(lines) + "\n+++\n"


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _WORD,
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEY, inner, max_size=3),
                     max_leaves=12)


@st.composite
def front_matter_file(draw) -> bytes:
    """A whole content file: YAML mostly, TOML and JSON sometimes; a body; line endings as drawn."""
    kind = draw(st.sampled_from(["yaml"] * 6 + ["toml", "json"]))
    if kind == "yaml":
        head = draw(yaml_file())
    elif kind == "toml":
        head = draw(toml_file())
    else:
        head = json.dumps(draw(st.dictionaries(_KEY, _JSON, max_size=6)), indent=draw(st.sampled_from([None, 2])),
                          ensure_ascii=draw(st.booleans())) + "\n"
    body = draw(st.sampled_from(["", "Body text.\n", "# Heading\n\n---\n\nmore\n", "x" * 300, "Don?t stop.\n"]))
    text = head + body
    newline = draw(weighted((6, st.just("\n")), (1, st.sampled_from(["\r\n", "\r"]))))
    if newline != "\n":
        if draw(st.booleans()):
            text = text.replace("\n", newline)
        else:  # only some lines
            parts = text.split("\n")
            text = "".join(part + (newline if draw(st.booleans()) else "\n") for part in parts[:-1]) + parts[-1]
    return text.encode("utf-8")


ARTICLE_TEXT = (Path(__file__).parent / "data" / "article.md").read_text("utf-8")


@st.composite
def mutated_article(draw) -> bytes:
    """Our valid example article with a few lines' values replaced, lines dropped or repeated."""
    lines = ARTICLE_TEXT.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(1, len(lines) - 1))
        action = draw(st.sampled_from(["value", "value", "value", "drop", "repeat", "indent"]))
        line = lines[at]
        if action == "value" and ": " in line:
            lines[at] = line.split(": ", 1)[0] + ": " + draw(yaml_value(depth=3))
        elif action == "drop":
            del lines[at]
        elif action == "repeat":
            lines.insert(at, line)
        elif action == "indent":
            lines[at] = draw(st.sampled_from([" ", "\t", "  "])) + line
    return "\n".join(lines).encode("utf-8")


@st.composite
def mutated(draw, source: st.SearchStrategy[bytes]) -> bytes:
    """``source`` with a few random byte insertions, deletions and replacements."""
    data = bytearray(draw(source))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.binary(min_size=1, max_size=4))
        if action == "insert":
            data[at:at] = chunk
        elif action == "delete":
            del data[at:at + len(chunk)]
        else:
            data[at:at + len(chunk)] = chunk
    return bytes(data)


def fenced(body: bytes) -> bytes:
    return b"---\n" + body + b"\n---\nbody\n"


# --- generated cases ------------------------------------------------------------------------------

@budget(150)
@given(st.binary(max_size=600))
@example(b"\xff\xfe\x00\x00")
@example(b"\x00\x00\xfe\xff---\n")
@example(b"---\n\x00")
def test_random_bytes(data):
    pipeline(data)


@budget(100)
@given(st.binary(max_size=400).map(fenced))
def test_random_bytes_between_fences(data):
    pipeline(data)


@budget(150)
@given(st.text(max_size=400))
@example("---\n\ufeff\u2028\u2029\x85: x\n---\n")
@example("---\na: \"\\ud800\"\n---\n")
def test_random_text(text):
    pipeline(text.encode("utf-8"))
    pipeline(fenced(text.encode("utf-8")), ARTICLE)


@budget(250)
@given(front_matter_file())
def test_grammar_files(data):
    note(data.decode("utf-8"))
    pipeline(data)


@budget(100)
@given(front_matter_file())
def test_grammar_files_with_schema(data):
    pipeline(data, ARTICLE)


@budget(120)
@given(mutated(front_matter_file()))
def test_mutated_grammar_files(data):
    pipeline(data)


@budget(120)
@given(mutated_article())
def test_mutated_article(data):
    note(data.decode("utf-8"))
    pipeline(data, ARTICLE)


@budget(40)
@given(mutated(mutated_article()))
def test_mutated_article_bytes(data):
    pipeline(data, ARTICLE)


@budget(60)
@given(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be", "cp1252", "latin-1", "cp1251",
                        "mac_roman", "shift_jis"]),
       front_matter_file())
def test_other_encodings(codec, data):
    text = data.decode("utf-8")
    try:
        encoded = text.encode(codec)
    except UnicodeEncodeError:
        assume(False)
    pipeline(encoded)


_FILE_KINDS = weighted((4, front_matter_file()), (2, mutated_article()), (1, mutated(front_matter_file())),
                       (1, st.binary(max_size=200)))


@budget(15)
@given(st.lists(_FILE_KINDS, min_size=1, max_size=12))
def test_generated_trees_through_the_cli(files):
    """Whole runs, every format, then fix: the CLI exits 0 or 1 (2 only for a fix that did not converge)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for index, data in enumerate(files):
            Path(folder, f"post-{index}.md").write_bytes(data)
        for fmt in REPORTERS:
            code, out, err = run_cli("check", "--no-cache", "--format", fmt, "--schema", "article", folder)
            assert code in (0, 1) and "Traceback" not in out + err and "internal error" not in err
        code, out, err = run_cli("fix", "--unsafe-fixes", folder)
        assert code in (0, 1), err
        STATS["cli-files"] += len(files)


def _corpus_files() -> list:
    return sorted(CORPUS.rglob("*.md")) if CORPUS.exists() else []


def truncation_points(data: bytes) -> dict[str, list[int]]:
    """Byte offsets by class: inside a fence, inside a quoted string, inside a multi-byte character."""
    points: dict[str, list[int]] = {"fence": [1, 2, 3], "quoted": [], "multibyte": []}
    close = data.find(b"\n---", 3)
    if close > 0:
        points["fence"] += [close + 2, close + 3]
    end = close if close > 0 else len(data)
    for quote in (b'"', b"'"):
        start = data.find(b": " + quote)
        while 0 <= start < end:
            points["quoted"].append(start + 4)
            start = data.find(b": " + quote, start + 1)
    points["multibyte"] = [i for i, byte in enumerate(data) if 0x80 <= byte < 0xC0][:200]
    return points


@needs_shared(CORPUS)
@budget(120)
@given(st.data())
def test_truncated_corpus_files(data):
    files = _corpus_files()
    path = data.draw(st.sampled_from(files), label="file")
    content = path.read_bytes()
    points = truncation_points(content)
    kind = data.draw(st.sampled_from([k for k, v in points.items() if v]), label="class")
    cut = data.draw(st.sampled_from(points[kind]), label="offset")
    STATS[f"truncated-{kind}"] += 1
    pipeline(content[:cut], ARTICLE, path=f"{path.name}")


@needs_shared(CORPUS)
def test_every_corpus_file_truncated_in_a_multibyte_character_and_a_fence():
    """Deterministic sweep: each corpus file cut inside its first multi-byte character and its closing fence."""
    cases = 0
    for path in _corpus_files()[:: max(1, 8 // SCALE)]:
        content = path.read_bytes()
        points = truncation_points(content)
        for cut in (points["multibyte"][:1] + points["fence"][-1:]):
            pipeline(content[:cut], ARTICLE, path=path.name)
            cases += 1
    assert cases > 50


# --- extremes -------------------------------------------------------------------------------------

def _nested_maps(levels: int) -> bytes:
    return b"---\n" + b"".join(b" " * i + b"k:\n" for i in range(levels)) + b"---\n"


EXTREMES = [
    pytest.param(lambda: b"---\na: " + b"[" * 10_000 + b"]" * 10_000 + b"\n---\n", "FM007", id="10k-flow-lists"),
    pytest.param(lambda: b"---\na: " + b"[" * 100_000 + b"]" * 100_000 + b"\n---\n", "FM007", id="100k-flow-lists"),
    pytest.param(lambda: b"---\na: " + b"[" * 100_000 + b"\n---\n", "FM007", id="100k-unclosed-flow-lists"),
    pytest.param(lambda: b"---\na: " + b"[ " * 100_000 + b"\n---\n", "FM007", id="100k-spaced-flow-lists"),
    pytest.param(lambda: b"---\na: [" + b"item, " * 90_000 + b"[" * 100_000 + b"\n---\n", "FM007",
                 id="100k-flow-lists-after-90k-items-on-one-line"),
    pytest.param(lambda: b"---\na: " + b"{a: " * 50_000 + b"}" * 50_000 + b"\n---\n", "FM007", id="50k-flow-maps"),
    pytest.param(lambda: b"---\n" + b"- " * 100_000 + b"x\n---\n", "FM007", id="100k-compact-block-lists"),
    pytest.param(lambda: _nested_maps(4_000), "FM007", id="4k-indented-maps"),
    pytest.param(lambda: _nested_maps(10_000), "FM004", id="10k-indented-maps-50MB"),
    pytest.param(lambda: b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n", "FM007", id="100k-json-arrays"),
    pytest.param(lambda: b"+++\na = " + b"[" * 100_000 + b"]" * 100_000 + b"\n+++\n", "FM007", id="100k-toml-arrays"),
    pytest.param(lambda: b"+++\na = " + b"{b = " * 1_000 + b"1" + b"}" * 1_000 + b"\n+++\n", "FM007",
                 id="1k-toml-inline-tables"),
    pytest.param(lambda: b"+++\n[" + b".".join([b"a"] * 5_000) + b"]\nx = 1\n+++\n", "FM007", id="5k-toml-table-path"),
    pytest.param(lambda: b"---\n" + b"".join(b"k%d: v\n" % i for i in range(100_000)) + b"---\n", "FM007",
                 id="100k-keys"),
    pytest.param(lambda: b"---\na: [" + b"1," * 4_000_000 + b"1]\n---\n", "FM007", id="4M-item-list-8MB"),
    pytest.param(lambda: b"+++\na = [" + b"1," * 500_000 + b"1]\n+++\n", "FM007", id="500k-item-toml-array"),
    pytest.param(lambda: b"---\ntitle: " + b"x" * 1_000_000 + b"\n---\n", None, id="1MB-line-in-front-matter"),
    pytest.param(lambda: b"---\ntitle: x\n---\n" + b"y" * 1_000_000, None, id="1MB-line-in-body"),
    pytest.param(lambda: b"---\ntitle: '" + "don't é ".encode() * 150_000 + b"'\n---\n", "FM007",
                 id="1.3MB-string-over-MAX_CHARS"),
    pytest.param(lambda: b"---\ntitle: x\n---\n" + b"y\n" * 25_000_000, "FM004", id="50MB-file"),
    pytest.param(lambda: b"\n".join([b"---", b"a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                                    + [b"a%d: &a%d [%s]" % (i, i, b", ".join([b"*a%d" % (i - 1)] * 9))
                                       for i in range(1, 10)] + [b"---", b""]), "FM104", id="billion-laughs"),
    pytest.param(lambda: b"---\nx: &x \"" + b"lol " * 25_000 + b"\"\nl: [" + b", ".join([b"*x"] * 10_000)
                 + b"]\n---\n", "FM007", id="scalar-alias-bomb"),
    pytest.param(lambda: b"---\na: &a [*a, {b: *a}]\n---\n", "FM104", id="recursive-alias"),
]


@pytest.mark.parametrize("make, code", EXTREMES)
def test_extremes(make, code):
    data = make()
    started = time.process_time()
    diagnostics = lint_bytes(data, "big.md", ARTICLE)
    outcome = fix_bytes(data, "big.md", ARTICLE, unsafe=True)
    elapsed = time.process_time() - started
    codes = {d.code for d in diagnostics}
    assert elapsed < SECONDS_PER_FILE, f"took {elapsed:.1f}s"
    assert code is None and not codes & {"FM004", "FM007", "FM101"} or code in codes, codes
    assert outcome.fixed == data or outcome.converged
    STATS["extremes"] += 1


def test_limits_are_what_the_readme_says():
    assert document.MAX_BYTES == 10 * 1024 * 1024
    assert limits.MAX_CHARS == 1024 * 1024
    assert limits.MAX_DEPTH == 64
    assert limits.MAX_NODES == 100_000
    assert limits.MAX_ALIAS_CHARS == 100_000


@pytest.mark.parametrize(
    "text, message",
    [
        pytest.param("a:" + " [" * 65 + " ]" * 65, "nested deeper than 64 levels", id="depth-65"),
        pytest.param("a: [" + ", ".join(["1"] * 100_000) + "]", "more than 100,000 values", id="values-100001"),
        pytest.param("x: &x " + "y" * 60_000 + "\nl: [*x, *x]", "aliases repeat more than 100,000", id="aliases"),
    ],
)
def test_limit_messages_and_positions(text, message):
    [diagnostic] = [d for d in lint_bytes(f"---\n{text}\n---\n".encode(), "x.md", PLAIN) if d.code == "FM007"]
    assert message in diagnostic.message
    assert diagnostic.line >= 2  # at the node where the limit was reached, not the fence


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a:" + " [" * 64 + " ]" * 64, id="depth-64"),
        pytest.param("a: [" + ", ".join(["1"] * 99_998) + "]", id="values-100000"),
        pytest.param("x: &x " + "y" * 50_000 + "\nl: [*x, *x]", id="aliases-100000"),
    ],
)
def test_just_inside_the_limits_is_checked(text):
    codes = {d.code for d in lint_bytes(f"---\n{text}\n---\n".encode(), "x.md", PLAIN)}
    assert "FM007" not in codes


@pytest.mark.parametrize(
    "toml, over",
    [
        pytest.param("a = [" + "1, " * 99_990 + "]", False, id="99990-items-trailing-comma"),
        pytest.param('a = "' + ",=[{" * 200_000 + '"\n# ' + ",=[{" * 10_000, False, id="structure-inside-strings"),
        pytest.param("a = '''" + "[[" * 200_000 + "'''", False, id="structure-inside-literal-string"),
        pytest.param("a = [" + "1, " * 100_000 + "]", True, id="100000-items"),
        pytest.param("".join(f"[[t]]\nk{i} = {{x = 1}}\n" for i in range(40_000)), True, id="array-of-tables"),
    ],
)
def test_toml_value_count_estimate_is_never_wrong(toml, over):
    """TOML is not parsed when the values are *certainly* too many; strings never count."""
    codes = {d.code for d in lint_bytes(f"+++\n{toml}\n+++\n".encode(), "x.md", PLAIN)}
    assert ("FM007" in codes) == over, codes


def test_deep_nesting_via_the_cli_is_a_diagnostic_not_a_crash(tmp_path):
    """The 100,000-level file used to kill the process (SIGSEGV in libyaml's recursive composer)."""
    (tmp_path / "deep.md").write_bytes(b"---\na: " + b"[" * 100_000 + b"]" * 100_000 + b"\n---\n")
    (tmp_path / "big.md").write_bytes(b"---\ntitle: x\n---\n" + b"y" * 50_000_000)
    (tmp_path / "ok.md").write_text("---\ntitle: Fine\n---\n")
    code, records = run_json(str(tmp_path), "--no-cache")
    assert code == 1
    assert sorted((r["path"].rsplit("/", 1)[-1], r["code"]) for r in records) == [("big.md", "FM004"),
                                                                                     ("deep.md", "FM007")]
    for fmt in REPORTERS:
        code, out, err = run_cli("check", "--no-cache", "--format", fmt, str(tmp_path))
        assert code == 1 and "Traceback" not in out + err


# --- encodings ------------------------------------------------------------------------------------

ARTICLE_HEAD = "---\ntitle: “Café” isn’t naïve — Ærø\nexcerpt: Crème brûlée, São Paulo, Œuvre\n---\nBody é\n"


@pytest.mark.parametrize(
    "data, code, position, words, certain",
    [
        pytest.param(ARTICLE_HEAD.encode("cp1252"), "FM002", (2, 8), ["0x93", "cp1252"], True, id="cp1252"),
        pytest.param(b"---\ntitle: caf\xe9\n---\n", "FM002", (2, 11), ["0xe9", "cp1252"], True, id="latin-1-letter"),
        pytest.param(("\ufeff" + ARTICLE_HEAD).encode("utf-16-le"), "FM002", (1, 1), ["UTF-16", "little"], True,
                     id="utf-16-le-bom"),
        pytest.param(("\ufeff" + ARTICLE_HEAD).encode("utf-16-be"), "FM002", (1, 1), ["UTF-16", "big"], True,
                     id="utf-16-be-bom"),
        pytest.param(("\ufeff" + ARTICLE_HEAD).encode("utf-32-le"), "FM002", (1, 1), ["UTF-32", "little"], True,
                     id="utf-32-le-bom"),
        pytest.param(("\ufeff" + ARTICLE_HEAD).encode("utf-32-be"), "FM002", (1, 1), ["UTF-32", "big"], True,
                     id="utf-32-be-bom"),
        pytest.param(ARTICLE_HEAD.encode("utf-16-le"), "FM003", (1, 1), ["binary", "UTF-16 little-endian without"],
                     False, id="utf-16-without-bom"),
        pytest.param(b"---\ntitle: x\x00y\n---\n", "FM003", (1, 1), ["binary", "NUL"], False, id="nul-byte"),
        pytest.param(b"\xff\xfe\x00\xd8---", "FM002", (1, 1), ["UTF-16", "not valid"], False, id="bad-utf-16"),
        pytest.param("---\ntitle: Привет, мир\n---\n".encode("cp1251"), "FM002", (2, 8), ["another alphabet"], False,
                     id="cp1251-is-not-cp1252"),
        pytest.param("---\ntitle: don’t café\n---\n".encode("mac_roman"), "FM002", (2, 11), ["not certain"], False,
                     id="mac-roman-is-not-cp1252"),
        pytest.param("---\ntitle: café\n---\n".encode() + b"stray \x92\n", "FM002", (4, 7), ["mostly UTF-8"], False,
                     id="utf-8-with-a-stray-cp1252-byte"),
        pytest.param(b"---\ntitle: 50\xa4 \xbd\n---\n", "FM002", (2, 10), ["not certain"], False,
                     id="symbols-not-letters"),
        pytest.param(b"---\ntitle: \x81x\n---\n", "FM002", (2, 8), ["latin-1"], False, id="byte-undefined-in-cp1252"),
        pytest.param(b"---\ntitle: caf\xe9\x07\n---\n", "FM002", (2, 11), ["not certain"], False, id="control-char"),
    ],
)
def test_encodings_are_named_and_converted_only_when_certain(tmp_path, data, code, position, words, certain):
    [diagnostic] = lint_bytes(data, "x.md", PLAIN)
    assert (diagnostic.code, (diagnostic.line, diagnostic.column)) == (code, position)
    assert all(word in diagnostic.message for word in words), diagnostic.message
    assert (diagnostic.fix is not None) == certain
    assert fix_bytes(data, "x.md", PLAIN, unsafe=False).fixed == data  # never without --unsafe-fixes
    outcome = fix_bytes(data, "x.md", Settings(tuple(catalog.select(("FM002",))), None, OPTIONS), unsafe=True)
    if certain:
        text = outcome.fixed.decode("utf-8")
        assert not text.startswith("\ufeff") and ("Café" in text or "café" in text)
        assert text == read(data, "x.md")[0].text  # the same characters, now in UTF-8
    else:
        assert outcome.fixed == data
    post = tmp_path / "post.md"
    post.write_bytes(data)
    exit_code, out, err = run_cli("fix", "--unsafe-fixes", str(post))
    assert "Traceback" not in out + err
    if certain:
        assert post.read_bytes() in (ARTICLE_HEAD.encode("utf-8"), "---\ntitle: café\n---\n".encode())
        assert exit_code == 0, out + err
    else:
        assert post.read_bytes() == data and exit_code == 1


def test_transcoding_then_fixes_the_readable_file():
    data = "\ufeff---\r\ntitle: Café\r\npublished: yes\n---\r\n".encode("utf-16-le")
    outcome = fix_bytes(data, "x.md", PLAIN, unsafe=True)
    assert [d.code for d in outcome.applied] == ["FM002", "FM105", "FM602"]
    assert outcome.fixed == "---\r\ntitle: Café\r\npublished: true\r\n---\r\n".encode()


def test_a_transcoding_fix_that_would_lose_characters_is_refused():
    """The round trip (UTF-8 back to the original encoding) must give the original bytes."""
    data = ARTICLE_HEAD.encode("cp1252")
    assert fix_bytes(data, "x.md", PLAIN, unsafe=True).fixed != data
    with mock.patch.object(fixer, "splice", lambda text, edits: text.replace("é", "e")):  # a lossy "fix"
        outcome = fix_bytes(data, "x.md", PLAIN, unsafe=True)
    assert outcome.fixed == data and [d.code for d, _ in outcome.failed] == ["FM002"]
    assert "would not keep every character" in outcome.failed[0][1]


def test_diff_of_a_transcoding(tmp_path):
    post = tmp_path / "post.md"
    post.write_bytes(ARTICLE_HEAD.encode("cp1252"))
    code, out, err = run_cli("fix", "--unsafe-fixes", "--diff", str(post))
    assert code == 1 and "+title: “Café”" in out


def test_zz_report_generated_case_counts(capsys):
    """Not a check: prints how many cases ran and which codes they produced (run with -s to see it)."""
    with capsys.disabled():
        found = ", ".join(f"{code}:{n}" for code, n in sorted(STATS.items()) if code.startswith("FM"))
        other = ", ".join(f"{key}:{n}" for key, n in sorted(STATS.items()) if not key.startswith("FM"))
        print(f"\n[fuzz] {other}\n[fuzz] diagnostics: {found}")
