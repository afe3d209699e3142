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
SEVERITIES = ("error", "warning", "info")  # most severe first: --fail-on X fails on X and above
FORMATS = tuple(REPORTERS)
PRESETS = ("hugo", "jekyll", "zola", "starlight", "astro", "docusaurus", "mkdocs-material", "eleventy", "none")  # running/presets.py (tested to agree)


def _codes(value: str | None) -> tuple[str, ...] | None:
    """The comma-separated codes as typed (``catalog.select`` ignores case), so errors quote them."""
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


class PathFirstCommand(click.Command):
    """A command where an argument naming something on disk is a path, never an option.

    pre-commit runs ``fmlint check ARGS FILES``: a committed file named ``--select=x.md``
    or ``-oREADME.md`` would otherwise be read as an option (switch rules off, write the
    report over README.md).  Such arguments are moved behind ``--`` before click parses.
    """

    def parse_args(self, ctx, args):
        return super().parse_args(ctx, paths_behind_double_dash(self, list(args)))


def paths_behind_double_dash(command: click.Command, args: list[str]) -> list[str]:
    """``args`` with every option-looking argument that exists on disk moved behind ``--``."""
    takes_value = {name for param in command.params if isinstance(param, click.Option) and not param.is_flag
                   for name in param.opts + param.secondary_opts}
    kept, moved, index = [], [], 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            break
        if arg != "-" and arg.startswith("-") and os.path.lexists(arg):
            moved.append(arg)
        else:
            kept.append(arg)
            if arg in takes_value and index + 1 < len(args):  # the option's value, whatever it looks like
                index += 1
                kept.append(args[index])
        index += 1
    rest = args[index + 1:] if index < len(args) else []
    return kept + ["--", *moved, *rest] if moved or index < len(args) else kept


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
        click.option("--stdin-filename", metavar="PATH",
                     help="Read the content from standard input and report it as PATH (with PATH's config)."),
        click.option("--preset", type=click.Choice(PRESETS),
                     help="The site generator's front matter and rule settings (default: detected; none: no preset)."),
        click.option("--select", help="Comma-separated rule codes or prefixes to enable (e.g. FM1,FM201)."),
        click.option("--extend-select", help="Codes or prefixes to enable on top of the configured ones."),
        click.option("--ignore", help="Comma-separated rule codes or prefixes to disable."),
        click.option("--exclude", multiple=True, help="Glob of paths not to walk into (repeatable)."),
        click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
                     help="Use this config file instead of discovering .fmlint.toml / pyproject.toml."),
        click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal)."),
        click.option("--fail-on", type=click.Choice(SEVERITIES),
                     help="The lowest severity that fails the run (exit 1); default: error, or `fail-on` in config."),
        click.option("--strict", is_flag=True, help="Shorthand for --fail-on warning."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run_options(kwargs: dict):
    from fmlint.running.planner import RunOptions

    return RunOptions(_codes(kwargs["select"]), _codes(kwargs["ignore"]), kwargs["schema"], kwargs["config_file"],
                      tuple(kwargs["exclude"]), _codes(kwargs["extend_select"]) or (), preset=kwargs["preset"])


@main.command(cls=PathFirstCommand)
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
    if kwargs["stdin_filename"]:
        sys.exit(_check_stdin(kwargs, options, exit_zero))
    if show_config:
        _guarded(lambda: console.show_config(_expand(paths), options))
        sys.exit(EXIT_CLEAN)
    progress = kwargs["output_format"] == "text" and sys.stderr.isatty() and not os.environ.get("CI")
    expanded = _expand(paths)  # once: "-" reads standard input
    diagnostics = _guarded(lambda: check_paths(expanded, options, jobs, not no_cache, progress))
    _guarded(lambda: console.config_warnings(expanded, options))  # stderr only: the exit code is the run's
    if write_baseline:
        count = console.write_baseline(write_baseline, diagnostics)
        click.echo(f"Recorded {count} problem{'s' if count != 1 else ''} in {write_baseline}.", err=True)
        sys.exit(EXIT_CLEAN)
    configured = None if baseline else _guarded(lambda: console.configured_baseline(options))
    if baseline or (configured and os.path.lexists(configured)):  # a configured one not yet written holds nothing
        used = baseline or configured
        diagnostics = _guarded(lambda: console.filter_baseline(used, diagnostics, expanded, options))
    with console.destination(kwargs["output_file"]) as stream:
        if statistics:
            console.statistics(diagnostics, stream, kwargs["output_format"])
        else:
            console.report(diagnostics, kwargs["output_format"], kwargs["color"], stream)
    sys.exit(_exit_code(diagnostics, kwargs, options, exit_zero))


def _exit_code(diagnostics, kwargs: dict, options, exit_zero: bool = False) -> int:
    """2 when fmlint itself failed on a file (FM009: reported, the others checked); 1 for a problem
    at or above the fail-on severity (``--fail-on``, ``--strict`` = warning, else the file's config's
    ``fail-on``, else error); else 0 (warnings are shown but, as in ESLint and yamllint, do not fail)."""
    if any(d.code == "FM009" for d in diagnostics):
        return EXIT_ERROR
    given = kwargs["fail_on"] or ("warning" if kwargs["strict"] else None)
    levels: dict[str, str] = {}
    if given is None and any(d.severity != "error" for d in diagnostics):
        from fmlint.running.planner import Planner

        planner = Planner(options)
        levels = {path: planner.config_for(path).fail_on or "error" for path in {d.path for d in diagnostics}}
    failing = [d for d in diagnostics
               if SEVERITIES.index(d.severity) <= SEVERITIES.index(given or levels.get(d.path, "error"))]
    return EXIT_PROBLEMS if failing and not exit_zero else EXIT_CLEAN


@main.command(cls=PathFirstCommand)
@_common_options
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a diff of what would change; write nothing.")
@click.option("--exit-non-zero-on-fix", is_flag=True,
              help="Exit 1 when a file was changed, else 0 whatever remains (the pre-commit hook's contract).")
def fix(paths, unsafe_fixes, show_diff, exit_non_zero_on_fix, **kwargs):
    """Fix PATHS in place: apply every safe fix (and unsafe ones with --unsafe-fixes).

    Edits are spliced into the original text; the file is written atomically.  Then
    the problems that remain are reported as `check` would.  Exit 0 only when no
    error remains (nothing at or above --fail-on; with --diff: 0 when nothing would change;
    with --exit-non-zero-on-fix: 1 exactly when a file was changed).
    """
    from fmlint import console
    from fmlint.running.commands import fix_paths

    options = _run_options(kwargs)
    if kwargs["stdin_filename"]:
        sys.exit(_fix_stdin(kwargs, options, unsafe_fixes))
    expanded = _expand(paths)
    outcomes = _guarded(lambda: list(fix_paths(expanded, options, unsafe_fixes, write=not show_diff)))
    _guarded(lambda: console.config_warnings(expanded, options))  # stderr only, as for `check`
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
    if exit_non_zero_on_fix and not failed:
        internal = any(d.code == "FM009" for d in remaining)
        sys.exit(EXIT_ERROR if internal else EXIT_PROBLEMS if any(o.changed for o in outcomes) else EXIT_CLEAN)
    sys.exit(EXIT_ERROR if failed else _exit_code(remaining, kwargs, options))


def _check_stdin(kwargs: dict, options, exit_zero: bool) -> int:
    """``check --stdin-filename PATH``: an editor's unsaved text, reported as PATH."""
    from fmlint import console

    data = console.read_stdin()
    diagnostics = _guarded(lambda: console.lint_stdin(kwargs["stdin_filename"], data, options))
    with console.destination(kwargs["output_file"]) as stream:
        console.report(diagnostics, kwargs["output_format"], kwargs["color"], stream, console.text_lines(data))
    return _exit_code(diagnostics, kwargs, options, exit_zero)


def _fix_stdin(kwargs: dict, options, unsafe: bool) -> int:
    """``fix --stdin-filename PATH``: the fixed text to standard output, what remains to standard error."""
    from fmlint import console

    data = console.read_stdin()
    outcome = _guarded(lambda: console.fix_stdin(kwargs["stdin_filename"], data, options, unsafe))
    sys.stdout.flush()
    sys.stdout.buffer.write(outcome.fixed)
    sys.stdout.buffer.flush()
    console.report(outcome.remaining, kwargs["output_format"], kwargs["color"], sys.stderr,
                   console.text_lines(outcome.fixed))
    return EXIT_ERROR if not outcome.converged else _exit_code(outcome.remaining, kwargs, options)


def _guarded(action):
    """Run ``action``; usage and configuration errors become exit code 2 with a message."""
    from fmlint.running.config import ConfigError
    from fmlint.running.planner import UsageError

    try:
        return action()
    except Exception as error:
        from fmlint.running.baseline import BaselineError  # here: a check without a baseline never loads it

        if not isinstance(error, (UsageError, ConfigError, BaselineError)):
            raise
        click.echo(f"fmlint: error: {error}", err=True)
        sys.exit(EXIT_ERROR)


def _expand(paths: tuple[str, ...]) -> list[str]:
    if not paths:
        return ["."]
    expanded: list[str] = []
    for path in paths:
        if path == "-":
            names = (line.removesuffix("\n").removesuffix("\r") for line in sys.stdin)
            expanded.extend(name for name in names if name)  # " lead.md" is a name with a space
        else:
            expanded.append(path)
    return expanded


@main.command("init")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--force", is_flag=True, help="Write over an existing .fmlint.toml and schemas.")
@click.option("--min-files", type=click.IntRange(min=1), default=5, show_default=True,
              help="Infer a schema for each folder with at least this many files.")
@click.option("--required", type=click.IntRange(1, 100), default=100, show_default=True, metavar="PERCENT",
              help="A key is required when in at least this share of a folder's files.")
def init(paths, force, min_files, required):
    """Write a starting .fmlint.toml for the site at PATHS (default: here), with its generator's
    preset and a JSON Schema per folder inferred from the front matter already there.

    The site is recognised by its generator's config (hugo.toml, _config.yml, Zola's config.toml,
    astro.config.*); the files go to the site's root (schemas/ for the schemas), and the inferred
    collections take the place of the preset's schema in their folders.  It says what it was
    unsure of.  Existing files are kept unless --force; the same content writes the same bytes.
    """
    from fmlint import console

    click.echo(_guarded(lambda: console.write_starting_config(paths or (".",), force, min_files, required)), err=True)


@main.command("vocab")
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--min-files", type=click.IntRange(min=1), default=2, show_default=True,
              help="Add a possessive written in at least this many files.")
