"""The command line: ``fmlint check``, ``fmlint rules``, ``fmlint rule CODE``.

This is the only module that exits.  Exit codes: 0 clean, 1 problems found,
2 usage, configuration or internal error.
"""

from __future__ import annotations

import sys

import click

from . import __version__

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
from .reporters import REPORTERS

FORMATS = tuple(REPORTERS)


def _codes(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(part.strip().upper() for part in value.split(",") if part.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fmlint")
def main() -> None:
    """Validate, lint and repair the front matter of Markdown content files."""


def _common_options(command):
    """Options shared by ``check`` and ``fix``."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path()),
        click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
                     help="Output format."),
        click.option("--schema", help="Validate every file against this schema (a built-in name or a path)."),
        click.option("--select", help="Comma-separated rule codes or prefixes to enable (e.g. FM1,FM201)."),
        click.option("--ignore", help="Comma-separated rule codes or prefixes to disable."),
        click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
                     help="Use this config file instead of discovering .fmlint.toml / pyproject.toml."),
        click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command()
@_common_options
def check(paths, output_format, schema, select, ignore, config_file, color):
    """Check PATHS (files or folders; default: the current folder).

    A path of "-" reads a list of file names, one per line, from standard input.
    """
    from .runner import RunOptions, check_paths

    options = RunOptions(_codes(select), _codes(ignore), schema, config_file)
    diagnostics = _guarded(lambda: check_paths(_expand(paths), options))
    _report(diagnostics, output_format, color)
    sys.exit(EXIT_PROBLEMS if diagnostics else EXIT_CLEAN)


@main.command()
@_common_options
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a diff of what would change; write nothing.")
def fix(paths, output_format, schema, select, ignore, config_file, color, unsafe_fixes, show_diff):
    """Fix PATHS in place: apply every safe fix (and unsafe ones with --unsafe-fixes).

    Edits are spliced into the original text; the file is written atomically.  Then
    the problems that remain are reported as `check` would.  Exit 0 only when none
    remain (with --diff: 0 when nothing would change).
    """
    from .runner import RunOptions, fix_paths

    options = RunOptions(_codes(select), _codes(ignore), schema, config_file)
    outcomes = _guarded(lambda: list(fix_paths(_expand(paths), options, unsafe_fixes, write=not show_diff)))
    if show_diff:
        changed = [o for o in outcomes if o.changed]
        for outcome in changed:
            sys.stdout.write(_unified_diff(outcome))
        click.echo(f"{len(changed)} file{'s' if len(changed) != 1 else ''} would be changed.", err=True)
        sys.exit(EXIT_PROBLEMS if changed else EXIT_CLEAN)
    remaining = [d for o in outcomes for d in o.remaining]
    _report_fix_failures(outcomes)
    _report(remaining, output_format, color)
    fixed = sum(len(o.applied) for o in outcomes)
    files = sum(1 for o in outcomes if o.applied)
    click.echo(f"Fixed {fixed} problem{'s' if fixed != 1 else ''} in {files} file{'s' if files != 1 else ''} "
               f"({len(remaining)} remaining).", err=True)
    failed = any(o.write_error or not o.converged for o in outcomes)
    sys.exit(EXIT_ERROR if failed else EXIT_PROBLEMS if remaining else EXIT_CLEAN)


def _guarded(action):
    """Run ``action``; usage and configuration errors become exit code 2 with a message."""
    from .config import ConfigError
    from .runner import UsageError

    try:
        return action()
    except (UsageError, ConfigError) as error:
        click.echo(f"fmlint: error: {error}", err=True)
        sys.exit(EXIT_ERROR)


def _report(diagnostics, output_format: str, color: bool | None) -> None:
    from .model import Diagnostic

    color = sys.stdout.isatty() if color is None else color
    REPORTERS[output_format](sorted(diagnostics, key=Diagnostic.sort_key), _line_reader(), sys.stdout, color=color)


def _report_fix_failures(outcomes) -> None:
    for outcome in outcomes:
        if outcome.write_error:
            click.echo(f"fmlint: error: {outcome.write_error}; the file was left as it was", err=True)
        if not outcome.converged:
            click.echo(f"fmlint: error: {outcome.path}: fixes did not converge after repeated passes; "
                       "please report this file", err=True)
        for diagnostic, reason in outcome.failed:
            click.echo(f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} "
                       f"fix not applied: {reason}", err=True)


def _unified_diff(outcome) -> str:
    import difflib

    old = outcome.original.decode("utf-8").splitlines(keepends=True)
    new = outcome.fixed.decode("utf-8").splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, f"a/{outcome.path}", f"b/{outcome.path}"))


def _expand(paths: tuple[str, ...]) -> list[str]:
    if not paths:
        return ["."]
    expanded: list[str] = []
    for path in paths:
        if path == "-":
            expanded.extend(line.strip() for line in sys.stdin if line.strip())
        else:
            expanded.append(path)
    return expanded


def _line_reader():
    """Read source lines for excerpts, one file at a time, only when a reporter asks."""
    cache: dict[str, list[str]] = {}

    def line(path: str, number: int) -> str:
        if path not in cache:
            try:
                with open(path, encoding="utf-8", errors="replace", newline="") as handle:
                    cache.clear()
                    cache[path] = handle.read().splitlines()
            except OSError:
                cache[path] = []
        lines = cache[path]
        return lines[number - 1] if 0 < number <= len(lines) else ""

    return line


@main.command("rules")
def list_rules():
    """List every rule: code, name, default severity, fix, summary."""
    from .registry import all_rules

    for each in all_rules():
        fix = each.fix or "-"
        click.echo(f"{each.code}  {each.name:<26} {each.severity:<8} {fix:<7} {each.summary}")


@main.command("rule")
@click.argument("code")
def explain_rule(code):
    """Explain one rule (by code or name): what it checks, why, an example, the fix."""
    from .registry import get

    found = get(code)
    if found is None:
        click.echo(f"fmlint: error: unknown rule {code!r} (see `fmlint rules`)", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"{found.code} {found.name}  ({found.severity}; fix: {found.fix or 'none'})\n")
    click.echo(f"{found.summary}\n")
    click.echo(found.doc)


def run() -> None:
    """Entry point that turns an unexpected exception into exit code 2 with a short message."""
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001 - last resort: never a bare traceback
        click.echo(f"fmlint: internal error: {type(error).__name__}: {error}", err=True)
        click.echo("Please report this with the file that caused it.", err=True)
        sys.exit(EXIT_ERROR)
