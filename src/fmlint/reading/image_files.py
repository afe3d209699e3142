"""The pixel size of a local image file, read from its header: PNG, GIF, WebP, JPEG.

Why a reader of our own: ``imagesize`` costs ~33 ms of import (it pulls in
``urllib.request``) and Pillow far more, while the four formats web pages use state
their size in the first bytes (JPEG: in its SOF segment, after any metadata, which
the segment walk seeks over).  An image's URL comes from the repository, so nothing
it names is trusted beyond what it proves (as ``files.read_file``): the path must
lie inside the project root once symbolic links are resolved (no ``..`` escape, no
link out), the file is opened without blocking (a FIFO never hangs the run), must be
a regular file, and only a bounded number of bytes and segments is read.  A file
that is missing, not an image or damaged has no size (None): no report, no crash.
Remote URLs are never fetched.
"""

from __future__ import annotations

import os
import stat
import struct

HEAD_BYTES = 64 * 1024  # one read: enough for PNG, GIF and WebP, and most JPEG headers
JPEG_SCAN_LIMIT = 16 * 1024 * 1024  # a SOF segment further in than this is not looked for
JPEG_MAX_SEGMENTS = 1024
MAX_REFERENCE = 4096  # characters: a longer "URL" names no file we will look for
_PNG = b"\x89PNG\r\n\x1a\n"
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # start-of-frame markers (not DHT, JPG, DAC)
_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01}  # RSTn and TEM carry no length
_ROTATED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height


def locate(reference: str, document: str, root: str) -> str | None:
    """The path a local image reference names, or None when it names no local file.

    ``/assets/x.jpg`` is relative to the site ``root``; ``cover.png`` and
    ``./cover.png`` to the content file's folder.  A URL with a scheme or host
    (``https:``, ``//cdn``, ``data:``) is remote; a template (``{{ site.url }}``) is not a path.
    """
    from urllib.parse import unquote, urlsplit

    text = reference.strip()
    if not text or len(text) > MAX_REFERENCE or "{" in text or "\0" in text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:  # an invalid IPv6 host, say: not a local path either
        return None
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or not path or "\0" in path or path.endswith("/"):
        return None
    if path.startswith("/"):
        return os.path.join(root, path.lstrip("/"))
    return os.path.join(os.path.dirname(os.path.abspath(document)), path)


def pixel_size(path: str, root: str) -> tuple[int, int] | None:
    """(width, height) of the image at ``path`` if it is a regular file inside ``root``, else None."""
    top, real = os.path.realpath(root), os.path.realpath(path)
    try:
        if os.path.commonpath([top, real]) != top:
            return None  # ``..`` or a symbolic link leads out of the project
    except ValueError:  # another drive
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        with open(os.open(real, flags), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None  # a folder, FIFO, socket or device
            return header_size(handle)
    except (OSError, ValueError):
        return None


def header_size(handle) -> tuple[int, int] | None:
    """The size a binary file's header states, or None for another format or a damaged header."""
    head = handle.read(HEAD_BYTES)
    try:
        if head.startswith(_PNG) and head[12:16] == b"IHDR":
            size = struct.unpack(">II", head[16:24])
        elif head[:6] in (b"GIF87a", b"GIF89a"):
            size = struct.unpack("<HH", head[6:10])
        elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            size = _webp(head)
        elif head[:2] == b"\xff\xd8":
            size = _jpeg(handle, head)
        else:
            return None
    except (struct.error, IndexError, OSError):  # truncated: the fields are not all there
        return None
    return size if size and size[0] > 0 and size[1] > 0 else None


def _webp(head: bytes) -> tuple[int, int] | None:
    """Lossy (VP8 key frame), lossless (VP8L) or extended (VP8X canvas) WebP."""
    chunk = head[12:16]
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and head[20] == 0x2F:
        bits = struct.unpack("<I", head[21:25])[0]
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(head) >= 30:
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return None


class _Bytes:
    """Reads at an offset: from the head already read, else by seeking (bounded by the caller)."""

    def __init__(self, handle, head: bytes):
        self.handle, self.head = handle, head

    def at(self, offset: int, count: int) -> bytes:
        if offset + count <= len(self.head):
            return self.head[offset:offset + count]
        self.handle.seek(offset)
        return self.handle.read(count)


def _jpeg(handle, head: bytes) -> tuple[int, int] | None:
    """Walk the segments to the first SOF (height, width); EXIF orientation 5-8 swaps them,
    as browsers show the image turned."""
    data, offset, turned = _Bytes(handle, head), 2, False
    for _ in range(JPEG_MAX_SEGMENTS):
        marker = data.at(offset, 2)
        if len(marker) < 2 or marker[0] != 0xFF or offset > JPEG_SCAN_LIMIT:
            return None
        if marker[1] == 0xFF:  # fill byte before a marker
            offset += 1
            continue
        if marker[1] in _STANDALONE:
            offset += 2
            continue
        if marker[1] in (0xD9, 0xDA):  # end of image, start of scan: no frame header before it
            return None
        length = struct.unpack(">H", data.at(offset + 2, 2))[0]
        if marker[1] in _SOF:
            height, width = struct.unpack(">HH", data.at(offset + 5, 4))
            return (height, width) if turned else (width, height)
        if marker[1] == 0xE1 and length >= 8:
            turned = turned or _orientation(data.at(offset + 4, length - 2)) in _ROTATED
        offset += 2 + length
    return None


def _orientation(app1: bytes) -> int | None:
    """The EXIF orientation (tag 0x0112 of IFD0) in an APP1 segment's data, if any."""
    if app1[:6] != b"Exif\0\0" or app1[6:8] not in (b"II", b"MM"):
        return None
    tiff, order = app1[6:], "<" if app1[6:8] == b"II" else ">"
    try:
        first = struct.unpack(order + "I", tiff[4:8])[0]
        count = struct.unpack(order + "H", tiff[first:first + 2])[0]
        for index in range(min(count, 512)):
            entry = tiff[first + 2 + 12 * index:first + 14 + 12 * index]
            if struct.unpack(order + "H", entry[:2])[0] == 0x0112:
                return struct.unpack(order + "H", entry[8:10])[0]
    except struct.error:  # a damaged directory: no orientation
        return None
    return None