def vocab(folder, min_files):
    """Write or update the site's vocabulary file from its content (FM613's reviewed words).

    The file is the config's `vocabulary` (default .fmlint-vocab.txt at the config's folder);
    lines already there are kept as they are.  Review it, and name it in the config.
    """
    from fmlint.running.planner import Planner, RunOptions
    from fmlint.running.vocabulary import learn_repository
    from fmlint.running.vocabulary_file import DEFAULT_FILE, read_text, updated_vocabulary_file, write_vocabulary_file

    def write():
        config = Planner(RunOptions()).config_for(folder, folder=True)
        vocabulary = config.options.get("vocabulary")
        root = str(config.root) if config.root is not None else os.path.abspath(folder)
        target = os.path.join(root, getattr(vocabulary, "vocabulary_file", None) or DEFAULT_FILE)
        text, added = updated_vocabulary_file(learn_repository(root, config.exclude), read_text(target), min_files)
        try:
            write_vocabulary_file(target, text)
        except OSError as error:
            click.echo(f"fmlint: error: cannot write {target}: {error.strerror or error}", err=True)
            sys.exit(EXIT_ERROR)
        click.echo(f"{target}: {len(added)} word{'' if len(added) == 1 else 's'} added" + (
            "" if getattr(vocabulary, "vocabulary_file", None) else f'; name it in the config: vocabulary = '
            f'"{os.path.relpath(target, root)}"'), err=True)

    _guarded(write)


