"""Output formats: a table from format name to a function that writes diagnostics.

Each reporter takes the diagnostics (sorted), the documents' line lookup and a
stream.  The CLI's ``--format`` choices are this table's keys.

- ``text``: location, code, message, the source line and a caret; a summary line.
- ``concise``: one line per diagnostic with its severity; the same summary line.
- ``json``: the stable records of ``Diagnostic.as_json``.
- ``github``: GitHub Actions workflow commands (annotations); nothing else.
- ``sarif``: SARIF 2.1.0 for code scanning, with rule help, fingerprints and fixes.
- ``junit``: JUnit XML for GitLab and Jenkins test reports.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import TextIO

from .model import Diagnostic

SourceLines = Callable[[str, int], str]  # (path, line) -> that line's text


def report_text(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """``path:line:col: CODE message``, then the source line and a caret under the column."""
    for diagnostic in diagnostics:
        out.write(_text_header(diagnostic, color) + "\n")
        source = lines(diagnostic.path, diagnostic.line)
        if source:
            out.write(_excerpt(source.replace("\t", " ").replace("\ufeff", " "), diagnostic))
    out.write(_summary(diagnostics) + "\n")


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
    location, code = _styled(diagnostic, color)
    marker = " [*]" if diagnostic.fix is not None and diagnostic.fix.applicability == "safe" else ""
    return f"{location} {code}{marker} {diagnostic.message}"


def _styled(diagnostic: Diagnostic, color: bool) -> tuple[str, str]:
    """``path:line:col:`` and the code, in bold and red (errors) or yellow when ``color``."""
    location, code = f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}:", diagnostic.code
    if color:
        import click

        location = click.style(location, bold=True)
        code = click.style(code, fg="red" if diagnostic.severity == "error" else "yellow", bold=True)
    return location, code


def _summary(diagnostics: Sequence[Diagnostic]) -> str:
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


def report_json(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """One JSON array; each object has exactly the keys of ``Diagnostic.as_json``."""
    json.dump([d.as_json() for d in diagnostics], out, indent=2, ensure_ascii=False)
    out.write("\n")


def report_concise(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """``path:line:col: CODE [severity] message``, one line each, then the text summary.

    A line break inside a message is written as ``\n`` so that every diagnostic stays on one line.
    """
    for diagnostic in diagnostics:
        location, code = _styled(diagnostic, color)
        message = re.sub(r"\r\n|\r|\n", r"\\n", diagnostic.message)
        out.write(f"{location} {code} [{diagnostic.severity}] {message}\n")
    out.write(_summary(diagnostics) + "\n")


_GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def report_github(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """One GitHub Actions workflow command per diagnostic and no summary: every line is an annotation.

    GitHub accepts ``col``/``endColumn`` only when the range is on one line, so a range over
    several lines gives just ``line`` and ``endLine``.
    """
    for d in diagnostics:
        fields = [("file", _posix(d.path)), ("line", d.line)]
        if d.end_line == d.line:
            fields += [("col", d.column), ("endLine", d.end_line), ("endColumn", d.end_column)]
        else:
            fields.append(("endLine", d.end_line))
        fields.append(("title", f"{d.code} {d.name}"))
        properties = ",".join(f"{key}={_github_escape(str(value), True)}" for key, value in fields)
        out.write(f"::{_GITHUB_COMMANDS[d.severity]} {properties}::{_github_escape(d.message)}\n")


def _github_escape(text: str, is_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


def _posix(path: str) -> str:
    """The path with forward slashes and without ``./`` or ``a/../`` steps."""
    return PurePath(os.path.normpath(path)).as_posix()


SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/fmlint/"
_SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def report_sarif(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """A SARIF 2.1.0 log with one run: a rule descriptor per code that appears, a result per diagnostic.

    Columns and character offsets count Unicode code points (``columnKind``), as fmlint's do.
    """
    from . import __version__

    codes = sorted({d.code for d in diagnostics})
    rules = [_sarif_rule(next(d for d in diagnostics if d.code == code)) for code in codes]
    seen: Counter = Counter()
    results = []
    for d in diagnostics:
        artifact = _artifact_location(d.path)
        identity = (d.code, artifact["uri"], d.pointer or "", d.message)
        seen[identity] += 1
        results.append(_sarif_result(d, codes.index(d.code), artifact, _fingerprint(identity, seen[identity])))
    driver = {"name": "fmlint", "informationUri": INFORMATION_URI, "version": __version__, "rules": rules}
    run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
    json.dump({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _sarif_rule(diagnostic: Diagnostic) -> dict:
    """The rule's descriptor from the registry (the diagnostic's own fields if the code is unknown)."""
    from . import registry

    rule = registry.get(diagnostic.code)
    if rule is None:
        return {"id": diagnostic.code, "name": diagnostic.name,
                "defaultConfiguration": {"level": _SARIF_LEVELS[diagnostic.severity]}}
    what = " ".join(rule.doc.split("\n\n")[0].split()).removeprefix("What: ")
    return {"id": rule.code, "name": rule.name, "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": what}, "help": {"text": rule.doc},
            "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]}}


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
    return {"uri": quote(PurePath(relative).as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def _fingerprint(identity: tuple[str, ...], occurrence: int) -> str:
    """A hash of code, file, pointer and message (the baseline's key, not the line) and which copy it is."""
    import hashlib

    digest = hashlib.sha256("\0".join(identity).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{digest[:32]}:{occurrence}"


def report_junit(diagnostics: Sequence[Diagnostic], lines: SourceLines, out: TextIO, color: bool = False) -> None:
    """JUnit XML: a ``<testsuite>`` per file with a failing ``<testcase>`` per diagnostic.

    A test case is named ``CODE message`` (not by line, so GitLab can tell new failures
    from old ones across edits); exact copies get `` [2]``, `` [3]``...  A clean run is one
    passing test case, since GitLab shows a report with no test cases as empty.
    """
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="fmlint", tests=str(len(diagnostics) or 1),
                      failures=str(len(diagnostics)), errors="0")
    by_file: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_file.setdefault(diagnostic.path, []).append(diagnostic)
    for path, found in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=_xml(path), tests=str(len(found)),
                              failures=str(len(found)), errors="0", skipped="0")
        names: Counter = Counter()
        for d in found:
            message = _xml(f"{d.code} {d.message}")
            name = " ".join(message.split())
            names[name] += 1
            case = ET.SubElement(suite, "testcase", name=name if names[name] == 1 else f"{name} [{names[name]}]",
                                 classname=_xml(os.path.splitext(_posix(path))[0]),
                                 file=_xml(_posix(path)), line=str(d.line))
            ET.SubElement(case, "failure", message=message, type=d.severity).text = _xml(f"{path}:{d.line}:{d.column}")
    if not diagnostics:
        suite = ET.SubElement(root, "testsuite", name="fmlint", tests="1", failures="0", errors="0", skipped="0")
        ET.SubElement(suite, "testcase", name="no problems found", classname="fmlint")
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n")


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """Characters XML 1.0 cannot hold at all (even escaped) written as ``\\uXXXX``."""
    return _XML_INVALID.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


REPORTERS = {
    "text": report_text,
    "concise": report_concise,
    "json": report_json,
    "github": report_github,
    "sarif": report_sarif,
    "junit": report_junit,
}
