"""Output formats: one module each, and the table from format name to a function that writes diagnostics.

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

from fmlint.reporting.concise import report_concise
from fmlint.reporting.github import report_github
from fmlint.reporting.json_array import report_json
from fmlint.reporting.junit import report_junit
from fmlint.reporting.sarif import report_sarif
from fmlint.reporting.text import report_text

REPORTERS = {
    "text": report_text,
    "concise": report_concise,
    "json": report_json,
    "github": report_github,
    "sarif": report_sarif,
    "junit": report_junit,
}
