"""``text``: location, code and message, then the source line with a caret; a summary line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from fmlint.model import Diagnostic
from fmlint.reporting.common import SourceLines


def report_text(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """``path:line:col: CODE message``, then the source line and a caret under the column."""
    for diagnostic in diagnostics:
        out.write(_text_header(diagnostic, color) + "\n")
        source = lines(diagnostic.path, diagnostic.line)
        if source:
            out.write(_excerpt(source.replace("\t", " ").replace("\ufeff", " "), diagnostic))
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
    return f"{location} {code}{marker} {diagnostic.message}"


def styled(diagnostic: Diagnostic, color: bool) -> tuple[str, str]:
    """``path:line:col:`` and the code, in bold and red (errors) or yellow when ``color``."""
    location, code = f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}:", diagnostic.code
    if color:
        import click

        location = click.style(location, bold=True)
        code = click.style(code, fg="red" if diagnostic.severity == "error" else "yellow", bold=True)
    return location, code


def summary_line(diagnostics: Sequence[Diagnostic]) -> str:
    if not diagnostics:
        return "All checks passed."
    files = len({d.path for d in diagnostics})
    safe = sum(d.fix is not None and d.fix.applicability == "safe" for d in diagnostics)
    unsafe = sum(d.fix is not None and d.fix.applicability == "unsafe" for d in diagnostics)
    noun = "problem" if len(diagnostics) == 1 else "problems"
    text = f"Found {len(diagnostics)} {noun} in {files} file{'s' if files != 1 else ''}."
    if safe:
        text += f" [*] {safe} fixable with `fmlint fix`."
    if unsafe:
        text += f" {unsafe} more with `fmlint fix --unsafe-fixes`."
    return text
