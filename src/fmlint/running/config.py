"""Configuration: ``[tool.fmlint]`` in ``pyproject.toml`` or a ``.fmlint.toml``, found by walking up.

The nearest folder holding either file wins (``.fmlint.toml`` first); its settings
apply to every file below it.  A config is validated against ``config_schema.json``
when loaded: an unknown key or a wrong type is a ``ConfigError`` naming the file,
line and key (the CLI exits 2).  Collections map globs, relative to the config's
folder, to a schema and to rule options.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_FILES = (".fmlint.toml", "pyproject.toml")
OPTION_KEYS = ("html-fields", "check-body", "date-keys", "duration-keys", "date-floor", "future-days", "future-keys",
               "image-max-side", "image-max-aspect-ratio")
DEFAULT_OPTIONS = {"html_fields": ("featuredContent",)}
# What each option is when nobody sets it, as the rules read it (``--show-config`` shows these;
# tests/test_config.py checks them against the rules' own defaults).
OPTION_DEFAULTS = {"html-fields": ["featuredContent"], "check-body": False, "date-keys": [],
                   "duration-keys": ["length", "duration"], "date-floor": "1990-01-01", "future-days": 366,
                   "future-keys": [], "image-max-side": 20_000, "image-max-aspect-ratio": 20}
MAX_CONFIG_BYTES = 4 * 1024 * 1024


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Collection:
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    schema: str | None = None
    name: str = ""
    ignore: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)  # the config's options with the collection's own on top
    explicit: tuple[str, ...] = ()  # the keys the collection's table sets (``--show-config`` says so)

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
    options: dict = field(default_factory=lambda: dict(DEFAULT_OPTIONS))
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: dict = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    allow_schema_key: bool = True
    fail_on: str | None = None  # the lowest severity that fails a run (None: "error"; --fail-on wins)
    preset: str | None = None  # a generator preset (running/presets.py); None: detect it, "none": no preset
    baseline: str | None = None  # a baseline file (absolute) that ``check`` applies when not given one
    explicit: tuple[str, ...] = ()  # the keys the config's table sets; the others are defaults
    warnings: tuple[str, ...] = ()  # "file:line: ..." of what is suspect but usable (a shadowed collection)

    def relative(self, path: str) -> str | None:
        """``path`` (absolute) relative to the config's folder, with forward slashes; None if outside."""
        if self.root is None:
            return None
        root = str(self.root)
        if not path.startswith(root.rstrip(os.sep) + os.sep):
            return None
        return path[len(root.rstrip(os.sep)) + 1:].replace(os.sep, "/")

    def for_file(self, path: str) -> tuple[str | None, tuple[str, ...], dict]:
        """(schema reference, extra ignored codes, options) for one file, given its absolute path."""
        relative = self.relative(path)
        if relative is None:
            return self.schema, (), self.options
        ignores = tuple(code for glob, codes in self.per_file_ignores if glob_match(glob, relative) for code in codes)
        index = self.collection_index(path)
        if index is not None:
            collection = self.collections[index]
            return collection.schema, collection.ignore + ignores, collection.options
        return self.schema, ignores, self.options

    def collection_index(self, path: str) -> int | None:
        """The index of the first collection that takes the file at ``path`` (absolute), or None."""
        relative = self.relative(path)
        if relative is None:
            return None
        return next((index for index, each in enumerate(self.collections) if each.matches(relative)), None)


def glob_match(pattern: str, path: str) -> bool:
    """Whether ``path`` matches the glob, without backtracking (``globs``: a repository's glob
    like ``*a*a*a*a*a*a*a*a*a*b`` must not hang the run)."""
    from fmlint.running.globs import glob_matches

    return glob_matches(pattern, path)


@functools.cache
def find_config(folder: Path) -> Config:
    """The config that applies to files in ``folder`` (walking up to the filesystem root).

    A loop, not recursion: a content tree 500 folders deep must not overflow the stack.
    """
    while True:
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                table, warnings = _read_table(candidate)
                if table is not None:
                    return parse_config(table, folder, str(candidate), warnings)
        if folder.parent == folder:
            return Config()
        folder = folder.parent


def load_config_file(path: Path) -> Config:
    table, warnings = _read_table(path)
    return parse_config(table or {}, path.resolve().parent, str(path), warnings)


def _read_table(path: Path) -> tuple[dict | None, tuple[str, ...]]:
    """The fmlint table of a config file (None: a pyproject.toml without one) and its warnings."""
    import tomllib  # ~1.5 ms of regexes: a run with no config file (or only JSON ones) never pays it

    from fmlint.reading.files import read_small

    try:  # a regular file of bounded size: a committed FIFO or link to /dev/zero is no config
        text = read_small(str(path), MAX_CONFIG_BYTES).decode("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to read") from None
    except ValueError as error:  # an integer of more than 4,300 digits
        raise ConfigError(f"{path}: cannot read: {error}") from None
    in_pyproject = path.name == "pyproject.toml"
    table = data.get("tool", {}).get("fmlint") if in_pyproject else data
    if table is not None:
        prefix = "/tool/fmlint" if in_pyproject else ""
        _validate(table, text, path, prefix)
        _check_codes(table, text, path, prefix)
        from fmlint.running.collection_checks import shadowed

        def line(pointer: str) -> int:
            return _line_of(text, prefix + pointer) or 1

        return table, shadowed(table.get("collections", ()), line, str(path))
    return table, ()


