"""A result cache, so an unchanged file is not checked again.

An entry is keyed by the file's path, the blake2b hash of its bytes and a
fingerprint of everything else the result depends on (fmlint's version, the
enabled rules, severities, options, the schema file and the files its ``$ref``
values name, and today's date when a rule compares dates with it).  A
file whose size and mtime are unchanged is trusted without being read (as ruff
does); otherwise its bytes are hashed, so a checkout that only touched mtimes
still hits.  An entry whose rules looked up local images, or read the site's vocabulary
(FM613 and the apostrophe rules), also holds their stamps (``input_stamps``, after the
fingerprint; the vocabulary's is the digest of what it learned): one that changed,
appeared or went is a miss.  Those stamps are compared only for entries this user sealed.

The cache is one JSON file (never pickle: a repository could ship a hostile
cache) in ``.fmlint_cache/`` beside the nearest config, or the working folder.
It is written whole to a temporary file and renamed, so concurrent runs can only
lose each other's new entries, never corrupt the file; a corrupt or foreign file
is ignored, and so is any entry whose shape or types are wrong (it is checked
before use, so a damaged or hand-made cache can only cost a re-check, never a crash).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import pathlib
import stat
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from fmlint.model import Diagnostic, Edit, Fix
from fmlint.model.version import __version__
from fmlint.running import cache_store

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
                status = os.stat(os.path.join(root, name))
                stamps.append(f"{os.path.relpath(os.path.join(root, name), folder)}:{status.st_size}:{status.st_mtime_ns}")
    return hashlib.blake2b("\n".join(sorted(stamps)).encode(), digest_size=16).hexdigest()


def fingerprint(settings: Any) -> str:
    """Everything besides the file that decides its diagnostics, but the inputs a result
    records itself (images, the site's vocabulary: ``input_stamps``): with those, every input
    of a result is in its key.

    That is fmlint itself, the rules and their settings, the schema file and every local
    file its ``$ref`` values may name (see ``schema_inputs``), and today's date when a
    selected rule compares dates with it (a verdict of yesterday may be wrong today).
    """
    parts = [__version__, code_stamp(), ",".join(rule.code for rule in settings.rules), repr(settings.severity),
             repr(sorted(settings.options.items())), str(settings.allow_schema_key), str(settings.schema)]
    if settings.schema and not settings.schema.startswith("builtin:"):  # built-ins are in code_stamp
        parts.extend(schema_inputs(settings.schema))
    if any(rule.code in CLOCK_RULES for rule in settings.rules):
        parts.append(f"today:{today()}")
    if any(rule.code in FILE_RULES for rule in settings.rules):  # "/assets/a.png" is found from the root
        parts.append(f"root:{settings.root}")
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


# Rules whose verdict depends on the day they run (FM305: "more than N days in the future").
# tests/test_cache.py fails when a rule reads the clock and is missing here.
CLOCK_RULES = frozenset({"FM305"})
# Rules that may look at a local image (``Context.image_size``); their inputs are in each entry.
FILE_RULES = frozenset({"FM401", "FM404", "FM406", "FM407", "FM408"})
MAX_INPUTS = 256  # images one entry may depend on; beyond that the result is not reused


def input_stamps(paths: list[str]) -> list[list[str]]:
    """``[path, stamp]`` of each local file a result depends on, as ``Cache`` compares them."""
    unique = list(dict.fromkeys(paths))
    if len(unique) > MAX_INPUTS:
        return [["", f"too many inputs: not cached {os.urandom(8).hex()}"]]
    return [[path, _stamp(path)] for path in unique]


def _stamp(path: str) -> str:
    """Where ``path`` leads (symbolic links resolved) and that file's type, size and mtime;
    for the site's vocabulary (``running.vocabulary.INPUT_PREFIX``), the digest of what it learned."""
    if not path:
        return "none"
    if path.startswith("vocabulary:"):
        from fmlint.running.vocabulary import input_stamp

        return input_stamp(path)
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):  # a NUL byte in a path is a ValueError
        return f"{path!r}:unusable"
    try:
        status = os.stat(real)
    except (OSError, ValueError):
        return f"{real}:missing"
    return f"{real}:{stat.S_IFMT(status.st_mode)}:{status.st_size}:{status.st_mtime_ns}"


def _keyed(fp: str, inputs: Any) -> str:
    """An entry's fingerprint field: the settings' fingerprint, then the stamps of the other
    inputs its result depends on, images and the site's vocabulary (in the same field, so an
    entry keeps its shape and its seal)."""
    return f"{fp}\n{json.dumps([list(each) for each in inputs])}" if inputs else fp


def _matches(field: Any, fp: str) -> bool:
    """Was the entry made with ``fp``, and is every input it depends on as it was then?
    (Asked of sealed entries only: a forged list of inputs is never stat-ed.)"""
    if field == fp:
        return True
    if not isinstance(field, str) or not field.startswith(fp + "\n"):
        return False
    try:
        inputs = json.loads(field[len(fp) + 1:])
    except (ValueError, RecursionError):
        return False
    return isinstance(inputs, list) and len(inputs) <= MAX_INPUTS and all(
        isinstance(each, list) and len(each) == 2 and all(isinstance(part, str) for part in each)
        and _stamp(each[0]) == each[1] for each in inputs)


