"""A result cache, so an unchanged file is not checked again.

An entry is keyed by the file's path, the blake2b hash of its bytes and a
fingerprint of everything else the result depends on (fmlint's version, the
enabled rules, severities, options, the schema and the schema file's bytes).  A
file whose size and mtime are unchanged is trusted without being read (as ruff
does); otherwise its bytes are hashed, so a checkout that only touched mtimes
still hits.

The cache is one JSON file (never pickle: a repository could ship a hostile
cache) in ``.fmlint_cache/`` beside the nearest config, or the working folder.
It is written whole to a temporary file and renamed, so concurrent runs can only
lose each other's new entries, never corrupt the file; a corrupt or foreign file
is ignored.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from typing import Any

from . import __version__
from .model import Diagnostic, Edit, Fix

CACHE_DIR = ".fmlint_cache"
CACHE_FILE = "results-v1.json"


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@functools.cache
def code_stamp() -> str:
    """Names, sizes and mtimes of fmlint's own files: an edited install invalidates the cache
    even when the version number did not change (editable installs, local patches)."""
    folder = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith((".py", ".json")):
                stat = os.stat(os.path.join(root, name))
                stamps.append(f"{os.path.relpath(os.path.join(root, name), folder)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.blake2b("\n".join(sorted(stamps)).encode(), digest_size=16).hexdigest()


def fingerprint(settings: Any) -> str:
    """Everything besides the file that decides its diagnostics."""
    parts = [__version__, code_stamp(), ",".join(rule.code for rule in settings.rules), repr(settings.severity),
             repr(sorted(settings.options.items())), str(settings.allow_schema_key), str(settings.schema)]
    if settings.schema and not settings.schema.startswith("builtin:"):
        try:
            with open(settings.schema, "rb") as handle:
                parts.append(content_hash(handle.read()))
        except OSError:
            parts.append("unreadable")
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


class Cache:
    def __init__(self, folder: str):
        self.folder = folder
        self.path = os.path.join(folder, CACHE_FILE)
        self.entries: dict[str, list] = self._load()
        self.dirty = False

    def _load(self) -> dict[str, list]:
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
            if data.get("version") == __version__ and isinstance(data.get("entries"), dict):
                return data["entries"]
        except (OSError, ValueError, AttributeError):
            pass
        return {}

    def lookup_stat(self, path: str, stat: os.stat_result, fp: str) -> list[Diagnostic] | None:
        entry = self.entries.get(path)
        if entry and entry[0] == stat.st_mtime_ns and entry[1] == stat.st_size and entry[3] == fp:
            return _decode(path, entry[4])
        return None

    def known_hash(self, path: str, fp: str) -> str | None:
        entry = self.entries.get(path)
        return entry[2] if entry and entry[3] == fp else None

    def refresh(self, path: str, stat: tuple[int, int]) -> list[Diagnostic]:
        """The file's bytes hash as cached though its stat changed: update the stat, reuse the result."""
        entry = self.entries[path]
        entry[0], entry[1] = stat
        self.dirty = True
        return _decode(path, entry[4])

    def store(self, path: str, stat: tuple[int, int], digest: str, fp: str, diagnostics: list[Diagnostic]) -> None:
        self.entries[path] = [stat[0], stat[1], digest, fp, [_encode(d) for d in diagnostics]]
        self.dirty = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is silently skipped."""
        if not self.dirty:
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            ignore = os.path.join(self.folder, ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w", encoding="utf-8") as handle:
                    handle.write("# Created by fmlint: the cache is not for version control.\n*\n")
            handle, temporary = tempfile.mkstemp(prefix=".results-", dir=self.folder)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"version": __version__, "entries": self.entries}, stream, separators=(",", ":"))
            os.replace(temporary, self.path)
        except OSError:
            pass


def _encode(d: Diagnostic) -> list:
    fix = None
    if d.fix is not None:
        fix = [d.fix.applicability, d.fix.description, [[e.start, e.end, e.content] for e in d.fix.edits],
               [list(pair) for pair in d.fix.values]]
    return [d.line, d.column, d.end_line, d.end_column, d.code, d.name, d.severity, d.message, d.pointer, fix]


def _decode(path: str, rows: list) -> list[Diagnostic]:
    diagnostics = []
    for line, column, end_line, end_column, code, name, severity, message, pointer, fix in rows:
        if fix is not None:
            applicability, description, edits, values = fix
            fix = Fix(tuple(Edit(*edit) for edit in edits), applicability, description,
                      tuple((pointer_, value) for pointer_, value in values))
        diagnostics.append(Diagnostic(path, line, column, end_line, end_column, code, name, severity, message,
                                      pointer, fix))
    return diagnostics
