"""``junit``: JUnit XML for GitLab and Jenkins test reports."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from fmlint.model import Diagnostic
from fmlint.reporting.common import SourceLines, posix_path


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
                                 classname=_xml(os.path.splitext(posix_path(path))[0]),
                                 file=_xml(posix_path(path)), line=str(d.line))
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
