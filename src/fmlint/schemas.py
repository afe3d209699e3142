"""Finding and loading JSON Schemas: built-in ones by name, user ones by path.

A schema is loaded and its validator built once per process (``functools.cache``);
``jsonschema`` itself is imported only when a file actually has a schema, so a run
without schemas never pays for it.  ``$ref`` may point at local files next to the
schema; remote references are refused (a lint run must not depend on the network).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any


class SchemaError(Exception):
    """A schema that cannot be found, read or used."""


class LoadedSchema:
    """A schema and its two validators, each built on first use.

    ``fast`` (jsonschema-rs, compiled in Rust) answers "is this valid?" ~25x faster
    than ``jsonschema`` and imports in a quarter of the time; only a file it rejects
    pays for ``validator`` (jsonschema), whose errors carry what our messages need.
    Both use the same format checkers (``formats.CHECKERS``), so they agree.
    """

    def __init__(self, name: str, source: str, schema: dict, base: Path | None):
        self.name, self.source, self.schema, self.base = name, source, schema, base

    @property
    def properties(self) -> dict:
        return self.schema.get("properties", {})

    @functools.cached_property
    def validator(self) -> Any:
        return _build_validator(self.schema, self.base, self.source)

    @functools.cached_property
    def fast(self) -> Any:
        """``is_valid(instance)`` from jsonschema-rs, or None when it cannot take this schema."""
        return _build_fast(self.schema, self.base)


def builtin_names() -> list[str]:
    folder = resources.files("fmlint") / "schemas"
    return sorted(entry.name.removesuffix(".schema.json") for entry in folder.iterdir()
                  if entry.name.endswith(".schema.json"))


def resolve_reference(ref: str, base_dir: Path | None) -> str:
    """Turn what a user wrote (``article``, ``./schemas/x.json``) into a cache key."""
    if "://" in ref:
        raise SchemaError(f"remote schema {ref!r} refused: fmlint does not fetch schemas over the network")
    if ref in builtin_names():
        return f"builtin:{ref}"
    path = Path(ref) if base_dir is None else base_dir / ref
    if not path.is_file():
        known = ", ".join(builtin_names())
        raise SchemaError(f"schema {ref!r} not found (not a file, nor a built-in schema: {known})")
    return str(path.resolve())


@functools.cache
def load(key: str) -> LoadedSchema:
    """Load and compile the schema named by a key from ``resolve_reference``."""
    if key.startswith("builtin:"):
        name = key.removeprefix("builtin:")
        text = (resources.files("fmlint") / "schemas" / f"{name}.schema.json").read_text("utf-8")
        base = None
    else:
        name, base = key, Path(key).parent
        try:
            text = Path(key).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SchemaError(f"cannot read schema {key}: {error}") from None
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as error:
        raise SchemaError(f"schema {key} is not valid JSON: {error}") from None
    loaded = LoadedSchema(name, key, schema, base)
    if base is not None:
        loaded.validator  # a user's schema is checked against its meta-schema when loaded  # noqa: B018
    return loaded


def _build_fast(schema: Any, base: Path | None) -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # an optional speed-up: jsonschema alone gives the same answers
        return None
    from .formats import CHECKERS

    formats = {name: _as_predicate(check) for name, check in CHECKERS.items()}
    try:
        validator = jsonschema_rs.validator_for(schema, formats=formats, validate_formats=True,
                                                retriever=_local_retriever(base))
    except Exception:  # noqa: BLE001 - any schema it cannot compile falls back to jsonschema
        return None
    return validator.is_valid


def _as_predicate(check: Any) -> Any:
    def predicate(value: str) -> bool:
        try:
            check(value)
        except ValueError:
            return False
        return True

    return predicate


def _local_retriever(base: Path | None) -> Any:
    def retrieve(uri: str) -> Any:
        if base is None or "://" in uri and not uri.startswith("file://"):
            raise ValueError(f"remote reference {uri} refused")
        path = Path(uri.removeprefix("file://"))
        return json.loads((path if path.is_absolute() else base / path).read_text("utf-8"))

    return retrieve


def _build_validator(schema: Any, base: Path | None, key: str) -> Any:
    from jsonschema import exceptions, validators

    from .formats import format_checker

    if not isinstance(schema, dict):
        raise SchemaError(f"schema {key} must be a JSON object")
    cls = validators.validator_for(schema, default=validators.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except exceptions.SchemaError as error:
        where = "/".join(str(part) for part in error.absolute_path)
        raise SchemaError(f"schema {key} is not a valid JSON Schema at /{where}: {error.message}") from None
    from referencing.jsonschema import specification_with

    dialect = specification_with(cls.META_SCHEMA["$id"].rstrip("#"))
    return cls(schema, format_checker=format_checker(), registry=_local_registry(base, dialect))


def _local_registry(base: Path | None, dialect: Any) -> Any:
    """A ``referencing`` registry that reads ``$ref`` targets from local files only."""
    from referencing import Registry, Resource
    from referencing.exceptions import NoSuchResource

    def retrieve(uri: str) -> Resource:
        if base is None or "://" in uri and not uri.startswith("file://"):
            raise NoSuchResource(ref=uri)
        path = Path(uri.removeprefix("file://"))
        path = path if path.is_absolute() else base / path
        try:
            return Resource.from_contents(json.loads(path.read_text("utf-8")), default_specification=dialect)
        except (OSError, ValueError) as error:
            raise NoSuchResource(ref=uri) from error

    return Registry(retrieve=retrieve)
