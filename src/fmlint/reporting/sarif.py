"""``sarif``: SARIF 2.1.0 for code scanning, with rule help, fingerprints and fixes."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath
from typing import TextIO

from fmlint.model import Diagnostic
from fmlint.reporting.common import SourceLines

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

# No ``informationUri``: it is optional, and fmlint has no published page it could name.
_SECTIONS = ("What:", "Why:", "Example:", "Fix:")

_SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def report_sarif(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """A SARIF 2.1.0 log with one run: a rule descriptor per code that appears, a result per diagnostic.

    Columns and character offsets count Unicode code points (``columnKind``), as fmlint's do.
    """
    from fmlint.model.version import __version__

    codes = sorted({d.code for d in diagnostics})
    rules = [_sarif_rule(next(d for d in diagnostics if d.code == code)) for code in codes]
    seen: Counter = Counter()
    results = []
    for d in diagnostics:
        artifact = _artifact_location(d.path)
        identity = (d.code, artifact["uri"], d.pointer or "", d.message)
        seen[identity] += 1
        results.append(_sarif_result(d, codes.index(d.code), artifact, _fingerprint(identity, seen[identity])))
    driver = {"name": "fmlint", "version": __version__, "rules": rules}
    run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
    json.dump({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _sarif_rule(diagnostic: Diagnostic) -> dict:
    """The rule's descriptor from the registry (the diagnostic's own fields if the code is unknown)."""
    from fmlint.rules import catalog

    rule = catalog.get(diagnostic.code)
    if rule is None:
        return {"id": diagnostic.code, "name": diagnostic.name,
                "defaultConfiguration": {"level": _SARIF_LEVELS[diagnostic.severity]}}
    what = " ".join(rule.doc.split("\n\n")[0].split()).removeprefix("What: ")
    return {"id": rule.code, "name": rule.name, "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": what}, "help": {"text": rule.doc, "markdown": _markdown(rule.doc)},
            "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]}}


def _markdown(doc: str) -> str:
    """The plain doc as Markdown: its section names in bold (the indented examples and the
    backticked code already are Markdown), for code-scanning pages that render it."""
    paragraphs = doc.split("\n\n")
    for index, paragraph in enumerate(paragraphs):
        head = next((each for each in _SECTIONS if paragraph.startswith(each)), None)
        if head:
            paragraphs[index] = f"**{head}**{paragraph[len(head):]}"
    return "\n\n".join(paragraphs)


def _sarif_result(d: Diagnostic, rule_index: int, artifact: dict, fingerprint: str) -> dict:
    region = {"startLine": d.line, "startColumn": d.column, "endLine": d.end_line, "endColumn": d.end_column}
    result = {"ruleId": d.code, "ruleIndex": rule_index, "level": _SARIF_LEVELS[d.severity],
              "message": {"text": d.message},
              "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
              "partialFingerprints": {"fmlint/v1": fingerprint}}
    if d.fixable:
        replacements = [{"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                         "insertedContent": {"text": e.content}}
                        for e in sorted(d.fix.edits, key=lambda e: (e.start, e.end))]
        fix = {"description": {"text": d.fix.description}} if d.fix.description else {}
        fix["artifactChanges"] = [{"artifactLocation": artifact, "replacements": replacements}]
        result["fixes"] = [fix | {"properties": {"applicability": d.fix.applicability}}]
    return result


def _artifact_location(path: str) -> dict:
    """Relative to ``%SRCROOT%`` (the current folder), or a ``file:`` URI for a file outside it."""
    from pathlib import Path
    from urllib.parse import quote

    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive (Windows)
        relative = os.pardir
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return {"uri": Path(absolute).as_uri()}
    # the name's own bytes, percent-encoded: a file name that is not UTF-8 is still a valid URI
    return {"uri": quote(os.fsencode(PurePath(relative).as_posix()), safe="/"), "uriBaseId": "%SRCROOT%"}


def _fingerprint(identity: tuple[str, ...], occurrence: int) -> str:
    """A hash of code, file, pointer and message (the baseline's key, not the line) and which copy it is."""
    import hashlib

    digest = hashlib.sha256("\0".join(identity).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{digest[:32]}:{occurrence}"
