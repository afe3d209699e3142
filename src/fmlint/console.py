"""What the CLI prints besides the reporters: statistics, diffs, fix summaries, settings.

Kept apart from ``cli.py`` so the commands stay short and this can be tested alone.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TextIO

import click

from fmlint.model import Diagnostic
from fmlint.reading.files import read_file
from fmlint.reporting import REPORTERS


@contextlib.contextmanager
def destination(path: str | None) -> Iterator[TextIO]:
    """Standard output, or the named file (created or truncated)."""
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        yield stream


def report(diagnostics: Sequence[Diagnostic], output_format: str, color: bool | None, stream: TextIO) -> None:
    color = stream.isatty() if color is None else color
    REPORTERS[output_format](sorted(diagnostics, key=Diagnostic.sort_key), line_reader(), stream, color=color)


def line_reader():
    """Read source lines for excerpts, one file at a time, only when a reporter asks."""
    cache: dict[str, list[str]] = {}

    def line(path: str, number: int) -> str:
        if path not in cache:
            cache.clear()
            try:
                data, _ = read_file(path)  # never blocks on a FIFO, never reads past the size limit
                cache[path] = data.decode("utf-8", errors="replace").splitlines()
            except OSError:
                cache[path] = []
        lines = cache[path]
        return lines[number - 1] if 0 < number <= len(lines) else ""

    return line


def statistics(diagnostics: Sequence[Diagnostic], stream: TextIO) -> None:
    """``count  CODE  name`` per rule, most frequent first (like ``ruff --statistics``)."""
    counts = Counter((d.code, d.name) for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if d.fix is not None and d.fix.applicability == "safe")
    width = len(str(max(counts.values(), default=0)))
    for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        marker = "[*]" if fixable[code] else "   "
        stream.write(f"{count:>{width}}  {code}  {marker} {name}\n")
    total = sum(counts.values())
    stream.write(f"Found {total} problem{'s' if total != 1 else ''}.\n")


def write_baseline(path: str, diagnostics: Sequence[Diagnostic]) -> int:
    from fmlint.running.baseline import write

    return write(path, diagnostics)


def filter_baseline(path: str, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    from fmlint.running.baseline import load, new_problems

    return new_problems(diagnostics, path, load(path))


def show_config(paths: Sequence[str], options) -> None:
    """The settings that apply to each given file (or to files in each given folder)."""
    from fmlint.running.planner import Planner

    planner = Planner(options)
    for path in paths:
        probe = os.path.join(path, "_.md") if os.path.isdir(path) else path
        config = planner.config_for(probe)
        settings = planner.settings_for(probe)
        shown = {
            "path": path,
            "config": config.source,
            "schema": settings.schema.removeprefix("builtin:") if settings.schema else None,
            "rules": " ".join(each.code for each in settings.rules),
            "severity": dict(settings.severity),
            "options": {key: list(value) if isinstance(value, tuple) else value for key, value in settings.options.items()},
            "exclude": list(options.exclude + config.exclude),
        }
        click.echo(json.dumps(shown, indent=2))


def diffs(outcomes, stream: TextIO) -> int:
    """Unified diffs of the files that would change; returns how many."""
    changed = 0
    for outcome in outcomes:
        if outcome.changed:
            changed += 1
            old = outcome.original.decode("utf-8", errors="replace").splitlines(keepends=True)  # may be transcoded
            new = outcome.fixed.decode("utf-8", errors="replace").splitlines(keepends=True)
            stream.write("".join(difflib.unified_diff(old, new, f"a/{outcome.path}", f"b/{outcome.path}")))
    return changed


def fix_failures(outcomes) -> None:
    for outcome in outcomes:
        if outcome.write_error:
            click.echo(f"fmlint: error: {outcome.write_error}; the file was left as it was", err=True)
        if not outcome.converged:
            click.echo(f"fmlint: error: {outcome.path}: fixes did not converge after repeated passes; "
                       "please report this file", err=True)
        for diagnostic, reason in outcome.failed:
            click.echo(f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} "
                       f"fix not applied: {reason}", err=True)


def fix_summary(outcomes, remaining: int) -> None:
    fixed = sum(len(o.applied) for o in outcomes)
    files = sum(1 for o in outcomes if o.applied)
    click.echo(f"Fixed {fixed} problem{'s' if fixed != 1 else ''} in {files} file{'s' if files != 1 else ''} "
               f"({remaining} remaining).", err=True)
