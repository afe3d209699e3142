"""fmlint fix: splices, verification, convergence, atomic writes (issue: fix never loses data)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import CORPUS, lint, needs_shared, run_cli

from fmlint.fixing.loop import fix_bytes, non_overlapping, splice
from fmlint.model import Edit, Fix, Problem
from fmlint.rules import catalog
from fmlint.rules.engine import Settings
from fmlint.rules.registry import DATA, Rule
from fmlint.schema.loading import resolve_reference

GOLDEN = Path(__file__).parent / "golden" / "fix"
ALL = Settings(tuple(catalog.select()))


def fixed(text: str, unsafe: bool = False, settings: Settings = ALL):
    outcome = fix_bytes(text.encode("utf-8"), "doc.md", settings, unsafe)
    return outcome.fixed.decode("utf-8"), outcome


@pytest.mark.parametrize("case", sorted(p.name.removesuffix(".in.md") for p in GOLDEN.glob("*.in.md")))
def test_golden_fix(case):
    """Each golden case: input, expected output, and the codes left (first line of the .left file);
    a ``.schema.json`` beside them is the case's schema; ``unsafe-`` cases apply unsafe fixes."""
    source = (GOLDEN / f"{case}.in.md").read_bytes()
    expected = (GOLDEN / f"{case}.out.md").read_bytes()
    left_file = GOLDEN / f"{case}.left"
    left = left_file.read_text().split() if left_file.exists() else []
    unsafe = case.startswith("unsafe-")
    schema = GOLDEN / f"{case}.schema.json"
    key = resolve_reference(str(schema), None) if schema.exists() else None
    settings = Settings(ALL.rules, key, root=str(GOLDEN))  # a case's local image files lie beside it
    path = str(GOLDEN / f"{case}.md")
    outcome = fix_bytes(source, path, settings, unsafe)
    assert outcome.fixed == expected
    assert [d.code for d in outcome.remaining] == left
    again = fix_bytes(outcome.fixed, path, settings, unsafe)
    assert again.fixed == outcome.fixed and again.applied == []


@pytest.mark.parametrize(
    "source, unsafe, expected",
    [
        pytest.param("---\npublished: yes\n---\n", False, "---\npublished: yes\n---\n", id="unsafe-needs-flag"),
        pytest.param("---\npublished: yes\n---\n", True, "---\npublished: true\n---\n", id="yes-to-true"),
        pytest.param("---\na: [on, off]  # keep me\n---\n", True, "---\na: [true, false]  # keep me\n---\n",
                     id="flow-list-and-comment-kept"),
        pytest.param("\ufeff---\r\na: 1\r\n---\r\n", False, "---\r\na: 1\r\n---\r\n", id="bom-removed-crlf-kept"),
        pytest.param("---\r\na: 1\r\nb: 2\n---\r\nbody\r\n", False, "---\r\na: 1\r\nb: 2\r\n---\r\nbody\r\n",
                     id="line-endings-to-majority"),
    ],
)
def test_fix_table(source, unsafe, expected):
    assert fixed(source, unsafe)[0] == expected


def _rule_with_fix(edit_for):
    """A throwaway rule whose fix is computed by ``edit_for(ctx)``: for testing the fixer alone."""

    def check(ctx):
        fix = edit_for(ctx)
        if fix is not None:
            yield Problem("test problem", fix=fix)

    return Rule("FM999", "test-rule", "test", "error", DATA, check, "safe")


def test_a_fix_that_breaks_the_yaml_is_not_applied():
    rule = _rule_with_fix(lambda ctx: Fix((Edit(4, 5, "[unclosed"),), values=()) if "a: 1" in ctx.doc.text else None)
    text, outcome = fixed("---\na: 1\n---\n", settings=Settings((rule,)))
    assert text == "---\na: 1\n---\n"
    assert [reason for _, reason in outcome.failed] == ["the fix would break the front matter (it no longer parses)"]


def test_a_fix_that_changes_another_value_is_not_applied():
    # Declares it changes /a but actually changes /b too.
    rule = _rule_with_fix(lambda ctx: Fix((Edit(7, 8, "2"), Edit(12, 13, "9")), values=(("/a", 2),))
                          if "a: 1" in ctx.doc.text else None)
    text, outcome = fixed("---\na: 1\nb: 1\n---\n", settings=Settings((rule,)))
    assert text == "---\na: 1\nb: 1\n---\n"
    assert "other values" in outcome.failed[0][1]


def test_a_fix_that_never_settles_is_reported():
    rule = _rule_with_fix(lambda ctx: Fix((Edit(len(ctx.doc.text), len(ctx.doc.text), "x"),)))
    _, outcome = fixed("---\na: 1\n---\n", settings=Settings((rule,)))
    assert outcome.converged is False


