"""The engine: read a file, parse it, run the selected rules, stamp and position problems.

``lint_bytes`` is pure (bytes and settings in, diagnostics out), so it can run in
worker processes and be cached by content; ``lint_path`` adds the file read.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from fmlint.model import Diagnostic, Problem, Span
from fmlint.reading.document import Document
from fmlint.reading.files import read_file
from fmlint.reading.frontmatter import read
from fmlint.reading.view import FrontMatter
from fmlint.rules import catalog, registry
from fmlint.rules.registry import DATA, READ, Rule

_RECORDING: ContextVar[list | None] = ContextVar("fmlint_reads", default=None)


@dataclass(frozen=True)
class Settings:
    """What applies to one file: its rules, its schema (if any) and rule options."""

    rules: tuple[Rule, ...]
    schema: str | None = None  # a key from ``schemas.resolve_reference``
    options: dict = field(default_factory=dict)
    allow_schema_key: bool = True  # may a ``$schema`` key in the file choose the schema?
    severity: tuple[tuple[str, str], ...] = ()  # (code, severity) overrides from the config
    # A ``$schema`` named in a content file must lie inside this folder (the project: the
    # config's folder, else the working folder); None: inside the file's own folder.
    root: str | None = None

    @functools.cached_property
    def run_order(self) -> list[Rule]:
        """The rules, data rules first: loading a schema may add findings that reading-stage
        rules report.  Worked out once per settings (files of a collection share them)."""
        data = [each for each in self.rules if each.stage == DATA]
        return data + [each for each in self.rules if each.stage != DATA]


@dataclass
class Context:
    """What a rule sees.  Expensive views are computed once, on first use."""

    doc: Document
    fm: FrontMatter
    settings: Settings
    memo: dict = field(default_factory=dict)  # per-file values rules share (e.g. the glitch view)
    reads: list = field(default_factory=list)  # local files the result depends on (see ``image_size``)

    @property
    def data(self) -> Any:
        return self.fm.data

    def found(self, name: str) -> Iterable[Problem]:
        """Problems that reading or parsing recorded for the rule called ``name``."""
        return self.doc.findings.get(name, ())

    def option(self, name: str, default: Any = None) -> Any:
        return self.settings.options.get(name, default)

    def image_size(self, reference: str) -> tuple[int, int] | None:
        """The pixel size of the local image ``reference`` names (inside the project), else None.

        Rules may not read files, so they ask here.  Every local path looked up, found or
        not, goes in ``reads`` (and ``recording_reads``): the result then depends on it, and
        the cache keys it by that file too.  Remote URLs are never fetched.
        """
        from fmlint.reading import image_files

        sizes = self.memo.setdefault("image_size", {})
        if reference not in sizes:
            root = self.settings.root or str(_folder(self.doc.path))
            target = image_files.locate(reference, self.doc.path, root)
            if target is not None:
                self.reads.append(target)
                record_input(target)
            sizes[reference] = image_files.pixel_size(target, root) if target is not None else None
        return sizes[reference]

    @functools.cached_property
    def schema(self) -> Any:
        """The LoadedSchema for this file, or None; a schema that fails to load is a finding."""
        from fmlint.schema.loading import SchemaError, load, resolve_reference

        key = self.settings.schema
        declared = self.data.get("$schema") if isinstance(self.data, dict) else None
        if isinstance(declared, str) and self.settings.allow_schema_key:
            try:
                key = resolve_reference(declared, _folder(self.doc.path))
                _inside_project(key, self.settings.root or str(_folder(self.doc.path)))
            except SchemaError as error:
                self.doc.add("schema-unavailable", Problem(str(error), pointer="/$schema"))
                return None
        if key is None:
            return None
        try:
            return load(key)
        except SchemaError as error:
            self.doc.add("schema-unavailable", Problem(str(error)))
            return None

    @functools.cached_property
    def schema_errors(self) -> list:
        """Validation findings (kind, Problem) for this file's schema; empty without one."""
        if self.schema is None or not self.fm.ok:
            return []
        from fmlint.schema.messages import validate

        try:
            return validate(self.schema, self.data)
        except Exception as error:  # noqa: BLE001 - reported once as FM009; the other rules still run
            self.doc.add("internal-error", internal_problem(f"validating against schema {self.schema.name}", error))
            return []


