"""What every output format shares: the source-line lookup, and paths as CI systems want them."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import PurePath

from fmlint.model.patterns import Lazy

SourceLines = Callable[[str, int], str]  # (path, line) -> that line's text


def posix_path(path: str) -> str:
    """The path with forward slashes and without ``./`` or ``a/../`` steps."""
    return PurePath(os.path.normpath(path)).as_posix()


# Characters a terminal or a CI log acts on: C0 (but tab), DEL, C1, line and paragraph
# separators, bidirectional controls (Trojan Source), and the lone surrogates that stand
# for the bytes of a file name that is not UTF-8.
_CONTROL = Lazy("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                      "\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return {0x0A: "\\n", 0x0D: "\\r"}.get(code) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str, keep: str = "") -> str:
    """``text`` with every control character written as an escape (``\\n``, ``\\x1b``, ``\\u202e``).

    File names and messages come from the repository: a key holding
    ``"\\n::error file=README.md::"`` must not become a GitHub workflow command in a CI log,
    nor an ESC or OSC sequence reach the terminal (OSC 52 writes the clipboard).
    Every human-readable output passes names and messages through this; ``keep`` names
    characters a format encodes itself (GitHub's ``%0A``).
    """
    if keep:
        return _CONTROL.sub(lambda match: match.group() if match.group() in keep else _escape(match), text)
    return _CONTROL.sub(_escape, text)


def printable_excerpt(text: str) -> str:
    """A source line for display: each control character becomes one U+FFFD, so columns still line up."""
    return _CONTROL.sub("\ufffd", text.replace("\t", " ").replace("\ufeff", " "))
