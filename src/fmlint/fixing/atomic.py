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
import tempfile


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data``; raises OSError and leaves ``path`` untouched on failure."""
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    status = os.stat(target)
    mode = stat.S_IMODE(status.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise PermissionError(errno.EACCES, "the file is read-only", path)
    handle, temporary = tempfile.mkstemp(prefix=".fmlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        _keep_owner(temporary, status)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_folder(folder)


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