def today() -> str:
    """The date the clock rules compare with: the local date, as ``rules/dates.py`` reads it."""
    return dt.date.today().isoformat()


MAX_SCHEMA_FILES = 512  # files in one schema's $ref closure; beyond that its results are not cached
MAX_SCHEMA_BYTES = 32 * 1024 * 1024  # bytes read for one closure; beyond that, likewise
MAX_SCHEMA_FILE_BYTES = 4 * 1024 * 1024  # a larger file is keyed by its size and mtime, not read
_REF_KEYS = ("$ref", "$dynamicRef", "$recursiveRef")


def schema_inputs(key: str) -> list[str]:
    """One part per file the schema ``key`` may read: its path and its bytes' hash, or why it has none.

    The walk follows ``$ref`` values transitively, resolved as URIs against the file that
    holds them and against every ``$id`` in it: a ``file:`` result names a local file; any
    other absolute URI may be a file under the schema's folder by its path, or one found
    by its ``$id`` (any JSON file there), so every candidate counts.  That over-approximates
    what the validator reads: a needless part costs a re-check, a missing one a stale
    result.  Only files inside the schema's folder are read (only those may be
    referenced); a missing file counts by its absence.  Bounded: a closure too large to
    walk makes the key unique, so such results are never reused.
    """
    first = os.path.realpath(key)
    root = os.path.dirname(first)
    parts, queue, seen, read, indexed = [], [first], set(), 0, False
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        part, data = _schema_file(path, root)
        read += len(data or b"")
        if len(seen) > MAX_SCHEMA_FILES or read > MAX_SCHEMA_BYTES:
            return parts + [f"too large to walk: not cached {os.urandom(8).hex()}"]
        parts.append(part)
        for target in _ref_targets(_json(data), path):
            by_path, by_id = _local_candidates(target, root)
            queue.extend(by_path)
            if by_id and not indexed:  # any JSON file in the folder may be the target by its $id
                queue.extend(_json_files(root))
                indexed = True
    return sorted(parts)


def _schema_file(path: str, root: str) -> tuple[str, bytes | None]:
    """(``path`` and what it holds, its bytes); only regular files inside ``root`` are read.

    A file outside is refused by the validator, so it is never opened; its size and mtime
    still go in the key, so a change shows even if a reference there were ever followed.
    """
    if not _inside(path, root):
        try:
            status = os.stat(path)
        except OSError:
            return f"{path}:outside, missing", None
        return f"{path}:outside:{status.st_size}:{status.st_mtime_ns}", None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        with open(os.open(path, flags), "rb") as handle:  # never blocks on a FIFO
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                return f"{path}:not a regular file", None
            if status.st_size > MAX_SCHEMA_FILE_BYTES:
                return f"{path}:large:{status.st_size}:{status.st_mtime_ns}", None
            data = handle.read(MAX_SCHEMA_FILE_BYTES + 1)
    except FileNotFoundError:
        return f"{path}:missing", None
    except OSError as error:
        return f"{path}:unreadable:{error.errno}", None
    return f"{path}:{content_hash(data)}", data


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([root, path]) == root
    except ValueError:  # another drive
        return False


def _json(data: bytes | None) -> Any:
    try:
        return json.loads(data) if data is not None else None
    except (ValueError, RecursionError):  # the validator reports it; its bytes are in the key
        return None


