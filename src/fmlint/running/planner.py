"""Running fmlint over paths: discovery, per-file settings, and collecting diagnostics.

Settings are resolved per folder (the nearest config), per collection and per
schema, and cached, so a run over thousands of files resolves each combination once.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from fmlint.model import ByIdentity
from fmlint.rules import catalog
from fmlint.rules.engine import Settings
from fmlint.running.config import Config, ConfigError, find_config, load_config_file
from fmlint.running.discovery import NotFound, discover
from fmlint.schema.loading import SchemaError, resolve_reference


class UsageError(Exception):
    """Bad paths or options; the CLI exits 2."""


@dataclass(frozen=True)
class RunOptions:
    select: tuple[str, ...] | None = None  # None: take the config's
    ignore: tuple[str, ...] | None = None
    schema: str | None = None  # forces one schema for every file
    config_file: str | None = None  # an explicit config instead of discovery
    exclude: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()


def _check_codes(options: RunOptions) -> None:
    """Refuse a code or prefix that selects no rule: ``--select XYZ`` would check nothing and pass."""
    given = (("--select", options.select), ("--ignore", options.ignore), ("--extend-select", options.extend_select))
    for flag, codes in given:
        unknown = catalog.unknown_codes(codes or ())
        if unknown:
            raise UsageError(f"{flag}: {catalog.unknown_code_message(unknown[0])}")


class Planner:
    """Decides the ``Settings`` for each file from the options and the nearest config."""

    def __init__(self, options: RunOptions):
        _check_codes(options)
        self.options = options
        self._by_folder: dict[str, Settings] = {}
        find_config.cache_clear()  # configs may have changed since an earlier run in this process
        self.forced_schema = None
        if options.schema is not None:
            try:
                self.forced_schema = resolve_reference(options.schema, None)
            except SchemaError as error:
                raise UsageError(str(error)) from None
        self.explicit = load_config_file(Path(options.config_file)) if options.config_file else None

    def files(self, paths: Iterable[str]) -> Iterator[str]:
        """The files to check, with the exclusions of the config nearest to each given path."""
        for given in paths:
            config = self.config_for(given if os.path.isdir(given) else os.path.dirname(given) or ".", folder=True)
            exclude = self.options.exclude + config.exclude
            try:
                yield from discover([given], exclude)
            except NotFound as error:
                raise UsageError(str(error)) from None

    def config_for(self, path: str, folder: bool = False) -> Config:
        if self.explicit is not None:
            return self.explicit
        absolute = os.path.abspath(path)
        return self._config_in(absolute if folder else os.path.dirname(absolute))

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one planner per run; thousands of files per folder
    def _config_in(self, folder: str) -> Config:
        return find_config(Path(folder))

    def settings_for(self, path: str) -> Settings:
        folder = os.path.dirname(path)
        known = self._by_folder.get(folder)
        if known is not None:
            return known
        absolute = os.path.abspath(path)
        config = self.explicit or self._config_in(os.path.dirname(absolute))
        reference, extra_ignore, options = config.for_file(absolute)
        schema = self.forced_schema or self._config_schema(config, reference)
        settings = self._settings(config, schema, extra_ignore, ByIdentity(options))
        if not config.collections and not config.per_file_ignores:  # then every file of a folder is alike
            self._by_folder[folder] = settings
        return settings

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one planner per run
    def _config_schema(self, config: Config, reference: str | None) -> str | None:
        if reference is None:
            return None
        try:
            return resolve_reference(reference, config.root)
        except SchemaError as error:
            raise ConfigError(f"{config.source}: {error}") from None

    @functools.lru_cache(maxsize=256)  # noqa: B019
    def _settings(self, config: Config, schema: str | None, extra_ignore: tuple, options: ByIdentity) -> Settings:
        select = self.options.select if self.options.select is not None else config.select
        ignore = self.options.ignore if self.options.ignore is not None else config.ignore
        rules = tuple(catalog.select(select + self.options.extend_select, ignore + extra_ignore))
        return Settings(rules, schema, options.value, allow_schema_key=self.forced_schema is None
                        and config.allow_schema_key, severity=tuple(sorted(config.severity.items())),
                        root=str(config.root) if config.root is not None else os.getcwd())


