"""What ``fmlint check`` and ``fmlint fix`` do with their paths: the public entry points.

``check_paths`` plans each file's settings, answers what it can from the cache and
checks the rest (in worker processes for large runs); ``fix_paths`` fixes file by
file and writes atomically.  An internal error on one file is reported on it (FM009).
"""

from __future__ import annotations

from collections.abc import Iterable

from fmlint.model import Diagnostic
from fmlint.reading.document import MAX_BYTES
from fmlint.reading.files import read_file
from fmlint.rules.engine import internal_diagnostics, lint_path
from fmlint.running.planner import Planner, RunOptions


def check_paths(paths: Iterable[str], options: RunOptions, jobs: int | None = None, use_cache: bool = True,
                progress: bool = False) -> list[Diagnostic]:
    """Check every file; results come from the cache where the file and settings are unchanged."""
    from fmlint.running.pool import check_files
    from fmlint.running.vocabulary import cache_disabled

    planner = Planner(options)
    files = list(planner.files(paths))
    with cache_disabled(not use_cache):  # --no-cache: the repository's vocabulary is learned afresh too
        return sorted(check_files(files, planner, jobs, use_cache, progress), key=Diagnostic.sort_key)


def fix_paths(paths: Iterable[str], options: RunOptions, unsafe: bool = False, write: bool = True):
    """Fix each file; yields a ``FixOutcome`` per file (written atomically unless ``write`` is False)."""
    from fmlint.fixing.atomic import write_atomic
    from fmlint.fixing.loop import FixOutcome, fix_bytes

    planner = Planner(options)
    for path in planner.files(paths):
        settings = planner.settings_for(path)
        try:
            data, _ = read_file(path)
        except OSError:
            data = None
        if data is None or len(data) > MAX_BYTES:  # unreadable, not a regular file, or too large: report only
            yield FixOutcome(path, b"", b"", remaining=lint_path(path, settings))
            continue
        try:
            outcome = fix_bytes(data, path, settings, unsafe)
        except Exception as error:  # noqa: BLE001 - reported on this file (FM009), never written; the run goes on
            diagnostics = lint_path(path, settings) + internal_diagnostics(path, "fixing the file", error)
            yield FixOutcome(path, data, data, remaining=sorted(diagnostics, key=Diagnostic.sort_key))
            continue
        if write and outcome.changed:
            try:
                write_atomic(path, outcome.fixed, original=data)  # refused if edited meanwhile
            except OSError as error:
                outcome.write_error = f"cannot write {path}: {error.strerror or error}"
                outcome.fixed, outcome.applied = outcome.original, []
                outcome.remaining = lint_path(path, settings)
        yield outcome
