"""Every rule's documentation: four plain-text sections, and an Example that is true.

`fmlint rule CODE` prints a rule's docstring and SARIF's `help.text` carries it, so it
must read well in a terminal (no reStructuredText markup) and its Example must really
trigger the rule: each front-matter example is written into an article on disk and
checked through the CLI.  Situations that are no front matter (an unreadable file, cp1252
bytes, a byte-order mark) are described in prose and built here instead.
"""

from __future__ import annotations

import dataclasses
import json
import textwrap

import pytest
from conftest import run_cli, run_json
from test_image_files import png

from fmlint.rules import catalog, registry

SECTIONS = ("What:", "Why:", "Example:", "Fix:")
RULES = catalog.all_rules()
ARTICLE_CONFIG = 'schema = "article"\n'

# Examples that are the whole file, fences included (or missing): written as they are.
WHOLE_FILE = {"FM005", "FM006"}


def sections(doc: str) -> dict[str, str]:
    """The doc's sections by heading; a paragraph with no heading continues the one before."""
    found: dict[str, str] = {}
    order: list[str] = []
    for paragraph in doc.split("\n\n"):
        head = next((each for each in SECTIONS if paragraph.startswith(each)), None)
        if head is None:
            assert order, f"the doc starts with {paragraph[:30]!r}, not What:"
            found[order[-1]] += "\n\n" + paragraph
            continue
        assert head not in found, f"{head} appears twice"
        order.append(head)
        found[head] = paragraph[len(head):].strip()
    assert tuple(order) == SECTIONS, f"sections {order}, expected {list(SECTIONS)} in that order"
    return found


def example_block(doc: str) -> str:
    """The indented block of the Example section, dedented ('' when the example is prose)."""
    paragraphs = sections(doc)["Example:"].split("\n\n")
    block = "\n\n".join(each for each in paragraphs if each.startswith("    "))
    return textwrap.dedent(block).replace("<TAB>", "\t") + "\n" if block else ""


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_the_doc_has_what_why_example_fix_in_plain_text(rule):
    found = sections(rule.doc)
    assert all(found[head].strip() for head in SECTIONS), found
    for number, line in enumerate(rule.doc.splitlines(), 1):
        assert len(line) <= 100, f"line {number} has {len(line)} characters"
        assert "``" not in line and ":ref:" not in line, f"line {number}: reStructuredText markup: {line}"
        assert not line.rstrip().endswith("::"), f"line {number}: a literal-block marker: {line}"
        assert not line.lstrip().startswith(".. "), f"line {number}: a directive: {line}"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_the_fix_section_agrees_with_the_registered_fix(rule):
    fix = " ".join(sections(rule.doc)["Fix:"].split())
    if rule.fix is None:
        assert "no automatic fix" in fix.lower() and "`fmlint fix" not in fix, fix
    elif rule.fix == "safe":
        assert "`fmlint fix`" in fix, fix
    else:
        assert "`fmlint fix --unsafe-fixes`" in fix and "unsafe" in fix.lower(), fix


def write_example(rule, root) -> str:
    """The rule's example on disk under ``root`` (with what it refers to); the path to check."""
    (root / ".fmlint.toml").write_text(ARTICLE_CONFIG)
    example = example_block(rule.doc)
    name = "post.md"
    first = example.splitlines()[0]
    if first.startswith("# file: "):
        name = first.removeprefix("# file: ").strip()
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = example if rule.code in WHOLE_FILE else f"---\n{example}---\n\nThe article's body.\n"
    path.write_text(text, encoding="utf-8")
    if "harbour.png" in example:
        (root / "assets" / "img").mkdir(parents=True)
        (root / "assets" / "img" / "harbour.png").write_bytes(png(1200, 800))
    if "cover.schema.json" in example:
        either = {"oneOf": [{"type": "string"}, {"type": "string", "format": "uri"}]}
        (root / "cover.schema.json").write_text(json.dumps({"properties": {"cover": either}}))
    return name


def codes_reported(root, name: str) -> set[str]:
    code, records = run_json("--no-cache", name, cwd=root)
    assert code in (0, 1, 2)
    return {record["code"] for record in records}


FRONT_MATTER_EXAMPLES = [rule for rule in RULES if example_block(rule.doc)]


@pytest.mark.parametrize("rule", FRONT_MATTER_EXAMPLES, ids=lambda rule: rule.code)
def test_the_example_triggers_its_rule(rule, tmp_path):
    name = write_example(rule, tmp_path)
    assert rule.code in codes_reported(tmp_path, name)


def _unreadable(root):
    (root / "post.md").symlink_to(root / "drafts" / "post.md")  # the target was deleted


def _cp1252(root):
    text = "---\ntitle: Harbourline\x92s tide model\n---\nBody.\n"
    (root / "post.md").write_bytes(text.encode("latin-1"))


def _binary(root):
    (root / "post.md").write_bytes(png(64, 64))


def _huge(root):
    from fmlint.reading.document import MAX_BYTES

    (root / "post.md").write_bytes(b"---\ntitle: Export\n---\n" + b"| row | value |\n" * (MAX_BYTES // 16 + 1))


def _byte_order_mark(root):
    (root / "post.md").write_bytes(b"\xef\xbb\xbf---\ntitle: Harbourline\n---\nBody.\n")


def _mixed_endings(root):
    (root / "post.md").write_bytes(b"---\r\ntitle: Harbourline\r\ncategory: news\ntype: article\n---\r\nBody.\r\n")


# Rules whose example is a situation described in prose, and how to build it.
SITUATIONS = {"FM001": _unreadable, "FM002": _cp1252, "FM003": _binary, "FM004": _huge,
              "FM601": _byte_order_mark, "FM602": _mixed_endings}


def test_every_rule_has_an_example_that_is_tested():
    described = {rule.code for rule in RULES if not example_block(rule.doc)}
    assert described == set(SITUATIONS) | {"FM009"}


@pytest.mark.parametrize("code", sorted(SITUATIONS))
def test_the_described_situation_triggers_its_rule(code, tmp_path):
    (tmp_path / ".fmlint.toml").write_text(ARTICLE_CONFIG)
    SITUATIONS[code](tmp_path)
    assert code in codes_reported(tmp_path, "post.md")


def test_the_internal_error_example(tmp_path, monkeypatch):
    """FM009's example: a rule raising IndexError is reported on the file, and the run exits 2."""
    def broken(ctx):
        raise IndexError("list index out of range")

    monkeypatch.setitem(registry._RULES, "FM205", dataclasses.replace(catalog.get("FM205"), check=broken))
    (tmp_path / ".fmlint.toml").write_text(ARTICLE_CONFIG)
    (tmp_path / "post.md").write_text("---\ntitle: Harbourline\n---\nBody.\n")
    code, records = run_json("--no-cache", "post.md", cwd=tmp_path)
    internal = [record for record in records if record["code"] == "FM009"]
    assert code == 2 and len(internal) == 1 and (internal[0]["line"], internal[0]["column"]) == (1, 1)
    message = internal[0]["message"]
    assert message.startswith("internal error in rule FM205 (invalid-format): IndexError: ") and "Please report this" in message
    assert "post.md:1:1: FM009 internal error in rule FM205 (invalid-format): IndexError: " in catalog.get("FM009").doc


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_fmlint_rule_prints_the_doc_by_code_and_by_name(rule):
    for spelling in (rule.code, rule.name, rule.code.lower()):
        code, out, _ = run_cli("rule", spelling)
        assert code == 0 and rule.doc in out and out.startswith(f"{rule.code} {rule.name} ")
