"""Running fmlint over paths: discovery, per-file settings, and collecting diagnostics.

Settings are resolved per folder (the nearest config) and per schema, and cached, so
a run over thousands of files resolves each combination once.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import registry
from .config import Config, ConfigError, find_config, load_config_file
from .linter import Settings, lint_path
from .model import Diagnostic
from .schemas import SchemaError, resolve_reference

EXTENSIONS = (".md", ".markdown", ".mdx")
SKIP_DIRS = {"node_modules", "_site", "public", "__pycache__"}


class UsageError(Exception):
    """Bad paths or options; the CLI exits 2."""


@dataclass(frozen=True)
class RunOptions:
    select: tuple[str, ...] | None = None  # None: take the config's
    ignore: tuple[str, ...] | None = None
    schema: str | None = None  # forces one schema for every file
    config_file: str | None = None  # an explicit config instead of discovery


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Files named explicitly are always checked; folders are walked for content files."""
    for given in paths:
        if os.path.isdir(given):
            yield from _walk(given)
        elif os.path.lexists(given):
            yield given
        else:
            raise UsageError(f"{given}: no such file or directory")


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(files):
            if name.endswith(EXTENSIONS):
                yield os.path.normpath(os.path.join(root, name))


class Planner:
    """Decides the ``Settings`` for each file from the options and the nearest config."""

    def __init__(self, options: RunOptions):
        self.options = options
        self.forced_schema = None
        if options.schema is not None:
            try:
                self.forced_schema = resolve_reference(options.schema, None)
            except SchemaError as error:
                raise UsageError(str(error)) from None
        self.explicit = load_config_file(Path(options.config_file)) if options.config_file else None

    def config_for(self, path: str) -> Config:
        if self.explicit is not None:
            return self.explicit
        return find_config(Path(os.path.abspath(path)).parent)

    def settings_for(self, path: str) -> Settings:
        config = self.config_for(path)
        schema = self.forced_schema
        if schema is None:
            schema = self._config_schema(config, config.schema_for(Path(os.path.abspath(path))))
        return self._settings(config, schema)

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one planner per run
    def _config_schema(self, config: Config, reference: str | None) -> str | None:
        if reference is None:
            return None
        try:
            return resolve_reference(reference, config.root)
        except SchemaError as error:
            raise ConfigError(f"{config.source}: {error}") from None

    @functools.lru_cache(maxsize=256)  # noqa: B019
    def _settings(self, config: Config, schema: str | None) -> Settings:
        select = self.options.select if self.options.select is not None else config.select
        ignore = self.options.ignore if self.options.ignore is not None else config.ignore
        rules = tuple(registry.select(select, ignore))
        return Settings(rules, schema, config.options, allow_schema_key=self.forced_schema is None)


def fix_paths(paths: Iterable[str], options: RunOptions, unsafe: bool = False, write: bool = True):
    """Fix each file; yields a ``FixOutcome`` per file (written atomically unless ``write`` is False)."""
    from .fixer import fix_bytes
    from .writer import write_atomic

    planner = Planner(options)
    for path in discover(paths):
        settings = planner.settings_for(path)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            from .fixer import FixOutcome

            yield FixOutcome(path, b"", b"", remaining=lint_path(path, settings))
            continue
        outcome = fix_bytes(data, path, settings, unsafe)
        if write and outcome.changed:
            try:
                write_atomic(path, outcome.fixed)
            except OSError as error:
                outcome.write_error = f"cannot write {path}: {error.strerror or error}"
                outcome.fixed = outcome.original
                outcome.applied = []
                outcome.remaining = lint_path(path, settings)
        yield outcome


def check_paths(paths: Iterable[str], options: RunOptions) -> list[Diagnostic]:
    planner = Planner(options)
    diagnostics: list[Diagnostic] = []
    for path in discover(paths):
        diagnostics.extend(lint_path(path, planner.settings_for(path)))
    return sorted(diagnostics, key=Diagnostic.sort_key)