def _inside_project(key: str, root: str) -> None:
    """A content file may name a schema inside the project only: its values show in messages."""
    from fmlint.schema.loading import SchemaError

    if key.startswith("builtin:"):
        return
    top = os.path.realpath(root)
    if os.path.commonpath([top, os.path.realpath(key)]) != top:
        raise SchemaError(f"schema {key!r} refused: a $schema in a content file must lie inside {top}")


def _folder(path: str):
    from pathlib import Path

    return Path(path).parent


def lint_path(path: str, settings: Settings) -> list[Diagnostic]:
    try:
        data, status = read_file(path)
    except OSError as error:
        doc = Document(path, "", checkable=False)
        doc.add("unreadable-file", Problem(_unreadable(path, error)))
        return lint_document(doc, FrontMatter(), settings)
    return lint_bytes(data, path, settings, size=status.st_size)


def _unreadable(path: str, error: OSError) -> str:
    """Why ``path`` cannot be read; a folder here is one discovery could not list."""
    if os.path.isdir(path):
        try:
            os.listdir(path)
        except OSError as listing:
            return f"cannot list folder: {listing.strerror or listing}; the files in it were not checked"
    if os.path.islink(path) and not os.path.exists(path):
        return f"cannot read file: it is a broken symbolic link ({error.strerror or error})"
    return f"cannot read file: {error.strerror or error}"


def lint_bytes(data: bytes, path: str, settings: Settings, size: int | None = None) -> list[Diagnostic]:
    try:
        doc, fm = read(data, path, size)
    except Exception as error:  # noqa: BLE001 - reported on this file; the run goes on
        return internal_diagnostics(path, "reading the file", error)
    return lint_document(doc, fm, settings)


@contextlib.contextmanager
def recording_reads() -> Iterator[list[str]]:
    """Collect the local files (images) that the lints inside the block looked up.

    The cache keys a result by its file and settings; one that also depends on an image
    must be keyed by that image too (``running.pool``).  A context variable, not an
    argument, so that ``lint_bytes`` keeps its signature (and its callers and tests theirs).
    """
    reads: list[str] = []
    token = _RECORDING.set(reads)
    try:
        yield reads
    finally:
        _RECORDING.reset(token)


def record_input(key: str) -> None:
    """Say, from inside a lint, that its result depends on ``key`` too (a local file, or
    another input ``running.cache`` knows how to stamp, such as the site's vocabulary)."""
    recording = _RECORDING.get()
    if recording is not None:
        recording.append(key)


def lint_document(doc: Document, fm: FrontMatter, settings: Settings) -> list[Diagnostic]:
    ctx = Context(doc, fm, settings)
    found: dict[tuple, Diagnostic] = {}
    stages = _stages(doc, fm)
    for each in settings.run_order:
        if each.stage not in stages:
            continue
        for problem in _run_rule(each, ctx):
            diagnostic = _stamp(each, problem, doc, fm, settings.severity)
            found.setdefault((diagnostic.code, diagnostic.line, diagnostic.column, diagnostic.message), diagnostic)
    internal = catalog.get("FM009")  # reported whatever the selection: a bug must not pass a file silently
    for problem in doc.findings.get("internal-error", ()):
        diagnostic = _stamp(internal, problem, doc, fm)
        found.setdefault((diagnostic.code, diagnostic.line, diagnostic.column, diagnostic.message), diagnostic)
    diagnostics = _suppress(list(found.values()), doc, fm, settings)
    return sorted(diagnostics, key=Diagnostic.sort_key)


