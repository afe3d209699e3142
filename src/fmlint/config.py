"""Configuration: ``[tool.fmlint]`` in ``pyproject.toml`` or a ``.fmlint.toml``, found by walking up.

The nearest folder holding either file wins (``.fmlint.toml`` first); its settings
apply to every file below it.  A config is checked when loaded: an unknown key or a
wrong type is a ``ConfigError`` naming the file and the key (the CLI exits 2).
Collections map globs, relative to the config's folder, to a schema.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_FILES = (".fmlint.toml", "pyproject.toml")
_TOP_KEYS = {"select": list, "ignore": list, "extend-select": list, "schema": str, "collections": list,
             "html-fields": list}
_COLLECTION_KEYS = {"include": list, "exclude": list, "schema": str, "name": str}


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Collection:
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    schema: str | None = None
    name: str = ""

    def matches(self, relative: str) -> bool:
        return any(glob_match(p, relative) for p in self.include) and not any(
            glob_match(p, relative) for p in self.exclude)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: configs are cached
class Config:
    root: Path | None = None  # the folder holding the config file; None for defaults
    source: str = "(defaults)"
    select: tuple[str, ...] = ("FM",)
    ignore: tuple[str, ...] = ()
    schema: str | None = None  # a schema for every file not in a collection
    collections: tuple[Collection, ...] = ()
    options: dict = field(default_factory=dict)

    def schema_for(self, path: Path) -> str | None:
        """The schema reference that applies to ``path`` (the first matching collection wins)."""
        if self.root is not None:
            try:
                relative = path.resolve().relative_to(self.root).as_posix()
            except ValueError:
                relative = None
            if relative is not None:
                for collection in self.collections:
                    if collection.matches(relative):
                        return collection.schema
        return self.schema


def glob_match(pattern: str, path: str) -> bool:
    return _glob_regex(pattern).match(path) is not None


@functools.cache
def _glob_regex(pattern: str) -> re.Pattern:
    """Gitignore-style globs: ``**`` spans folders, ``*`` and ``?`` stay within one."""
    out, index = [], 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(out) + r"\Z")


@functools.cache
def find_config(folder: Path) -> Config:
    """The config that applies to files in ``folder`` (walking up to the filesystem root)."""
    for name in CONFIG_FILES:
        candidate = folder / name
        if candidate.is_file():
            table = _read_table(candidate)
            if table is not None:
                return parse_config(table, folder, str(candidate))
    parent = folder.parent
    return Config() if parent == folder else find_config(parent)


def load_config_file(path: Path) -> Config:
    table = _read_table(path)
    return parse_config(table or {}, path.resolve().parent, str(path))


def _read_table(path: Path) -> dict | None:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("fmlint")
    return data


def parse_config(table: dict, root: Path, source: str) -> Config:
    _check_keys(table, _TOP_KEYS, source, "")
    collections = []
    for index, entry in enumerate(table.get("collections", [])):
        where = f"collections[{index}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{source}: {where} must be a table")
        _check_keys(entry, _COLLECTION_KEYS, source, where + ".")
        if not entry.get("include"):
            raise ConfigError(f"{source}: {where}.include must list at least one glob")
        collections.append(Collection(tuple(entry["include"]), tuple(entry.get("exclude", ())),
                                      entry.get("schema"), entry.get("name", "")))
    select = tuple(table.get("select", ("FM",))) + tuple(table.get("extend-select", ()))
    options = {"html_fields": tuple(table.get("html-fields", ("featuredContent",)))}
    return Config(root.resolve(), source, select, tuple(table.get("ignore", ())), table.get("schema"),
                  tuple(collections), options)


def _check_keys(table: dict, allowed: dict[str, Any], source: str, prefix: str) -> None:
    for key, value in table.items():
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise ConfigError(f"{source}: unknown key {prefix}{key!r} (known keys: {known})")
        expected = allowed[key]
        if not isinstance(value, expected) or (expected is list and not all(isinstance(v, (str, dict)) for v in value)):
            raise ConfigError(f"{source}: {prefix}{key} must be {'a list' if expected is list else 'a string'}, "
                              f"not {type(value).__name__}")