@main.command("rules")
def list_rules():
    """List every rule: code, name, default severity, fix, summary."""
    from fmlint.rules.catalog import all_rules

    rules = all_rules()
    name_width = max(len(each.name) for each in rules)
    severity_width = max(len(each.severity) for each in rules)
    fix_width = max(len(each.fix or "-") for each in rules)
    for each in rules:  # widths from the data: columns line up whatever the longest name is
        click.echo(f"{each.code}  {each.name:<{name_width}}  {each.severity:<{severity_width}}  "
                   f"{each.fix or '-':<{fix_width}}  {each.summary}")


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
        return catalog.unknown_rule_message(code)
    matching = [each.code for each in catalog.select([code.strip()])]
    shown = ", ".join(matching[:8]) + (", ..." if len(matching) > 8 else "")
    return f'"{code}" selects {len(matching)} rules ({shown}), not one; name a single rule'


@main.command("server")
def language_server():
    """Run the language server on standard input and output, for editors (LSP).

    Needs the server extra: pip install 'fmlint[server]'.
    """
    try:
        from fmlint.server.features import serve  # pygls is imported here only, never by `check`
    except ModuleNotFoundError as error:
        missing = (error.name or "").split(".")[0]
        if missing not in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise
        click.echo(f"fmlint: error: the language server needs {missing}: pip install 'fmlint[server]'", err=True)
        sys.exit(EXIT_ERROR)
    serve()


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM, raised by our handler: not a KeyboardInterrupt, so click does not turn it
    into "Aborted!" and exit 1; as a BaseException it still unwinds every ``finally`` (temporary
    files of an atomic write are removed)."""


def _interrupt(signum, frame) -> None:
    raise Interrupted(signum)


def run() -> None:
    """Entry point that turns an unexpected exception into exit code 2 with a short message."""
    import signal

    for name in ("SIGINT", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except (KeyboardInterrupt, Interrupted):
        click.echo("fmlint: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as error:  # noqa: BLE001 - last resort: never a bare traceback
        click.echo(f"fmlint: internal error: {type(error).__name__}: {error}", err=True)
        click.echo("Please report this with the file that caused it.", err=True)
        sys.exit(EXIT_ERROR)