def _run_rule(each: Rule, ctx: Context) -> list[Problem]:
    """The rule's problems; a rule that raises becomes one FM009 on this file, and the others still run."""
    try:
        return list(each.check(ctx))
    except Exception as error:  # noqa: BLE001 - one rule's bug must not hide the file's other results
        ctx.doc.add("internal-error", internal_problem(f"rule {each.code} ({each.name})", error))
        return []


def internal_problem(where: str, error: BaseException) -> Problem:
    """An FM009 finding that names the culprit and the line of fmlint that failed, for a bug report.

    The other rules of the file still run (``_run_rule``) and the other files are checked.
    """
    import traceback

    frames = traceback.extract_tb(error.__traceback__)
    origin = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return Problem(f"internal error in {where}: {type(error).__name__}: {error}{origin}. Please report this "
                   "with the file", severity="error")


def internal_diagnostics(path: str, where: str, error: BaseException) -> list[Diagnostic]:
    """What a file whose reading or fixing failed inside fmlint reports: one FM009 at 1:1."""
    doc = Document(path, "", checkable=False)
    return [_stamp(catalog.get("FM009"), internal_problem(where, error), doc, None)]


def _suppress(diagnostics: list[Diagnostic], doc: Document, fm: FrontMatter, settings: Settings) -> list[Diagnostic]:
    """Apply ``# fmlint: disable`` comments; report the ones that silence nothing (FM008)."""
    if not doc.checkable:
        return diagnostics
    from fmlint.rules import suppressions

    found = suppressions.find(doc, fm)
    if not found:
        return diagnostics
    enabled = {each.code for each in settings.rules}
    kept, unused = suppressions.apply(diagnostics, found, enabled)
    unused_rule = catalog.get("FM008")
    if unused_rule.code in enabled:
        kept.extend(_stamp(unused_rule, problem, doc, fm, settings.severity) for problem in unused)
    return kept


def _stages(doc: Document, fm: FrontMatter) -> set[str]:
    if not doc.checkable:
        return {READ}
    return {READ, registry.TEXT, DATA} if fm.ok else {READ, registry.TEXT}


def _stamp(rule: Rule, problem: Problem, doc: Document, fm: FrontMatter | None,
           overrides: tuple[tuple[str, str], ...] = ()) -> Diagnostic:
    span = _span_of(problem, doc, fm)
    severity = problem.severity or rule.severity
    if overrides:  # most configs override no severity: no search per problem
        severity = next((level for code, level in overrides if code == rule.code), severity)
    line, column = doc.position(span.start)
    end_line, end_column = doc.position(max(span.end, span.start))
    return Diagnostic(
        path=doc.path, line=line, column=column, end_line=end_line, end_column=end_column,
        code=rule.code, name=rule.name, severity=severity,
        message=problem.message, pointer=_pointer_of(problem, fm), fix=problem.fix,
    )


def _pointer_of(problem: Problem, fm: FrontMatter | None) -> str | None:
    """The problem's pointer, else that of the key or scalar its span lies in: text rules find
    problems by offset, and the JSON output and baselines name the field.  None in the body."""
    if problem.pointer is not None or problem.span is None or fm is None or not fm.nodes:
        return problem.pointer
    return fm.pointer_at(problem.span)


def _span_of(problem: Problem, doc: Document, fm: FrontMatter | None) -> Span:
    """Where to point: the problem's span, else its pointer's node, else the opening fence."""
    if problem.span is not None:
        return problem.span
    if problem.pointer is not None and fm is not None:
        pointer, at_key = problem.pointer, problem.at_key
        while pointer:  # the nearest ancestor with a known position (TOML inline tables have none)
            span = fm.span(pointer, at_key)
            if span is not None:
                return span
            pointer, at_key = pointer.rsplit("/", 1)[0], True
    return doc.open_fence or Span(0, 0)