def _ref_targets(document: Any, path: str) -> set[str]:
    """The URIs (without fragment) the ``$ref``-like values of ``document`` may resolve to."""
    refs, ids, stack = set(), set(), [document]
    while stack:  # no recursion: a schema may be deep
        node = stack.pop()
        if isinstance(node, dict):
            refs.update(node[k] for k in _REF_KEYS if isinstance(node.get(k), str))
            if isinstance(node.get("$id"), str):
                ids.add(node["$id"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    own = pathlib.Path(path).as_uri()
    bases = {own} | {urljoin(own, each) for each in ids}
    return {urljoin(base, ref).split("#", 1)[0] for ref in refs for base in bases} - {""}


def _local_candidates(target: str, root: str) -> tuple[list[str], bool]:
    """Real paths of the local files a resolved ``$ref`` URI may name by its path, and whether it
    is an absolute URI (then it may also name one by its ``$id``)."""
    parts = urlsplit(target)
    if parts.scheme == "file":
        return [os.path.realpath(unquote(parts.path))], False
    if not parts.scheme:  # relative to an $id that is no URL (a URN): nothing to join it to but the folder
        return [os.path.realpath(os.path.join(root, unquote(target)))], False
    steps = [step for step in unquote(parts.path).split("/") if step]
    return [os.path.realpath(os.path.join(root, *steps[start:])) for start in range(len(steps))], True


def _json_files(root: str) -> list[str]:
    try:
        return sorted(os.path.realpath(os.path.join(root, name)) for name in os.listdir(root) if name.endswith(".json"))
    except OSError:
        return []


class Cache:
    """The results of one cache folder, keyed by each file's path relative to that folder's parent.

    Relative to the folder, not to the working folder: ``drafts/a.md`` and ``content/a.md``
    are two keys however the run was started.  Only sealed entries (``cache_store``) are used.
    """

    def __init__(self, folder: str):
        self.folder = folder
        self.root = os.path.dirname(os.path.abspath(folder))
        self.path = os.path.join(folder, CACHE_FILE)
        self.entries: dict[str, list] = cache_store.read_entries(self.path, __version__)
        self.dirty = False

    def _key(self, path: str) -> str:
        try:
            return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        except ValueError:  # another drive (Windows): the absolute path is the key
            return os.path.abspath(path)

    def _entry(self, path: str, fp: str) -> list | None:
        """The entry for ``path`` made with fingerprint ``fp`` (and the images it depends on as they
        are), if this user wrote it and it has the right shape."""
        key = self._key(path)
        entry = self.entries.get(key)
        if not isinstance(entry, list) or len(entry) != 6:
            return None
        if not (_is_int(entry[0]) and _is_int(entry[1]) and isinstance(entry[2], str)
                and cache_store.is_sealed(key, entry[:5], entry[5])):
            self._drop(key)  # not ours, or damaged: its inputs are never looked at
            return None
        return entry if _matches(entry[3], fp) else None

    def _drop(self, key: str) -> None:
        del self.entries[key]
        self.dirty = True

    def lookup_stat(self, path: str, stat: os.stat_result, fp: str) -> list[Diagnostic] | None:
        entry = self._entry(path, fp)
        if entry and entry[0] == stat.st_mtime_ns and entry[1] == stat.st_size:
            diagnostics = _decode(path, entry[4])
            if diagnostics is None:
                self._drop(self._key(path))
            return diagnostics
        return None

    def known_hash(self, path: str, fp: str) -> str | None:
        """The cached hash of ``path``'s bytes; ``refresh`` may then reuse its (well-formed) result."""
        entry = self._entry(path, fp)
        if entry is None or _decode(path, entry[4]) is None:
            if entry is not None:
                self._drop(self._key(path))
            return None
        return entry[2]

    def refresh(self, path: str, stat: tuple[int, int]) -> list[Diagnostic]:
        """The file's bytes hash as cached though its stat changed: update the stat, reuse the result."""
        key = self._key(path)
        entry = self.entries[key]
        entry[0], entry[1] = stat
        entry[5] = cache_store.seal(key, entry[:5])
        self.dirty = True
        return _decode(path, entry[4])

    def store(self, path: str, stat: tuple[int, int], digest: str, fp: str, diagnostics: list[Diagnostic],
              inputs: Any = ()) -> None:
        key = self._key(path)
        entry = [stat[0], stat[1], digest, _keyed(fp, inputs), [_encode(d) for d in diagnostics]]
        self.entries[key] = entry + [cache_store.seal(key, entry)]
        self.dirty = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is silently skipped."""
        if self.dirty:
            cache_store.write_entries(self.folder, self.path, __version__, self.entries)


def _encode(d: Diagnostic) -> list:
    fix = None
    if d.fix is not None:
        fix = [d.fix.applicability, d.fix.description, [[e.start, e.end, e.content] for e in d.fix.edits],
               [list(pair) for pair in d.fix.values]]
    return [d.line, d.column, d.end_line, d.end_column, d.code, d.name, d.severity, d.message, d.pointer, fix]


_SEVERITIES = ("error", "warning", "info")
_APPLICABILITIES = ("safe", "unsafe", "display")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _decode(path: str, rows: Any) -> list[Diagnostic] | None:
    """The cached diagnostics, or None if anything in them has the wrong shape or type."""
    if not isinstance(rows, list):
        return None
    diagnostics = []
    try:
        for line, column, end_line, end_column, code, name, severity, message, pointer, fix in rows:
            if not (all(_is_int(n) and n >= 1 for n in (line, column, end_line, end_column))
                    and all(isinstance(text, str) for text in (code, name, message))
                    and severity in _SEVERITIES and (pointer is None or isinstance(pointer, str))):
                return None
            if fix is not None:
                fix = _decode_fix(fix)
                if fix is None:
                    return None
            diagnostics.append(Diagnostic(path, line, column, end_line, end_column, code, name, severity, message,
                                          pointer, fix))
    except (TypeError, ValueError):  # a row that is not a list of ten, a fix that is not a list of four
        return None
    return diagnostics


def _decode_fix(fix: Any) -> Fix | None:
    applicability, description, edits, values = fix
    if applicability not in _APPLICABILITIES or not isinstance(description, str):
        return None
    decoded = []
    for start, end, content in edits:
        if not (_is_int(start) and _is_int(end) and 0 <= start <= end and isinstance(content, str)):
            return None
        decoded.append(Edit(start, end, content))
    pairs = []
    for pointer, value in values:
        if not isinstance(pointer, str):
            return None
        pairs.append((pointer, value))
    return Fix(tuple(decoded), applicability, description, tuple(pairs))