def test_overlapping_fixes_are_skipped_then_retried():
    a = Problem("a", fix=Fix((Edit(0, 5, "x"),)))
    b = Problem("b", fix=Fix((Edit(3, 8, "y"),)))
    c = Problem("c", fix=Fix((Edit(8, 9, "z"),)))
    from fmlint.model import Diagnostic

    diagnostics = [Diagnostic("p", 1, i, 1, i, "FM999", "t", "error", p.message, fix=p.fix)
                   for i, p in enumerate((a, b, c), 1)]
    assert [d.message for d in non_overlapping(diagnostics)] == ["a", "c"]
    assert splice("0123456789", [Edit(0, 5, "x"), Edit(8, 9, "z")]) == "x567z9"


def test_cli_fix_writes_keeps_mode_and_reports(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("---\npublished: yes\nx: z\n---\n")
    target.chmod(0o640)
    code, out, err = run_cli("fix", "--unsafe-fixes", "a.md", cwd=tmp_path)
    assert target.read_text() == "---\npublished: true\nx: z\n---\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert "Fixed 1 problem in 1 file (0 remaining)." in err
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temporary file left behind


def test_cli_fix_exit_1_when_problems_remain(tmp_path):
    (tmp_path / "a.md").write_text("---\na: 1\na: 2\n---\n")
    code, out, err = run_cli("fix", "a.md", cwd=tmp_path)
    assert code == 1 and "FM102" in out and "(2 remaining)" in err


def test_cli_diff_writes_nothing(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("---\npublished: yes\n---\n")
    code, out, err = run_cli("fix", "--diff", "--unsafe-fixes", "a.md", cwd=tmp_path)
    assert code == 1
    assert "-published: yes\n+published: true\n" in out and out.startswith("--- a/a.md\n+++ b/a.md\n")
    assert target.read_text() == "---\npublished: yes\n---\n"
    assert run_cli("fix", "--diff", "a.md", cwd=tmp_path)[0] == 0  # nothing safe to do


def test_failed_rename_leaves_the_original_intact(tmp_path, monkeypatch):
    target = tmp_path / "a.md"
    original = "---\npublished: yes\n---\n"
    target.write_text(original)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    code, out, err = run_cli("fix", "--unsafe-fixes", "a.md", cwd=tmp_path)
    assert target.read_text() == original
    assert code == 2 and "cannot write" in err and "No space left on device" in err
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_read_only_file_is_reported_and_left_alone(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "a.md"
    target.write_text("---\npublished: yes\n---\n")
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        code, out, err = run_cli("fix", "--unsafe-fixes", str(target))
        assert code == 2 and "cannot write" in err
        assert target.read_text() == "---\npublished: yes\n---\n"
    finally:
        folder.chmod(0o755)


def _corpus_files():
    return sorted(CORPUS.rglob("*.md")) if CORPUS.exists() else []


@needs_shared(CORPUS)
def test_corpus_fix_properties():
    """Over every real file: idempotent, clean files untouched, no safe fix left, bytes outside edits kept."""
    assert len(_corpus_files()) > 700
    for path in _corpus_files():
        data = path.read_bytes()
        first = fix_bytes(data, str(path), ALL)
        if not any(d.fix and d.fix.applicability == "safe" for d in lint(data, path=str(path))):
            assert first.fixed == data, path  # nothing safely fixable: byte-identical
        second = fix_bytes(first.fixed, str(path), ALL)
        assert second.fixed == first.fixed, path
        assert not any(d.fix and d.fix.applicability == "safe" for d in first.remaining), path
        _assert_only_edited_spans_changed(data, first.fixed, path)


def _assert_only_edited_spans_changed(before: bytes, after: bytes, path) -> None:
    """Every differing region is small and local: the lines around a repaired span, nothing else."""
    import difflib

    if before == after:
        return
    old, new = before.decode("utf-8").splitlines(True), after.decode("utf-8").splitlines(True)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            assert tag == "replace" and i2 - i1 == j2 - j1, (path, old[i1:i2], new[j1:j2])
            for old_line, new_line in zip(old[i1:i2], new[j1:j2]):
                inner = difflib.SequenceMatcher(None, old_line, new_line, autojunk=False)
                changed = sum(max(b - a, d - c) for t, a, b, c, d in inner.get_opcodes() if t != "equal")
                assert changed <= 40, (path, old_line, new_line)


def test_one_repair_that_settles_several_problems_counts_them_all():
    # Two entities in one string: one fix (the whole string's repair) settles both diagnostics.
    text, outcome = fixed('---\nexcerpt: "We&#8217;re here &amp; there"\n---\n')
    assert text == '---\nexcerpt: "We’re here & there"\n---\n'
    assert len(outcome.applied) == 2 and outcome.remaining == []
