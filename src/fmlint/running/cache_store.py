"""The cache file on disk: read and written so that a repository cannot turn it against the run.

A repository can commit ``.fmlint_cache/`` with anything in it: a link to ``/dev/zero``
or a FIFO, a link out of the tree (for the folder, the file or its ``.gitignore``), a
file nested too deeply to parse, or an entry forged to say "this broken file is clean".
So the folder is used only when it is a real folder (not a link), the file is read only
when it is a regular file of bounded size, opened without following a link, and every
entry carries an HMAC made with a secret of this user's, kept outside the repository
(in the user's cache folder): an entry this user did not write is worth a re-check,
nothing more.  Any damage means the cache is ignored and rebuilt.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import stat
from typing import Any

from fmlint.reading.files import read_small

MAX_CACHE_BYTES = 256 * 1024 * 1024  # a larger cache file is ignored (and replaced)
_SECRET_BYTES = 32


def usable_folder(folder: str) -> bool:
    """True when ``folder`` is missing (it will be made) or a real folder, never a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode)
    except FileNotFoundError:
        return os.path.isdir(os.path.dirname(folder) or ".")
    except OSError:
        return False


def read_entries(path: str, version: str) -> dict[str, list]:
    """The entries of the cache file at ``path``, or none when it is not a trustworthy cache."""
    if not usable_folder(os.path.dirname(path)):
        return {}
    try:
        data = json.loads(read_small(path, MAX_CACHE_BYTES, follow=False).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if isinstance(data, dict) and data.get("version") == version and isinstance(data.get("entries"), dict):
        return data["entries"]
    return {}


def write_entries(folder: str, path: str, version: str, entries: dict) -> None:
    """Write the cache whole and atomically; silently skipped when the folder is not ours to use."""
    if not usable_folder(folder):
        return
    try:
        os.makedirs(folder, exist_ok=True)
        if not usable_folder(folder):
            return
        _write_gitignore(os.path.join(folder, ".gitignore"))
        import tempfile  # ~3.6 ms (shutil, bz2, lzma): only a run that writes pays for it
        handle, temporary = tempfile.mkstemp(prefix=".results-", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            # dumps, not dump: json.dump streams through the pure-Python encoder (~10x slower);
            # the text is the same.
            stream.write(json.dumps({"version": version, "entries": entries}, separators=(",", ":")))
        os.replace(temporary, path)  # replaces a link at ``path`` itself, never its target
    except (OSError, ValueError, RecursionError):  # a full disk, say: the old cache (or none) stays
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _write_gitignore(path: str) -> None:
    """Create the folder's ``.gitignore`` unless something (a file, a link) is already there."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError:  # exists already (maybe a committed link: never written through)
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("# Created by fmlint: the cache is not for version control.\n*\n")


def seal(key: str, entry: list) -> str:
    """The HMAC of one entry under this user's secret; ``key`` is in it, so an entry cannot move."""
    body = json.dumps([key, entry], separators=(",", ":"), ensure_ascii=True)
    return hmac.new(user_secret(), body.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def is_sealed(key: str, entry: list, mac: Any) -> bool:
    try:
        return isinstance(mac, str) and hmac.compare_digest(mac, seal(key, entry))
    except (TypeError, ValueError, RecursionError):
        return False


@functools.cache
def user_secret() -> bytes:
    """This user's cache secret, made once in the user's cache folder (mode 0600).

    When that folder cannot be used, a secret for this process only: nothing read from
    disk is then trusted, and the cache merely costs nothing.
    """
    path = os.path.join(_user_cache_dir(), "fmlint", "cache-secret")
    try:
        secret = read_small(path, 4096, follow=False)
        if len(secret) >= _SECRET_BYTES and _private(path):
            return secret
    except OSError:
        pass
    secret = os.urandom(_SECRET_BYTES)
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        import tempfile  # ~3.6 ms (shutil, bz2, lzma): only a run that writes pays for it
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path))  # mode 0600
        with os.fdopen(handle, "wb") as stream:
            stream.write(secret)
        os.replace(temporary, path)
    except OSError:
        pass
    return secret


def _private(path: str) -> bool:
    """The secret file is ours and nobody else may read or write it."""
    status = os.lstat(path)
    return (not hasattr(os, "getuid") or status.st_uid == os.getuid()) and not status.st_mode & 0o077


def _user_cache_dir() -> str:
    if os.name == "nt":
        return os.environ.get("LOCALAPPDATA") or os.path.expanduser("~")
    return os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
