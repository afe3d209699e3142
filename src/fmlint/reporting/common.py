"""What every output format shares: the source-line lookup, and paths as CI systems want them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import PurePath

SourceLines = Callable[[str, int], str]  # (path, line) -> that line's text


def posix_path(path: str) -> str:
    """The path with forward slashes and without ``./`` or ``a/../`` steps."""
    return PurePath(os.path.normpath(path)).as_posix()
