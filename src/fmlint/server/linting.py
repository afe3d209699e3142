"""Lint an editor's unsaved text exactly as ``fmlint check`` lints the file on disk.

The settings come from ``running.planner.Planner`` for the document's path (its nearest
config, collection and schema, as the CLI finds them); the text goes through
``reading.frontmatter.read`` and ``rules.engine.lint_document``, the engine ``lint_bytes``
runs. What is kept (``Linted``) is what code actions, hover and completion read again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from lsprotocol import types

from fmlint.model import Diagnostic
from fmlint.reading.document import Document
from fmlint.reading.frontmatter import read
from fmlint.reading.view import FrontMatter
from fmlint.rules.engine import Settings, internal_diagnostics, lint_document
from fmlint.running.config import ConfigError
from fmlint.running.planner import Planner
from fmlint.schema.loading import SchemaError
from fmlint.server.positions import Lines, utf16_units

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")  # what ``running.discovery`` walks for
MARKDOWN_LANGUAGES = ("markdown", "mdx")
SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
# Where a rule's documentation lives; ``{code}`` and ``{name}`` are filled in. The
# ``ruleDocsUrl`` setting replaces it (the hover shows the full text either way).
RULE_DOCS_URL = "https://github.com/OWNER/fmlint/blob/main/README.md#what-it-reports"


@dataclass
class Linted:
    """One version of a document, read and linted: what every feature answers from."""

    text: str
    path: str
    doc: Document | None
    fm: FrontMatter | None
    settings: Settings | None
    diagnostics: list[Diagnostic]
    lines: Lines
    config_error: str | None = None


def is_markdown(path: str, language_id: str | None) -> bool:
    """fmlint checks the files ``fmlint check`` walks: by suffix, else (untitled) by language."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix:
        return suffix in MARKDOWN_SUFFIXES
    return (language_id or "").lower() in MARKDOWN_LANGUAGES


def lint_text(text: str, path: str, planner: Planner, units=utf16_units) -> Linted:
    """Read and lint ``text`` as the content of ``path``; a bad config is a finding, not an error."""
    lines = Lines(text, units)
    try:
        settings = planner.settings_for(path)
    except (ConfigError, SchemaError) as error:
        return Linted(text, path, None, None, None, [], lines, config_error=str(error))
    data = text.encode("utf-8", "surrogatepass")
    try:
        doc, fm = read(data, path)
    except Exception as error:  # noqa: BLE001 - as lint_bytes: FM009 on this file, the server goes on
        return Linted(text, path, None, None, settings, internal_diagnostics(path, "reading the file", error), lines)
    return Linted(text, path, doc, fm, settings, lint_document(doc, fm, settings), lines)


def offset_of(linted: Linted, line: int, column: int) -> int:
    """The character offset of a diagnostic's 1-based line and code-point column."""
    if linted.doc is not None:
        return linted.doc.offset_of(line, column)
    starts = linted.lines.starts
    return min(starts[max(0, min(line, len(starts)) - 1)] + column - 1, len(linted.text))


def lsp_range(linted: Linted, start: int, end: int) -> types.Range:
    """The LSP range of character offsets ``start``..``end`` in the linted text."""
    (line, character), (end_line, end_character) = linted.lines.position(start), linted.lines.position(end)
    return types.Range(types.Position(line, character), types.Position(end_line, end_character))


def diagnostic_range(linted: Linted, diagnostic: Diagnostic) -> types.Range:
    start = offset_of(linted, diagnostic.line, diagnostic.column)
    end = offset_of(linted, diagnostic.end_line, diagnostic.end_column)
    return lsp_range(linted, start, max(start, end))


def to_lsp(linted: Linted, diagnostic: Diagnostic, docs_url: str = RULE_DOCS_URL) -> types.Diagnostic:
    """The LSP form of one diagnostic: the same code, severity, message and place as ``check``."""
    href = docs_url.format(code=diagnostic.code, name=diagnostic.name, lower=diagnostic.code.lower())
    data: dict[str, Any] = {"name": diagnostic.name, "fixable": diagnostic.fixable}
    return types.Diagnostic(
        range=diagnostic_range(linted, diagnostic),
        message=diagnostic.message,
        severity=SEVERITIES.get(diagnostic.severity, types.DiagnosticSeverity.Error),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=href),
        source="fmlint",
        data=data,
    )


def lsp_diagnostics(linted: Linted, docs_url: str = RULE_DOCS_URL) -> list[types.Diagnostic]:
    """Every diagnostic of the document; a config that cannot be used is one error at its start."""
    if linted.config_error is not None:
        start = types.Position(0, 0)
        return [types.Diagnostic(types.Range(start, start), f"fmlint cannot use its configuration: "
                                 f"{linted.config_error}", severity=types.DiagnosticSeverity.Error,
                                 source="fmlint")]
    return [to_lsp(linted, each, docs_url) for each in linted.diagnostics]
