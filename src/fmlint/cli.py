"""The command line: ``fmlint check``, ``fmlint fix``, ``fmlint rules``, ``fmlint rule CODE``.

This is the only module that exits.  Exit codes: 0 clean, 1 problems found,
2 usage, configuration or internal error.  Heavy modules are imported inside the
commands, so ``fmlint --version`` and ``--help`` start fast.
"""

from __future__ import annotations

import os
import sys

import click

from fmlint.model.version import __version__
from fmlint.reporting import REPORTERS

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
FORMATS = tuple(REPORTERS)


def _codes(value: str | None) -> tuple[str, ...] | None:
    """The comma-separated codes as typed (``catalog.select`` ignores case), so errors quote them."""
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


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
        click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True),
                     help="Write the report to this file instead of standard console."),
        click.option("--schema", help="Validate every file against this schema (a built-in name or a path)."),
        click.option("--select", help="Comma-separated rule codes or prefixes to enable (e.g. FM1,FM201)."),
        click.option("--extend-select", help="Codes or prefixes to enable on top of the configured ones."),
        click.option("--ignore", help="Comma-separated rule codes or prefixes to disable."),
        click.option("--exclude", multiple=True, help="Glob of paths not to walk into (repeatable)."),
        click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
                     help="Use this config file instead of discovering .fmlint.toml / pyproject.toml."),
        click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal)."),
        click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, not only on errors."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run_options(kwargs: dict):
    from fmlint.running.planner import RunOptions

    return RunOptions(_codes(kwargs["select"]), _codes(kwargs["ignore"]), kwargs["schema"], kwargs["config_file"],
                      tuple(kwargs["exclude"]), _codes(kwargs["extend_select"]) or ())


@main.command()
@_common_options
@click.option("--statistics", is_flag=True, help="Print the number of problems per rule instead of each problem.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only problems not recorded in this baseline.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record today's problems in this file.")
@click.option("--show-config", is_flag=True, help="Print the settings that apply to each PATH and exit.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: one per core).")
@click.option("--no-cache", is_flag=True, help="Check every file, ignoring and not writing .fmlint_cache/.")
def check(paths, statistics, exit_zero, baseline, write_baseline, show_config, jobs, no_cache, **kwargs):
    """Check PATHS (files or folders; default: the current folder).

    A path of "-" reads a list of file names, one per line, from standard input.
    """
    from fmlint import console
    from fmlint.running.commands import check_paths

    options = _run_options(kwargs)
    if show_config:
        _guarded(lambda: console.show_config(_expand(paths), options))
        sys.exit(EXIT_CLEAN)
    progress = kwargs["output_format"] == "text" and sys.stderr.isatty() and not os.environ.get("CI")
    diagnostics = _guarded(lambda: check_paths(_expand(paths), options, jobs, not no_cache, progress))
    if write_baseline:
        count = console.write_baseline(write_baseline, diagnostics)
        click.echo(f"Recorded {count} problem{'s' if count != 1 else ''} in {write_baseline}.", err=True)
        sys.exit(EXIT_CLEAN)
    if baseline:
        diagnostics = _guarded(lambda: console.filter_baseline(baseline, diagnostics))
    with console.destination(kwargs["output_file"]) as stream:
        if statistics:
            console.statistics(diagnostics, stream)
        else:
            console.report(diagnostics, kwargs["output_format"], kwargs["color"], stream)
    sys.exit(_exit_code(diagnostics, kwargs["strict"], exit_zero))


def _exit_code(diagnostics, strict: bool, exit_zero: bool = False) -> int:
    """2 when fmlint itself failed on a file (FM009: reported, the others checked); 1 for an error,
    or for a warning with ``--strict``; else 0 (warnings are shown but, like yamllint's, do not fail)."""
    if any(d.code == "FM009" for d in diagnostics):
        return EXIT_ERROR
    failing = [d for d in diagnostics if d.severity == "error" or strict]
    return EXIT_PROBLEMS if failing and not exit_zero else EXIT_CLEAN


@main.command()
@_common_options
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a diff of what would change; write nothing.")
def fix(paths, unsafe_fixes, show_diff, **kwargs):
    """Fix PATHS in place: apply every safe fix (and unsafe ones with --unsafe-fixes).

    Edits are spliced into the original text; the file is written atomically.  Then
    the problems that remain are reported as `check` would.  Exit 0 only when no
    error remains (no warning either with --strict; with --diff: 0 when nothing would change).
    """
    from fmlint import console
    from fmlint.running.commands import fix_paths

    options = _run_options(kwargs)
    outcomes = _guarded(lambda: list(fix_paths(_expand(paths), options, unsafe_fixes, write=not show_diff)))
    if show_diff:
        changed = console.diffs(outcomes, sys.stdout)
        click.echo(f"{changed} file{'s' if changed != 1 else ''} would be changed.", err=True)
        sys.exit(EXIT_PROBLEMS if changed else EXIT_CLEAN)
    remaining = [d for o in outcomes for d in o.remaining]
    console.fix_failures(outcomes)
    with console.destination(kwargs["output_file"]) as stream:
        console.report(remaining, kwargs["output_format"], kwargs["color"], stream)
    console.fix_summary(outcomes, len(remaining))
    failed = any(o.write_error or not o.converged for o in outcomes)
    sys.exit(EXIT_ERROR if failed else _exit_code(remaining, kwargs["strict"]))


def _guarded(action):
    """Run ``action``; usage and configuration errors become exit code 2 with a message."""
    from fmlint.running.baseline import BaselineError
    from fmlint.running.config import ConfigError
    from fmlint.running.planner import UsageError

    try:
        return action()
    except (UsageError, ConfigError, BaselineError) as error:
        click.echo(f"fmlint: error: {error}", err=True)
        sys.exit(EXIT_ERROR)


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


@main.command("rules")
def list_rules():
    """List every rule: code, name, default severity, fix, summary."""
    from fmlint.rules.catalog import all_rules

    for each in all_rules():
        fix = each.fix or "-"
        click.echo(f"{each.code}  {each.name:<26} {each.severity:<8} {fix:<7} {each.summary}")


@main.command("rule")
@click.argument("code")
def explain_rule(code):
    """Explain one rule (by code or name): what it checks, why, an example, the fix."""
    from fmlint.rules import catalog

    found = catalog.get(code)
    if found is None:
        click.echo(f"fmlint: error: {_not_one_rule(code)}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"{found.code} {found.name}  ({found.severity}; fix: {found.fix or 'none'})\n")
    click.echo(f"{found.summary}\n")
    click.echo(found.doc)


def _not_one_rule(code: str) -> str:
    """Why ``code`` names no single rule: a prefix of several (list some), or no rule at all."""
    from fmlint.rules import catalog

    if not catalog.is_known(code):
        return catalog.unknown_code_message(code)
    matching = [each.code for each in catalog.select([code.strip()])]
    shown = ", ".join(matching[:8]) + (", ..." if len(matching) > 8 else "")
    return f'"{code}" selects {len(matching)} rules ({shown}), not one; name a single rule'


def run() -> None:
    """Entry point that turns an unexpected exception into exit code 2 with a short message."""
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("fmlint: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as error:  # noqa: BLE001 - last resort: never a bare traceback
        click.echo(f"fmlint: internal error: {type(error).__name__}: {error}", err=True)
        click.echo("Please report this with the file that caused it.", err=True)
        sys.exit(EXIT_ERROR)
