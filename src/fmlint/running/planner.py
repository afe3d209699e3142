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
from fmlint.running import presets
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
    preset: str | None = None  # a generator preset over the config's choice ("none": no preset)


def _check_codes(options: RunOptions) -> None:
    """Refuse a code or prefix that selects no rule: ``--select XYZ`` would check nothing and pass."""
    given = (("--select", options.select), ("--ignore", options.ignore), ("--extend-select", options.extend_select))
    for flag, codes in given:
        unknown = catalog.unknown_codes(codes or ())
        if unknown:
            raise UsageError(f"{flag}: {catalog.unknown_code_message(unknown[0])}")


def _excluded_file(path: str, config: Config, exclude: tuple[str, ...]) -> bool:
    """Is a file named on the command line excluded?  pre-commit names the files itself, so
    ``exclude`` must hold for them as for walked ones (ruff's ``force-exclude``).  A glob is
    matched against the path from the config's folder and from the working folder, and
    against each folder on the way and the name, as a walk would meet them."""
    from fmlint.running.config import glob_match

    absolute = os.path.abspath(path)
    for relative in filter(None, (config.relative(absolute), os.path.relpath(absolute).replace(os.sep, "/"))):
        parts = relative.split("/")
        candidates = {"/".join(parts[:end]) for end in range(1, len(parts) + 1)} | set(parts)
        if any(glob_match(glob.rstrip("/"), candidate) for glob in exclude for candidate in candidates):
            return True
    return False


class Planner:
    """Decides the ``Settings`` for each file from the options and the nearest config."""

    def __init__(self, options: RunOptions):
        _check_codes(options)
        self.options = options
        self._by_folder: dict[str, Settings] = {}
        self._vocabularies: dict = {}  # root -> the vocabulary of a project without a config
        find_config.cache_clear()  # configs may have changed since an earlier run in this process
        presets.forget_sites()
        if options.preset is not None and options.preset not in (*presets.names(), presets.NONE):
            raise UsageError(f"--preset: unknown preset {options.preset!r} (known: {', '.join(presets.names())}, none)")
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
            if not os.path.isdir(given) and _excluded_file(given, config, exclude):
                continue
            try:
                found = discover([given], exclude)
                yield from (self._pages(found) if os.path.isdir(given) else found)
            except NotFound as error:
                raise UsageError(str(error)) from None

    def _pages(self, found: Iterable[str]) -> Iterator[str]:
        """Walked files, less those a detected generator does not read as pages (a Hugo site's
        README.md, archetypes and themes): they have no front matter to check."""
        for path in found:
            site = self.site_for(path)
            if site is None or site.covers(os.path.abspath(path)):
                yield path

    def site_for(self, path: str):
        """The generator preset (``presets.Site``) that applies to the file at ``path``, or None."""
        return self._site(self.config_for(path), os.path.dirname(os.path.abspath(path)))

    def config_for(self, path: str, folder: bool = False) -> Config:
        if self.explicit is not None:
            return self.explicit
        absolute = os.path.abspath(path)
        return self._config_in(absolute if folder else os.path.dirname(absolute))

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one planner per run; thousands of files per folder
    def _config_in(self, folder: str) -> Config:
        from fmlint.running.vocabulary import for_default_config

        return for_default_config(find_config(Path(folder)), folder, self._vocabularies)

    def settings_for(self, path: str) -> Settings:
        folder = os.path.dirname(path)
        known = self._by_folder.get(folder)
        if known is not None:
            return known
        absolute = os.path.abspath(path)
        config = self.explicit or self._config_in(os.path.dirname(absolute))
        reference, extra_ignore, options = config.for_file(absolute)
        site = self._site(config, os.path.dirname(absolute))
        severity = config.severity
        if site is not None:
            reference = reference if reference is not None or not site.covers(absolute) else site.schema_for(absolute)
            extra_ignore, options, severity = self._with_preset(site.preset, extra_ignore, ByIdentity(options),
                                                                ByIdentity(severity))
        schema = self.forced_schema or self._config_schema(config, reference)
        settings = self._settings(config, schema, extra_ignore, ByIdentity(options), ByIdentity(severity))
        if not config.collections and not config.per_file_ignores and site is None:  # every file of a folder is alike
            self._by_folder[folder] = settings
        return settings

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one planner per run
    def _site(self, config: Config, folder: str):
        """The generator preset that applies in ``folder``: ``--preset``, the config's, or detected."""
        return presets.resolve(self.options.preset or config.preset, folder)

    @functools.lru_cache(maxsize=256)  # noqa: B019
    def _with_preset(self, preset, extra_ignore: tuple, options: ByIdentity, severity: ByIdentity):
        """The preset's ignore, options and severities under the config's (which win)."""
        return (preset.ignore + extra_ignore, {**preset.options, **options.value},
                {**preset.severity, **severity.value})

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one planner per run
    def _config_schema(self, config: Config, reference: str | None) -> str | None:
        if reference is None:
            return None
        try:
            return resolve_reference(reference, config.root, project=config.root)  # the repository's choice
        except SchemaError as error:
            raise ConfigError(f"{config.source}: {error}") from None

    @functools.lru_cache(maxsize=256)  # noqa: B019
    def _settings(self, config: Config, schema: str | None, extra_ignore: tuple, options: ByIdentity,
                  severity: ByIdentity) -> Settings:
        select = self.options.select if self.options.select is not None else config.select
        ignore = self.options.ignore if self.options.ignore is not None else config.ignore
        rules = tuple(catalog.select(select + self.options.extend_select, ignore + extra_ignore))
        return Settings(rules, schema, options.value, allow_schema_key=self.forced_schema is None
                        and config.allow_schema_key, severity=tuple(sorted(severity.value.items())),
                        root=str(config.root) if config.root is not None else os.getcwd())


