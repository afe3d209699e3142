"""Reading a content file's bytes without ever blocking or reading without end."""

from __future__ import annotations

import errno
import os
import stat

from fmlint.reading.document import MAX_BYTES


def read_file(path: str) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file (at most ``MAX_BYTES + 1``: enough to know it is too big) and its stat.

    Opened without blocking and checked before reading, so a FIFO never hangs the run and
    a device (``/dev/zero``) is never read without end; both raise OSError, as a folder does.
    The read is sized by ``st_size`` (+1 to see growth): asking for ``MAX_BYTES + 1`` on every
    file cost a 10 MiB allocation and unmap each (issue 14). Only a file that grew since the
    ``fstat`` (or reports no size, as in ``/proc``) is read on, up to the same limit.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a folder, FIFO, socket or device)", path)
        wanted = min(status.st_size, MAX_BYTES) + 1
        data = handle.read(wanted)
        if len(data) == wanted and wanted <= MAX_BYTES:  # it grew: read on, to the limit
            data += handle.read(MAX_BYTES + 1 - wanted)
        return data, status


def read_small(path: str, limit: int, follow: bool = True) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else OSError.

    For the files a repository ships beside its content (``.gitignore``, configs,
    schemas, baselines, the cache): one that is a FIFO, a device, too large or (with
    ``follow=False``) a symbolic link is refused before anything is read, so it can
    neither hang the run nor fill the memory.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    with open(os.open(path, flags), "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a folder, FIFO, socket or device)", path)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", path)
    return data
