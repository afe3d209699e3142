"""``json``: one JSON array of ``Diagnostic.as_json`` records (a stable contract)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from fmlint.model import Diagnostic
from fmlint.reporting.common import SourceLines


def report_json(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """One JSON array; each object has exactly the keys of ``Diagnostic.as_json``."""
    json.dump([d.as_json() for d in diagnostics], out, indent=2, ensure_ascii=False)
    out.write("\n")
