"""``concise``: one line per diagnostic with its severity; the same summary line as ``text``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO

from fmlint.model import Diagnostic
from fmlint.reporting.common import SourceLines
from fmlint.reporting.text import styled, summary_line


def report_concise(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """``path:line:col: CODE [severity] message``, one line each, then the text summary.

    A line break inside a message is written as ``\n`` so that every diagnostic stays on one line.
    """
    for diagnostic in diagnostics:
        location, code = styled(diagnostic, color)
        message = re.sub(r"\r\n|\r|\n", r"\\n", diagnostic.message)
        out.write(f"{location} {code} [{diagnostic.severity}] {message}\n")
    out.write(summary_line(diagnostics) + "\n")
