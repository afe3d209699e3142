"""What the CLI prints besides the reporters: statistics, diffs, fix summaries, settings.

Kept apart from ``cli.py`` so the commands stay short and this can be tested alone.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TextIO

import click

from fmlint.model import Diagnostic
from fmlint.model.patterns import Lazy
from fmlint.reading.files import read_file
from fmlint.reporting import REPORTERS
from fmlint.reporting.common import printable


@contextlib.contextmanager
def destination(path: str | None) -> Iterator[TextIO]:
    """Standard output, or the named file, replaced whole once the report is complete.

    The file is written by ``replace_file``: atomically, and never through a symbolic link
    a repository committed at that name.  Characters a stream cannot encode (a file name
    that is not UTF-8, on a strict UTF-8 stdout) are written as backslash escapes.
    """
    if path is None:
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="backslashreplace")
        yield sys.stdout
        return
    from fmlint.fixing.atomic import replace_file

    buffer = io.StringIO(newline="\n")
    yield buffer
    replace_file(path, buffer.getvalue().encode("utf-8", errors="backslashreplace"))


def report(diagnostics: Sequence[Diagnostic], output_format: str, color: bool | None, stream: TextIO,
           lines=None) -> None:
    color = stream.isatty() if color is None else color
    REPORTERS[output_format](sorted(diagnostics, key=Diagnostic.sort_key), lines or line_reader(), stream, color=color)


def read_stdin() -> bytes:
    """Standard input's bytes (``--stdin-filename``), at most one byte past the size limit."""
    from fmlint.reading.document import MAX_BYTES

    return sys.stdin.buffer.read(MAX_BYTES + 1)


def text_lines(data: bytes):
    """A line reader over text that is not on disk (an editor's unsaved buffer)."""
    lines = data.decode("utf-8", errors="replace").splitlines()
    return lambda path, number: lines[number - 1] if 0 < number <= len(lines) else ""


def lint_stdin(path: str, data: bytes, options) -> list[Diagnostic]:
    """Check ``data`` as if it were the file at ``path``, with that path's config and preset."""
    from fmlint.rules.engine import lint_bytes
    from fmlint.running.planner import Planner

    return lint_bytes(data, path, Planner(options).settings_for(path), size=len(data))


def fix_stdin(path: str, data: bytes, options, unsafe: bool):
    """Fix ``data`` as the file at ``path`` would be fixed; nothing is written."""
    from fmlint.fixing.loop import fix_bytes
    from fmlint.reading.document import MAX_BYTES
    from fmlint.running.planner import Planner

    settings = Planner(options).settings_for(path)
    if len(data) > MAX_BYTES:
        from fmlint.fixing.loop import FixOutcome
        from fmlint.rules.engine import lint_bytes

        return FixOutcome(path, data, data, remaining=lint_bytes(data, path, settings, size=len(data)))
    return fix_bytes(data, path, settings, unsafe)


def line_reader():
    """Read source lines for excerpts, one file at a time, only when a reporter asks."""
    cache: dict[str, list[str]] = {}

    def line(path: str, number: int) -> str:
        if path not in cache:
            cache.clear()
            try:
                data, _ = read_file(path)  # never blocks on a FIFO, never reads past the size limit
                cache[path] = _LINE_BREAK.split(data.decode("utf-8", errors="replace"))  # as lines are counted
            except OSError:
                cache[path] = []
        lines = cache[path]
        return lines[number - 1] if 0 < number <= len(lines) else ""

    return line


_LINE_BREAK = Lazy(r"\r\n|\r|\n")  # not str.splitlines: U+2028, \f or \x85 end no line of YAML


