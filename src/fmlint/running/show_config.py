"""What applies to a file, and where each setting came from: ``fmlint check --show-config``.

A maintainer asks "why is this file checked like that?": the answer names the collection
that took the file (or says none did), the preset and whether it was detected or
configured, the schema and its origin, and every option spelt as the config spells it
(``date-keys``) with its value and its origin: ``default``, a preset, the config file, or
one of its collections.  Also the config warnings a run prints (``config_warnings``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from fmlint.running.config import OPTION_DEFAULTS, OPTION_KEYS, Config, glob_match

DEFAULT = "default"


def explain(planner: Any, path: str) -> dict:
    """The settings for the file at ``path`` (a folder: for a file directly in it), as JSON data."""
    probe = os.path.join(path, "_.md") if os.path.isdir(path) else path
    absolute = os.path.abspath(probe)
    config, settings, site = planner.config_for(probe), planner.settings_for(probe), planner.site_for(probe)
    index = config.collection_index(absolute)
    origin = _Origins(config, index, site.preset if site is not None else None)
    return {
        "path": path,
        "config": config.source,
        "collection": _collection(config, index),
        "preset": site.preset.name if site is not None else None,
        "preset-from": _preset_origin(planner, config, site),
        "site": site.root if site is not None else None,
        "schema": settings.schema.removeprefix("builtin:") if settings.schema else None,
        "schema-from": _schema_origin(planner, config, index, site) if settings.schema else None,
        "allow-schema-key": {"value": settings.allow_schema_key,
                             "from": "--schema" if planner.forced_schema else origin.of("allow-schema-key")},
        **_selection(planner, config, origin, absolute),
        "rules": " ".join(each.code for each in settings.rules),
        "severity": {code: {"value": level, "from": origin.of_severity(code)} for code, level in settings.severity},
        "options": _options(settings.options, origin),
        "exclude": list(planner.options.exclude + config.exclude),
    }


class _Origins:
    """Where a key's value comes from: the matched collection, the config, the preset, or the default."""

    def __init__(self, config: Config, index: int | None, preset: Any):
        self.config, self.index, self.preset = config, index, preset

    def of(self, key: str, preset_sets: bool = False) -> str:
        if self.index is not None and key in self.config.collections[self.index].explicit:
            return f"{self.config.source} collections[{self.index}]"
        if key in self.config.explicit:
            return self.config.source
        return f"preset {self.preset.name}" if preset_sets else DEFAULT

    def of_severity(self, code: str) -> str:
        return self.config.source if code in self.config.severity else f"preset {self.preset.name}"


def _collection(config: Config, index: int | None) -> dict | str:
    if index is None:
        count = len(config.collections)
        if not count:
            return "none (the config has no collections)"
        return f"none matched (of {count} collection{'s' if count != 1 else ''} in {config.source})"
    chosen = config.collections[index]
    return {"index": index, "name": chosen.name or None, "include": list(chosen.include),
            "exclude": list(chosen.exclude)}


def _preset_origin(planner: Any, config: Config, site: Any) -> str | None:
    """``--preset``, the config (configured), or detected from the site's files; None: no preset."""
    if planner.options.preset is not None:
        return "--preset"
    if config.preset is not None:
        return f"configured in {config.source}"
    return f"detected at {site.root}" if site is not None else None


def _schema_origin(planner: Any, config: Config, index: int | None, site: Any) -> str:
    """As ``Config.for_file`` and the planner choose: ``--schema``, the matched collection's (or,
    in none, the config's) ``schema``, else the preset's."""
    if planner.forced_schema is not None:
        return "--schema"
    if index is not None and config.collections[index].schema is not None:
        return f"{config.source} collections[{index}]"
    if index is None and config.schema is not None:
        return config.source
    return f"preset {site.preset.name}" if site is not None else DEFAULT


def _selection(planner: Any, config: Config, origin: _Origins, absolute: str) -> dict:
    """``select`` and ``ignore`` with their origins, and the codes ignored on top for this file."""
    given = planner.options
    select = list(given.select if given.select is not None else config.select) + list(given.extend_select)
    chosen = "extend-select" if "extend-select" in config.explicit and "select" not in config.explicit else "select"
    also: list[dict] = []
    if origin.index is not None and config.collections[origin.index].ignore:
        also.append({"codes": list(config.collections[origin.index].ignore),
                     "from": f"{config.source} collections[{origin.index}]"})
    relative = config.relative(absolute)
    also.extend({"codes": list(codes), "from": f"{config.source} per-file-ignores {glob!r}"}
                for glob, codes in config.per_file_ignores if relative is not None and glob_match(glob, relative))
    if origin.preset is not None and origin.preset.ignore:
        also.append({"codes": list(origin.preset.ignore), "from": f"preset {origin.preset.name}"})
    return {
        "select": {"value": select, "from": "--select" if given.select is not None else origin.of(chosen)},
        "ignore": {"value": list(given.ignore if given.ignore is not None else config.ignore),
                   "from": "--ignore" if given.ignore is not None else origin.of("ignore")},
        "also-ignored": also,
    }


def _options(options: dict, origin: _Origins) -> dict:
    """Every rule option, in the config's spelling, with the value the rules read and its origin."""
    preset_options = origin.preset.options if origin.preset is not None else {}
    shown = {}
    for key in OPTION_KEYS:
        name = key.replace("-", "_")
        value = options.get(name, OPTION_DEFAULTS[key])
        shown[key] = {"value": list(value) if isinstance(value, tuple) else value,
                      "from": origin.of(key, preset_sets=name in preset_options)}
    if "vocabulary" in options:  # an object: shown as what it is learned from
        shown["vocabulary"] = {"value": str(options["vocabulary"]),
                               "from": origin.of("vocabulary").replace(DEFAULT, "default (learned from the content)")}
    return shown


def config_warnings(planner: Any, paths: Sequence[str]) -> list[str]:
    """What is suspect in the configs a run over ``paths`` uses: a collection an earlier one
    shadows, or an explicit ``--config`` none of whose collections any checked file is in
    (its globs are relative to its own folder, which surprises).  The files are walked again
    only in that last case."""
    configs = dict.fromkeys(planner.config_for(each if os.path.isdir(each) else os.path.dirname(each) or ".",
                                               folder=True) for each in paths)
    found = [warning for config in configs for warning in config.warnings]
    explicit = planner.explicit
    if explicit is not None and explicit.collections and not any(
            explicit.collection_index(os.path.abspath(each)) is not None for each in planner.files(paths)):
        given = planner.options.config_file
        folder = os.path.dirname(given) or "."
        found.append(f"no file matched any collection of {given} (collections are relative to {folder}/)")
    return found
