"""Output formats: one module each, and the table from format name to a function that writes diagnostics.

Each reporter takes the diagnostics (sorted), the documents' line lookup and a
stream.  The CLI's ``--format`` choices are this table's keys.

- ``text``: location, code, message, the source line and a caret; a summary line.
- ``concise``: one line per diagnostic with its severity; the same summary line.
- ``json``: the stable records of ``Diagnostic.as_json``.
- ``github``: GitHub Actions workflow commands (annotations); nothing else.
- ``sarif``: SARIF 2.1.0 for code scanning, with rule help, fingerprints and fixes.
- ``junit``: JUnit XML for GitLab and Jenkins test reports.

A run writes one format, so the table imports a reporter's module when it is looked up:
``fmlint check`` in a pre-commit hook does not pay for ``json``, SARIF or JUnit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

FORMATS = ("text", "concise", "json", "github", "sarif", "junit")


def _reporter(name: str) -> Callable:
    """The reporter of one format, its module imported now (written out: no dynamic import)."""
    if name == "concise":
        from fmlint.reporting.concise import report_concise as chosen
    elif name == "json":
        from fmlint.reporting.json_array import report_json as chosen
    elif name == "github":
        from fmlint.reporting.github import report_github as chosen
    elif name == "sarif":
        from fmlint.reporting.sarif import report_sarif as chosen
    elif name == "junit":
        from fmlint.reporting.junit import report_junit as chosen
    else:
        from fmlint.reporting.text import report_text as chosen
    return chosen


class _Reporters(Mapping):
    """The format table, read-only; a reporter's module is imported on first lookup."""

    def __getitem__(self, name: str) -> Callable:
        if name not in FORMATS:
            raise KeyError(name)
        return _reporter(name)

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


REPORTERS: Mapping[str, Callable] = _Reporters()