def _check_codes(table: dict, text: str, path: Path, prefix: str) -> None:
    """Every rule code in the (schema-valid) table must select a rule: ``FM999`` would turn nothing
    on, or leave on what the author meant to turn off, without a word.  The first in the file is
    the error (a severity names one rule, so it needs a rule's exact code)."""
    from fmlint.model.pointers import escape
    from fmlint.rules import catalog
    from fmlint.schema.messages import display_path

    bad = []
    for parts, code in _code_entries(table):
        if not (catalog.is_code(code) if parts[0] == "severity" else catalog.is_known(code)):
            line = _line_of(text, prefix + "".join(f"/{escape(str(part))}" for part in parts))
            bad.append((line or 0, parts, code))
    if bad:
        line, parts, code = min(bad, key=lambda entry: entry[0])
        where = f"{path}:{line}" if line else str(path)
        raise ConfigError(f"{where}: {display_path(parts)}: {catalog.unknown_code_message(code)}")


def _code_entries(table: dict) -> list[tuple[list, str]]:
    """``(path, code)`` for every rule code or prefix the config names, in reading order."""
    found = [([key, index], code) for key in ("select", "extend-select", "ignore")
             for index, code in enumerate(table.get(key, ()))]
    for glob, codes in table.get("per-file-ignores", {}).items():
        found.extend((["per-file-ignores", glob, index], code) for index, code in enumerate(codes))
    found.extend((["severity", code], code) for code in table.get("severity", {}))
    for number, collection in enumerate(table.get("collections", ())):
        found.extend((["collections", number, "ignore", index], code)
                     for index, code in enumerate(collection.get("ignore", ())))
    return found


def _validate(table: Any, text: str, path: Path, prefix: str) -> None:
    """Check the table against the config schema; the first error names its line and key.

    jsonschema-rs answers "valid?" first (as for content files), so a good config never
    pays jsonschema's ~35 ms import; only a broken one gets its readable errors.
    """
    schema = _config_schema()
    if schema.fast is not None and schema.fast(table):
        return
    errors = sorted(schema.validator.iter_errors(table), key=lambda e: list(map(str, e.instance_path)))
    if not errors:
        return
    from fmlint.schema.messages import convert

    kind, problem = convert(errors[0], schema.schema)[0]
    message = problem.message.replace("unknown field", "unknown key").replace("missing required field", "missing key")
    line = _line_of(text, prefix + (problem.pointer or ""))
    where = f"{path}:{line}" if line else str(path)
    raise ConfigError(f"{where}: {message}")


@functools.cache
def _config_schema() -> Any:
    from fmlint.schema.loading import LoadedSchema

    schema = json.loads(Path(__file__).with_name("config_schema.json").read_text("utf-8"))
    return LoadedSchema("fmlint configuration", "config_schema.json", schema, None)


def _line_of(text: str, pointer: str) -> int | None:
    """The line of ``pointer`` in a TOML text, found with the TOML front-matter scanner."""
    from fmlint.reading.toml_reader import index_lines
    from fmlint.reading.view import FrontMatter

    fm = FrontMatter(text=text)
    index_lines(text, fm)
    while pointer:
        entry = fm.nodes.get(pointer)
        if entry is not None:
            node = entry[0] or entry[1]
            return text.count("\n", 0, node.start_mark.index) + 1
        pointer = pointer.rsplit("/", 1)[0]
    return None


def parse_config(table: dict, root: Path, source: str, warnings: tuple[str, ...] = ()) -> Config:
    options = {**DEFAULT_OPTIONS, **_options(table), **_vocabulary(table, root, source)}
    collections = tuple(
        Collection(tuple(entry["include"]), tuple(entry.get("exclude", ())), entry.get("schema"),
                   entry.get("name", ""), tuple(entry.get("ignore", ())), {**options, **_options(entry)},
                   explicit=tuple(entry))
        for entry in table.get("collections", [])
    )
    select = tuple(table.get("select", ("FM",))) + tuple(table.get("extend-select", ()))
    return Config(
        root=root.resolve(), source=source, select=select, ignore=tuple(table.get("ignore", ())),
        schema=table.get("schema"), collections=collections, options=options,
        per_file_ignores=tuple((glob, tuple(codes)) for glob, codes in table.get("per-file-ignores", {}).items()),
        severity=dict(table.get("severity", {})), exclude=tuple(table.get("exclude", ())),
        allow_schema_key=table.get("allow-schema-key", True), fail_on=table.get("fail-on"),
        preset=table.get("preset"),
        baseline=str(root.resolve() / table["baseline"]) if "baseline" in table else None,
        explicit=tuple(table), warnings=warnings,
    )


def _vocabulary(table: dict, root: Path, source: str) -> dict:
    """The repository's vocabulary (``running.vocabulary``), learned on first use; none when
    ``vocabulary = false``.  A vocabulary file must lie inside the config's folder."""
    setting = table.get("vocabulary", True)
    if setting is False:
        return {}
    from fmlint.running.vocabulary import RepositoryVocabulary

    name = setting if isinstance(setting, str) else None
    if name is not None:
        top = os.path.realpath(root)
        if os.path.commonpath([top, os.path.realpath(os.path.join(top, name))]) != top:
            raise ConfigError(f"{source}: vocabulary: {name!r} is outside {top}")
    return {"vocabulary": RepositoryVocabulary(str(root.resolve()), name, tuple(table.get("exclude", ())))}


def _options(table: dict) -> dict:
    """Rule options from a table: kebab-case keys become the snake_case names rules read."""
    options = {}
    for key in OPTION_KEYS:
        if key in table:
            value = table[key]
            options[key.replace("-", "_")] = tuple(value) if isinstance(value, list) else value
    return options