def statistics(diagnostics: Sequence[Diagnostic], stream: TextIO, output_format: str = "text") -> None:
    """``count  CODE  name`` per rule, most frequent first (like ``ruff --statistics``); with
    ``--format json``, the same as a JSON array, since a script asked for JSON."""
    counts = Counter((d.code, d.name) for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if d.fix is not None and d.fix.applicability == "safe")
    if output_format == "json":
        import json  # only this output and --show-config write JSON here

        rows = [{"code": code, "name": name, "count": count, "fixable": fixable[code]}
                for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
        stream.write(json.dumps(rows, indent=2) + "\n")
        return
    width = len(str(max(counts.values(), default=0)))
    for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        marker = "[*]" if fixable[code] else "   "
        stream.write(f"{count:>{width}}  {code}  {marker} {name}\n")
    total = sum(counts.values())
    stream.write(f"Found {total} problem{'s' if total != 1 else ''}.\n")


def write_baseline(path: str, diagnostics: Sequence[Diagnostic]) -> int:
    from fmlint.running.baseline import write

    return write(path, diagnostics)


def filter_baseline(path: str, diagnostics: Sequence[Diagnostic], paths: Sequence[str] = (),
                    options=None) -> list[Diagnostic]:
    """The problems the baseline does not hold; says how many it hid, and which of its entries
    no longer occur in the files checked (fixed: the baseline can shrink)."""
    from fmlint.running.baseline import load, new_problems, stale_entries

    known = load(path)
    fresh = new_problems(diagnostics, path, known)
    hidden = len(diagnostics) - len(fresh)
    if hidden:
        click.echo(f"{hidden} problem{'s' if hidden != 1 else ''} hidden by the baseline {path}.", err=True)
    folder = os.path.dirname(os.path.abspath(path))
    checked = _checked_files(paths, options, folder) if options is not None else set()
    stale = [key for key in stale_entries(diagnostics, path, known) if key[0] in checked]
    if stale:
        shown = ", ".join(f"{key[0]} {key[1]}" for key in stale[:3]) + (", ..." if len(stale) > 3 else "")
        click.echo(f"{len(stale)} baseline entr{'ies' if len(stale) != 1 else 'y'} no longer found ({shown}); "
                   f"record the baseline again with --write-baseline {path}", err=True)
    return fresh


def _checked_files(paths: Sequence[str], options, folder: str) -> set[str]:
    from fmlint.running.planner import Planner

    return {os.path.relpath(os.path.abspath(each), folder).replace(os.sep, "/") for each in Planner(options).files(paths)}


def configured_baseline(options) -> str | None:
    """The ``baseline`` of the config that applies in the working folder (a hook cannot pass one)."""
    from fmlint.running.planner import Planner

    return Planner(options).config_for(".", folder=True).baseline


def show_config(paths: Sequence[str], options) -> None:
    """The settings that apply to each given file (or to files in each given folder), and where
    each came from (``running.show_config``); the configs' warnings go to standard error."""
    import json

    from fmlint.running.planner import Planner
    from fmlint.running.show_config import explain

    planner = Planner(options)
    for path in paths:
        click.echo(json.dumps(explain(planner, path), indent=2, default=str))
    config_warnings(paths, options, planner)


def config_warnings(paths: Sequence[str], options, planner=None) -> None:
    """Print what is suspect in the configs a check used (a shadowed collection, a --config whose
    collections take no checked file); the run and its exit code are unchanged."""
    from fmlint.running.planner import Planner
    from fmlint.running.show_config import config_warnings as found

    for warning in found(planner or Planner(options), paths):
        click.echo(f"fmlint: warning: {printable(warning)}", err=True)


def write_starting_config(paths: Sequence[str], force: bool, min_files: int = 5, required: int = 100) -> str:
    """``fmlint init``: the detected site's starting ``.fmlint.toml`` plus a schema per collection
    inferred from the front matter under ``paths`` (``running.infer``); returns what was done.

    Every target is checked before anything is written, so a refusal leaves all as it was;
    the schemas are written before the config that names them."""
    from fmlint.running.infer import config_tables, plan, schema_bytes, summary
    from fmlint.running.presets import PRESETS, forget_sites, starting_config

    forget_sites()  # what an earlier run in this process found may have changed
    folders = [os.path.abspath(p if os.path.isdir(p) else os.path.dirname(p) or ".") for p in paths]
    text, name, root = starting_config(os.path.commonpath(folders))
    top = root or os.path.commonpath(folders)
    views, unread, site = _survey(paths, top)
    collections, skipped = plan(views, min_files, required, lambda folder: _preset_schema(site, top, folder))
    targets = {os.path.join(top, *each.schema_path.split("/")): schema_bytes(each.schema) for each in collections}
    target = os.path.join(top, ".fmlint.toml")
    targets[target] = (text + config_tables(collections)).encode("utf-8")
    _write_new(targets, force, os.path.join(top, "schemas") if collections else None)
    found = f"a {name} site at {root}" if name else "no site generator (edit the file to choose a preset)"
    preset = name if name and PRESETS[name].schema else None
    return (f"Wrote {target}: {found}.\n{summary(collections, skipped, len(views), unread, preset)}\n"
            f"Next: fmlint check {top}")


def _survey(paths: Sequence[str], top: str) -> tuple[list, int, object]:
    """``(path relative to top, front matter)`` of each page a check would walk (the preset's
    pages when a generator is detected), and how many had no front matter mapping to survey."""
    from fmlint.reading.frontmatter import read
    from fmlint.running import presets
    from fmlint.running.discovery import NotFound, discover
    from fmlint.running.planner import UsageError

    found = presets.find_site(top)  # not the config's settings: --force replaces that file, broken or not
    site = presets.Site(presets.PRESETS[found[0]], found[1], found[2]) if found else None
    try:
        files = [path for path in discover(list(paths), ()) if site is None or site.covers(os.path.abspath(path))]
    except NotFound as error:
        raise UsageError(str(error)) from None
    views: dict[str, object] = {}
    for path in files:
        relative = os.path.relpath(os.path.abspath(path), top).replace(os.sep, "/")
        try:
            data, status = read_file(path)
            fm = read(data, path, status.st_size)[1]
        except Exception:  # noqa: BLE001 - unreadable, or a reader fault (a check's FM009): not surveyed
            fm = None
        if relative not in views and not relative.startswith("../"):  # a path given twice is read once
            views[relative] = fm.data if fm is not None and fm.ok and isinstance(fm.data, dict) else None
    surveyed = sorted((path, data) for path, data in views.items() if data is not None)
    return surveyed, len(views) - len(surveyed), site


def _preset_schema(site, top: str, folder: str) -> dict | None:
    """The built-in schema the detected preset gives a page in ``folder`` (its dates' forms)."""
    reference = site.schema_for(os.path.join(top, folder, "_.md")) if site is not None else None
    if reference is None or os.sep in reference:
        return None  # no preset, or Astro's generated schema: a file of the project
    from fmlint.schema.loading import load, resolve_reference

    return load(resolve_reference(reference, None)).schema


def _write_new(targets: dict[str, bytes], force: bool, schemas: str | None) -> None:
    """Write each file (atomically; a committed link is replaced, never written through), none
    if one exists and not ``force``, and never into a ``schemas`` folder that is a link."""
    from fmlint.fixing.atomic import replace_file
    from fmlint.running.planner import UsageError

    existing = [target for target in targets if os.path.lexists(target)]
    if existing and not force:
        one = len(existing) == 1
        shown = ", ".join(existing[:3]) + (f" and {len(existing) - 3} more" if len(existing) > 3 else "")
        raise UsageError(f"{shown} already exist{'s' if one else ''}; "
                         f"use --force to write over {'it' if one else 'them'}")
    if schemas is not None and (os.path.islink(schemas) or os.path.lexists(schemas) and not os.path.isdir(schemas)):
        raise UsageError(f"{schemas} is a link or not a folder: no schema is written there")
    current = schemas
    try:
        if schemas is not None:
            os.makedirs(schemas, exist_ok=True)
        for current, data in targets.items():
            replace_file(current, data)
    except OSError as error:
        raise UsageError(f"cannot write {current}: {error.strerror or error}") from None


def diffs(outcomes, stream: TextIO) -> int:
    """Unified diffs of the files that would change; returns how many."""
    import difflib  # only --diff pays for it

    changed = 0
    for outcome in outcomes:
        if outcome.changed:
            changed += 1
            old = outcome.original.decode("utf-8", errors="replace").splitlines(keepends=True)  # may be transcoded
            new = outcome.fixed.decode("utf-8", errors="replace").splitlines(keepends=True)
            name = printable(outcome.path)
            lines = difflib.unified_diff(old, new, f"a/{name}", f"b/{name}")
            stream.write("".join(printable(line.removesuffix("\n")) + "\n" for line in lines))  # "\r" shows
    return changed


def fix_failures(outcomes) -> None:
    for outcome in outcomes:
        if outcome.write_error:
            click.echo(f"fmlint: error: {printable(outcome.write_error)}; the file was left as it was", err=True)
        if not outcome.converged:
            click.echo(f"fmlint: error: {printable(outcome.path)}: fixes did not converge after repeated passes; "
                       "please report this file", err=True)
        for diagnostic, reason in outcome.failed:
            click.echo(f"{printable(diagnostic.path)}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} "
                       f"fix not applied: {reason}", err=True)


def fix_summary(outcomes, remaining: int) -> None:
    fixed = sum(len(o.applied) for o in outcomes)
    files = sum(1 for o in outcomes if o.applied)
    click.echo(f"Fixed {fixed} problem{'s' if fixed != 1 else ''} in {files} file{'s' if files != 1 else ''} "
               f"({remaining} remaining).", err=True)
