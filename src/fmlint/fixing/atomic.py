"""Writing a fixed file atomically: a temporary file beside it, fsync, rename.

The original is replaced only by a complete new file (``os.replace`` is atomic on
one file system), so a crash, a full disk or a failing rename leaves either the old
file or the new one, never half of each.  The file's permission bits (and, when we
may, its owner) are kept.  A symbolic link is written through: its target is
replaced and the link stays a link.  A file without any write permission bit is
refused, even for root: read-only is the owner saying "do not change this".
"""

from __future__ import annotations

import errno
import os
import stat


class ChangedMeanwhile(OSError):
    """The file changed after it was read: writing the fix would discard that edit."""


def write_atomic(path: str, data: bytes, original: bytes | None = None) -> None:
    """Replace ``path`` with ``data``; raises OSError and leaves ``path`` untouched on failure.

    With ``original`` (the bytes the fix was computed from), the file is compared with
    them just before the rename: a paragraph saved by an editor while ``fmlint fix`` ran
    must not be silently discarded, so the file is then left alone (``ChangedMeanwhile``).
    A file with several hard links is refused too: the rename would quietly split them.
    """
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    status = os.stat(target)
    mode = stat.S_IMODE(status.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise PermissionError(errno.EACCES, "the file is read-only", path)
    if status.st_nlink > 1:
        raise OSError(errno.EMLINK, f"the file has {status.st_nlink} hard links, which a rewrite would separate", path)
    temporary = _temporary_copy(folder, data, mode)
    try:
        _keep_owner(temporary, status)
        if original is not None and _already(target, status, original, data, path):
            _remove(temporary)  # another run wrote these very bytes meanwhile: nothing left to do
            return
        os.replace(temporary, target)
    except BaseException:  # SIGTERM and Ctrl-C too (the CLI raises them as exceptions)
        _remove(temporary)
        raise
    _sync_folder(folder)


def _temporary_copy(folder: str, data: bytes, mode: int) -> str:
    """A new file in ``folder`` holding ``data`` on disk (fsync) with ``mode``; removed if anything fails."""
    import tempfile  # ~3.6 ms (shutil, bz2, lzma): only a run that writes pays for it
    handle, temporary = tempfile.mkstemp(prefix=".fmlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _already(target: str, status: os.stat_result, original: bytes, fixed: bytes, path: str) -> bool:
    """False when ``target`` still holds the bytes the fix was made from (write it); True when it
    already holds the fixed bytes (a concurrent run did the same fix); else ``ChangedMeanwhile``."""
    now = os.stat(target)
    with open(target, "rb") as handle:
        current = handle.read(max(len(original), len(fixed)) + 1)
    if current == original and (now.st_ino, now.st_dev) == (status.st_ino, status.st_dev):
        return False
    if current == fixed:
        return True
    raise ChangedMeanwhile(errno.EAGAIN, "the file changed while it was being fixed; run fmlint fix again", path)


def replace_file(path: str, data: bytes) -> None:
    """Create or replace ``path`` (a report, a baseline) with ``data``, never through a link.

    The path is the user's, but what sits there is the repository's: a committed
    ``fmlint.xml -> ~/.ssh/authorized_keys`` must not make a report land outside the tree.
    A temporary file beside it is renamed over the name, which replaces a link itself
    rather than its target; the new file gets the usual mode (0666 less the umask).
    """
    umask = os.umask(0)
    os.umask(umask)
    temporary = _temporary_copy(os.path.dirname(os.path.abspath(path)), data, 0o666 & ~umask)
    try:
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _keep_owner(temporary: str, status: os.stat_result) -> None:
    """Give the new file the old one's owner and group (only root may; otherwise they are ours already)."""
    if hasattr(os, "chown") and (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.chown(temporary, status.st_uid, status.st_gid)
        except OSError:
            pass


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (best effort: not every platform allows it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
