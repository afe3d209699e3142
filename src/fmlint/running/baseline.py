"""Baselines: adopt fmlint on a repository that already has thousands of problems.

``--write-baseline FILE`` records today's problems; ``--baseline FILE`` then reports
only problems that are not in it.  A problem is keyed by file (relative to the
baseline's folder), code, JSON pointer and message — not by line — so edits
elsewhere in the file, which move lines, do not turn old problems into new ones.
Identical keys are counted: a third copy of a known problem is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable

from fmlint.fixing.atomic import replace_file
from fmlint.model import Diagnostic
from fmlint.reading.files import read_small

FORMAT_VERSION = 1
MAX_BASELINE_BYTES = 64 * 1024 * 1024  # a FIFO, a device or a larger file is refused, not read


class BaselineError(Exception):
    """A baseline file that cannot be read or has the wrong shape."""


def _key(diagnostic: Diagnostic, folder: str) -> tuple[str, str, str, str]:
    path = os.path.relpath(os.path.abspath(diagnostic.path), folder).replace(os.sep, "/")
    return path, diagnostic.code, diagnostic.pointer or "", diagnostic.message


def write(path: str, diagnostics: Iterable[Diagnostic]) -> int:
    """Record ``diagnostics`` in ``path``; returns how many problems were recorded."""
    folder = os.path.dirname(os.path.abspath(path))
    counts = Counter(_key(d, folder) for d in diagnostics)
    problems = [{"path": k[0], "code": k[1], "pointer": k[2], "message": k[3], "count": n}
                for k, n in sorted(counts.items())]
    text = json.dumps({"fmlint-baseline": FORMAT_VERSION, "problems": problems}, indent=1, ensure_ascii=False)
    replace_file(path, (text + "\n").encode("utf-8", errors="backslashreplace"))  # never through a link
    return sum(counts.values())


def load(path: str) -> Counter:
    try:
        data = json.loads(read_small(path, MAX_BASELINE_BYTES).decode("utf-8"))
        if data.get("fmlint-baseline") != FORMAT_VERSION:
            raise BaselineError(f"{path}: not an fmlint baseline (version {FORMAT_VERSION})")
        return Counter({(p["path"], p["code"], p["pointer"], p["message"]): int(p["count"])
                        for p in data["problems"]})
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise BaselineError(f"{path}: cannot use this baseline: {error}") from None


def new_problems(diagnostics: Iterable[Diagnostic], path: str, known: Counter) -> list[Diagnostic]:
    """The diagnostics the baseline does not account for."""
    return _match(diagnostics, os.path.dirname(os.path.abspath(path)), known)[0]


def stale_entries(diagnostics: Iterable[Diagnostic], path: str, known: Counter) -> list[tuple[str, str, str, str]]:
    """The baseline's keys that more diagnostics were recorded under than occur now (fixed)."""
    remaining = _match(diagnostics, os.path.dirname(os.path.abspath(path)), known)[1]
    return sorted(key for key, count in remaining.items() if count > 0)


def _match(diagnostics: Iterable[Diagnostic], folder: str, known: Counter) -> tuple[list[Diagnostic], Counter]:
    """(the diagnostics no entry accounts for, the entries' unused counts).

    Text rules (FM6xx) and FM105 had no pointer until they named their field (issue 12): a
    baseline recorded then has ``""`` where the diagnostic now has one, so a diagnostic that
    matches no entry exactly may use an entry with no pointer and the same file, code and
    message.  Exact entries are used first, so the fallback never takes another's entry.
    """
    remaining = Counter(known)
    unmatched = []
    for diagnostic in diagnostics:
        key = _key(diagnostic, folder)
        if remaining[key] > 0:
            remaining[key] -= 1
        elif key[2]:
            unmatched.append((diagnostic, key[:2] + ("",) + key[3:]))
        else:
            unmatched.append((diagnostic, None))
    fresh = []
    for diagnostic, unpointed in unmatched:
        if unpointed is not None and remaining[unpointed] > 0:
            remaining[unpointed] -= 1
        else:
            fresh.append(diagnostic)
    return fresh, remaining
