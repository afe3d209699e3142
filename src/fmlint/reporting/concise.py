"""``concise``: one line per diagnostic with its severity; the same summary line as ``text``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from fmlint.model import Diagnostic
from fmlint.reporting.common import SourceLines, printable
from fmlint.reporting.text import styled, summary_line


def report_concise(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """``path:line:col: CODE [severity] message``, one line each, then the text summary.

    A line break (or any control character) inside a message is escaped (``\n``), so that every
    diagnostic stays on one line and nothing in it acts on a terminal or a CI log.
    """
    for diagnostic in diagnostics:
        location, code = styled(diagnostic, color)
        message = printable(diagnostic.message)
        out.write(f"{location} {code} [{diagnostic.severity}] {message}\n")
    out.write(summary_line(diagnostics) + "\n")
