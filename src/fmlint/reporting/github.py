"""``github``: GitHub Actions workflow commands, one annotation per diagnostic and nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from fmlint.model import Diagnostic
from fmlint.reporting.common import SourceLines, posix_path, printable

_GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def report_github(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """One GitHub Actions workflow command per diagnostic and no summary: every line is an annotation.

    GitHub accepts ``col``/``endColumn`` only when the range is on one line, so a range over
    several lines gives just ``line`` and ``endLine``.
    """
    for d in diagnostics:
        fields = [("file", posix_path(d.path)), ("line", d.line)]
        if d.end_line == d.line:
            fields += [("col", d.column), ("endLine", d.end_line), ("endColumn", d.end_column)]
        else:
            fields.append(("endLine", d.end_line))
        fields.append(("title", f"{d.code} {d.name}"))
        properties = ",".join(f"{key}={_github_escape(str(value), True)}" for key, value in fields)
        out.write(f"::{_GITHUB_COMMANDS[d.severity]} {properties}::{_github_escape(d.message)}\n")


def _github_escape(text: str, is_property: bool = False) -> str:
    """GitHub's own escapes for ``%``, CR and LF (and ``:``/``,`` in properties); other control
    characters (ESC, OSC ...) as ``\x1b`` escapes, so they act on no terminal or log viewer."""
    text = printable(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text
