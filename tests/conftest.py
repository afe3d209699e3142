"""Shared helpers: lint text through the Python API, or real files through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fmlint.cli import main
from fmlint.rules import catalog
from fmlint.rules.engine import Settings, lint_bytes
from fmlint.schema.loading import resolve_reference

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "article-front-matter.md"
CORPUS = SHARED / "corpus" / "smartable"


def needs_shared(path: Path):
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is not present (shared data lives outside the repo)")


def lint(text: str | bytes, schema: str | None = None, select=("FM",), ignore=(), path: str = "doc.md", options=None):
    """Diagnostics for ``text`` through the Python API."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    key = resolve_reference(schema, None) if schema else None
    settings = Settings(tuple(catalog.select(select, ignore)), key, options or {"html_fields": ("featuredContent",)})
    return lint_bytes(data, path, settings)


def found(text, **kwargs):
    """``(code, line, column)`` of each diagnostic, in order."""
    return [(d.code, d.line, d.column) for d in lint(text, **kwargs)]


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None):
    """Run the CLI in-process on real files; returns (exit code, stdout, stderr)."""
    runner = CliRunner()
    if cwd is not None:
        import os

        old = os.getcwd()
        os.chdir(cwd)
    try:
        result = runner.invoke(main, list(args), input=input, catch_exceptions=False)
    finally:
        if cwd is not None:
            os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str, cwd: Path | None = None):
    code, out, err = run_cli("check", "--format", "json", *args, cwd=cwd)
    return code, json.loads(out)


@pytest.fixture
def seed_text() -> str:
    """A complete, valid article of our own in the seed's format (not the seed itself)."""
    return (Path(__file__).parent / "data" / "article.md").read_text("utf-8")


def described(text, **kwargs):
    """``(code, line, column, message)`` of each diagnostic, in order."""
    return [(d.code, d.line, d.column, d.message) for d in lint(text, **kwargs)]


def apply_fix(text: str, fix) -> str:
    """Splice a fix's edits into ``text`` exactly as the fixer does."""
    from fmlint.fixing.loop import splice

    return splice(text, list(fix.edits))


def article(front_matter: str, body: str = "Body.\n") -> str:
    """A file with ``front_matter`` between fences and a short body."""
    return f"---\n{front_matter}---\n{body}"


def check_glitch_case(text: str, code: str, positions, message, fixed_text, applicability) -> None:
    """The table-driven check the glitch rule tests share: positions, the first message, and
    its fix applied (the text comes out as ``fixed_text`` and lints clean of fixable ``code``)."""
    diagnostics = lint(text, select=(code,))
    assert [(d.code, d.line, d.column) for d in diagnostics] == [(code, *p) for p in positions]
    if not positions:
        return
    first = diagnostics[0]
    assert first.message == message
    if fixed_text is None:
        assert first.fix is None
        return
    assert first.fix.applicability == applicability
    repaired = apply_fix(text, first.fix)
    assert repaired == fixed_text
    unfixable = [(d.line, d.message) for d in diagnostics if d.fix is None]
    assert [(d.line, d.message) for d in lint(repaired, select=(code,))] == unfixable
