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
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a folder, FIFO, socket or device)", path)
        return handle.read(MAX_BYTES + 1), status
