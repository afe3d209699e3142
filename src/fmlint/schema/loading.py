"""Finding and loading JSON Schemas: built-in ones by name, user ones by path.

The verdict on a file comes from jsonschema-rs, a maintained implementation of every
draft (ECMA-262 ``pattern``, the full set of ``format`` checks, boolean schemas);
fmlint only turns its errors into messages (``validation.py``).  A schema is loaded
and compiled once per process (``functools.cache``); compiling also checks it against
its meta-schema.

``$ref`` never reaches the network (our retriever replaces jsonschema-rs's HTTP one): a reference
resolves to a local file inside the schema's folder, either by its relative path
(``image.json`` beside the schema, also when the schema has an absolute ``$id`` such as
``https://example.com/schemas/article.json``) or, for an absolute URI, by the ``$id``
of a JSON file in that folder (a registry of local files).  Only a reference that
really needs the network is refused.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from fmlint.reading.files import read_small

# Beside this module in the installed package (importlib.resources would cost ~4 ms of
# start-up for zip imports fmlint does not support).
BUILTIN_FOLDER = Path(__file__).with_name("builtin")
MAX_SCHEMA_BYTES = 4 * 1024 * 1024  # a referenced file larger than this is refused, not read
_MAX_REGISTRY_FILES = 256  # JSON files of a schema folder indexed by their $id


class SchemaError(Exception):
    """A schema that cannot be found, read or used."""


class LoadedSchema:
    """A schema, its compiled jsonschema-rs validator, and the local files it read.

    ``fast`` is the validator's ``is_valid`` (a valid file costs ~10 µs); ``validator``
    gives the errors of an invalid one.  ``references`` lists the local files that
    ``$ref`` resolved to, for the cache key.
    """

    def __init__(self, name: str, source: str, schema: Any, base: Path | None):
        self.name, self.source, self.schema, self.base = name, source, schema, base
        self.references: list[str] = []

    @property
    def properties(self) -> dict:
        return self.schema.get("properties", {}) if isinstance(self.schema, dict) else {}

    @functools.cached_property
    def validator(self) -> Any:
        return _compile(self)

    @property
    def fast(self) -> Any:
        return self.validator.is_valid


def builtin_names() -> list[str]:
    folder = BUILTIN_FOLDER
    return sorted(entry.name.removesuffix(".schema.json") for entry in folder.iterdir()
                  if entry.name.endswith(".schema.json"))


def resolve_reference(ref: str, base_dir: Path | None, project: Path | str | None = None) -> str:
    """Turn what a user wrote (``article``, ``./schemas/x.json``) into a cache key.

    With ``project`` (a config's folder, for a ``schema =`` the repository wrote), the file
    must lie inside it: a schema's values show in messages, so a schema outside would
    echo files the repository has no business reading (``/home/me/secret.json``).
    """
    if "://" in ref:
        raise SchemaError(f"remote schema {ref!r} refused: fmlint does not fetch schemas over the network")
    if ref in builtin_names():
        return f"builtin:{ref}"
    path = Path(ref) if base_dir is None else base_dir / ref
    if not path.is_file():
        known = ", ".join(builtin_names())
        raise SchemaError(f"schema {ref!r} not found (not a file, nor a built-in schema: {known})")
    key = str(path.resolve())
    if project is not None and not is_inside(key, str(project)):
        raise SchemaError(f"schema {ref!r} refused: it must lie inside {os.path.realpath(project)}")
    return key


def is_inside(path: str, folder: str) -> bool:
    """Whether ``path``, links resolved, lies in ``folder`` (links resolved too)."""
    top, real = os.path.realpath(folder), os.path.realpath(path)
    try:
        return os.path.commonpath([top, real]) == top
    except ValueError:  # another drive
        return False


@functools.cache
def load(key: str) -> LoadedSchema:
    """Load and compile the schema named by a key from ``resolve_reference``."""
    if key.startswith("builtin:"):
        name = key.removeprefix("builtin:")
        text = (BUILTIN_FOLDER / f"{name}.schema.json").read_text("utf-8")
        base = None
    else:
        name, base = key, Path(key).parent
        try:  # a regular file of bounded size: a FIFO or /dev/zero neither hangs nor fills the memory
            text = read_small(key, MAX_SCHEMA_BYTES).decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SchemaError(f"cannot read schema {key}: {error}") from None
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as error:
        raise SchemaError(f"schema {key} is not valid JSON: {error}") from None
    except RecursionError:
        raise SchemaError(f"schema {key} is nested too deeply to read") from None
    loaded = LoadedSchema(name, key, schema, base)
    loaded.validator  # compiled (and checked against its meta-schema) when loaded  # noqa: B018
    return loaded


def _compile(loaded: LoadedSchema) -> Any:
    import jsonschema_rs

    schema = loaded.schema
    if not isinstance(schema, (dict, bool)):
        raise SchemaError(f"schema {loaded.source} must be a JSON object or a boolean")
    base_uri = loaded.base.joinpath(Path(loaded.source).name).as_uri() if loaded.base is not None else None
    try:
        return jsonschema_rs.validator_for(schema, validate_formats=True, base_uri=base_uri,
                                           retriever=LocalRetriever(loaded))
    except jsonschema_rs.ValidationError as error:
        raise SchemaError(_compile_message(loaded.source, error)) from None
    except (ValueError, RecursionError) as error:
        raise SchemaError(f"schema {loaded.source} cannot be used: {str(error).splitlines()[0]}") from None


def _compile_message(source: str, error: Any) -> str:
    first = str(getattr(error, "message", error)).splitlines()[0]
    if "is not present in a registry" in first or "retrieving it failed" in first:
        return (f"schema {source}: {first}; remote references are refused (fmlint never fetches schemas) "
                "and local ones must exist inside the schema's folder")
    where = "/".join(str(part) for part in getattr(error, "instance_path", []) or [])
    return f"schema {source} is not a valid JSON Schema at /{where}: {first}"


class LocalRetriever:
    """Resolves ``$ref`` URIs to JSON files inside the schema's folder, never over the network."""

    def __init__(self, loaded: LoadedSchema):
        self.loaded = loaded
        self.root = os.path.realpath(loaded.base) if loaded.base is not None else None
        own_id = loaded.schema.get("$id") if isinstance(loaded.schema, dict) else None
        self.id_base = own_id.rsplit("/", 1)[0] + "/" if isinstance(own_id, str) and "/" in own_id else None

    def __call__(self, uri: str) -> Any:
        path = self._path_for(uri)
        if path is None and urlsplit(uri).scheme in ("file", "json-schema"):
            raise ValueError(f"reference {uri} refused: only regular files inside {self.root} may be referenced")
        if path is None:
            raise ValueError(f"remote reference {uri} refused: fmlint never fetches schemas")
        return self._read(path)

    def _path_for(self, uri: str) -> str | None:
        if self.root is None:
            return None
        parts = urlsplit(uri)
        if parts.scheme == "file":
            return self._inside(unquote(parts.path))
        if parts.scheme == "json-schema":  # a relative ref under a schema without $id or base URI
            return self._inside(os.path.join(self.root, unquote(parts.path).lstrip("/")))
        if self.id_base is not None and uri.startswith(self.id_base):
            return self._inside(os.path.join(self.root, unquote(uri[len(self.id_base):].split("#")[0])))
        return self._index.get(uri.split("#")[0].rstrip("/"))

    def _inside(self, path: str) -> str | None:
        """The real path when it lies in the schema's folder; a ``$ref`` may not read beyond it."""
        real = os.path.realpath(path)
        return real if is_inside(real, self.root) and os.path.isfile(real) else None

    @functools.cached_property
    def _index(self) -> dict[str, str]:
        found: dict[str, str] = {}
        try:
            names = sorted(name for name in os.listdir(self.root) if name.endswith(".json"))
        except OSError:
            return found
        for name in names[:_MAX_REGISTRY_FILES]:
            path = self._inside(os.path.join(self.root, name))
            document = self._read(path, quiet=True) if path else None
            if isinstance(document, dict) and isinstance(document.get("$id"), str):
                found.setdefault(document["$id"].split("#")[0].rstrip("/"), path)
        return found

    def _read(self, path: str, quiet: bool = False) -> Any:
        try:
            document = json.loads(read_small(path, MAX_SCHEMA_BYTES).decode("utf-8"))
        except (OSError, ValueError, RecursionError) as error:
            if quiet:
                return None
            raise ValueError(f"cannot read {path}: {error}") from None
        if not quiet and path not in self.loaded.references:
            self.loaded.references.append(path)
        return document
