"""``text``: location, code and message, then the source line with a caret; a summary line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from fmlint.model import Diagnostic
from fmlint.reporting.common import SourceLines, printable, printable_excerpt


def report_text(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """``path:line:col: CODE message``, then the source line and a caret under the column.

    Names, messages and source lines are the repository's: their control characters are
    escaped (``common.printable``), so nothing in them acts on a terminal or a CI log.
    """
    for diagnostic in diagnostics:
        out.write(_text_header(diagnostic, color) + "\n")
        source = lines(diagnostic.path, diagnostic.line)
        if source:
            out.write(_excerpt(printable_excerpt(source), diagnostic))
    out.write(summary_line(diagnostics) + "\n")


def _excerpt(source: str, diagnostic: Diagnostic, width: int = 120) -> str:
    """The source line and a caret under the problem; long lines are cut around the column."""
    start = 0
    if len(source) > width:
        start = max(0, min(diagnostic.column - 1 - width // 2, len(source) - width))
    same_line = diagnostic.end_line == diagnostic.line
    span = diagnostic.end_column - diagnostic.column if same_line else len(source) - diagnostic.column + 1
    span = max(1, min(span, len(source) - diagnostic.column + 1, width))
    caret = " " * (diagnostic.column - 1 - start) + "^" * span
    return f"  {source[start:start + width]}\n  {caret[:width]}\n"


def _text_header(diagnostic: Diagnostic, color: bool) -> str:
    location, code = styled(diagnostic, color)
    marker = " [*]" if diagnostic.fix is not None and diagnostic.fix.applicability == "safe" else ""
    level = "" if diagnostic.severity == "error" else f" {diagnostic.severity}:"  # warnings do not fail by default
    return f"{location} {code}{marker}{level} {printable(diagnostic.message)}"


def styled(diagnostic: Diagnostic, color: bool) -> tuple[str, str]:
    """``path:line:col:`` and the code, in bold and red (errors) or yellow when ``color``."""
    location, code = f"{printable(diagnostic.path)}:{diagnostic.line}:{diagnostic.column}:", diagnostic.code
    if color:
        import click

        location = click.style(location, bold=True)
        code = click.style(code, fg="red" if diagnostic.severity == "error" else "yellow", bold=True)
    return location, code


def _by_severity(diagnostics: Sequence[Diagnostic]) -> str:
    """`` (1 error, 2 warnings)`` when not every problem is an error: only errors fail a run by default."""
    counts = {level: sum(d.severity == level for d in diagnostics) for level in ("error", "warning", "info")}
    if counts["error"] == len(diagnostics):
        return ""
    parts = [f"{count} {level}{'s' * (count != 1)}" for level, count in counts.items() if count or level != "info"]
    return f" ({', '.join(parts)})"


def summary_line(diagnostics: Sequence[Diagnostic]) -> str:
    if not diagnostics:
        return "All checks passed."
    files = len({d.path for d in diagnostics})
    safe = sum(d.fix is not None and d.fix.applicability == "safe" for d in diagnostics)
    unsafe = sum(d.fix is not None and d.fix.applicability == "unsafe" for d in diagnostics)
    noun = "problem" if len(diagnostics) == 1 else "problems"
    text = f"Found {len(diagnostics)} {noun}{_by_severity(diagnostics)} in {files} file{'s' if files != 1 else ''}."
    if safe:
        text += f" [*] {safe} fixable with `fmlint fix`."
    if unsafe:
        text += f" {unsafe} more with `fmlint fix --unsafe-fixes`."
    return text
