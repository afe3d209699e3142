"""Finding content files: walk folders, honour ``.gitignore`` and excludes, stay inside the tree.

Files named on the command line are always checked (pre-commit passes exactly the
files it wants).  Inside a git work tree, every file git tracks is checked too (a
tracked file is never ignored, whatever a nested ``.gitignore`` says).  Folders are walked for ``.md``, ``.markdown`` and ``.mdx``,
skipping hidden folders, ``node_modules``, paths ignored by the ``.gitignore`` files
met on the way, and ``--exclude`` globs.  Symbolic links are not followed out of
the folder being walked (and links to folders are not walked at all, so a link loop
cannot trap the walk).  A folder that cannot be listed is yielded itself, so that
reading it fails and is reported (FM001) instead of its files being skipped silently.

The ``.gitignore`` matcher is ours (about fifty lines) rather than ``pathspec``:
importing pathspec costs ~30 ms, which a pre-commit hook would pay on every run.
It implements what content repositories use: comments, negation, anchored and
floating patterns, ``**``, directory-only patterns.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from fmlint.reading.files import read_small
from fmlint.running.config import glob_match
from fmlint.running.globs import glob_matches

EXTENSIONS = (".md", ".markdown", ".mdx")
SKIP_DIRS = {"node_modules", "__pycache__"}
MAX_GITIGNORE_BYTES = 1024 * 1024


# A NamedTuple, not a dataclass: creating a dataclass costs ~1 ms at import, on every run.
class _Pattern(NamedTuple):
    glob: str  # matched by ``globs.glob_matches``: no backtracking blow-up
    floating: bool  # no "/" in the pattern: it matches at any depth
    negate: bool
    dir_only: bool
    base: str  # folder of the .gitignore, relative to the walk root ("" for the root)


class NotFound(Exception):
    """A path given on the command line does not exist."""


def discover(paths: Iterable[str], exclude: tuple[str, ...] = ()) -> Iterator[str]:
    for given in paths:
        if os.path.isdir(given):
            yield from walk(given, exclude)
        elif os.path.lexists(given):
            yield given
        else:
            raise NotFound(f"{given}: no such file or directory")


def walk(folder: str, exclude: tuple[str, ...] = ()) -> Iterator[str]:
    """The content files under ``folder``: our walk, plus inside a git work tree every tracked file."""
    walked = set()
    for path in _walk(folder, exclude):
        walked.add(path)
        yield path
    tracked = _git_tracked(folder)
    if not tracked:
        return
    root_real = os.path.realpath(folder)
    for relative in tracked:
        steps = relative.split("/")
        if not relative.endswith(EXTENSIONS) or not _kept_in_listing(steps, exclude):
            continue
        full = os.path.normpath(os.path.join(folder, *steps)) if folder != "." else os.path.join(*steps)
        if full in walked or (os.path.islink(full) and not _inside(os.path.realpath(full), root_real)):
            continue  # already yielded, or a link out of the tree
        if os.path.lexists(full):  # a tracked file deleted from the work tree is not there to check
            yield full


def _kept_in_listing(steps: list[str], exclude: tuple[str, ...]) -> bool:
    """The walk's own rules on a listed path: no hidden or skipped folder, nothing excluded."""
    for depth, name in enumerate(steps[:-1]):
        if name.startswith(".") or name in SKIP_DIRS or _excluded("/".join(steps[:depth + 1]), exclude):
            return False
    return not _excluded("/".join(steps), exclude)


def _git_tracked(folder: str) -> list[str] | None:
    """Paths under ``folder`` (relative, with ``/``) that git tracks; None outside a work tree.

    A tracked file is never ignored: a nested ``.gitignore`` naming ``evil.md`` beside a
    force-added ``evil.md`` must not hide it from CI while the site still builds it.
    Only the index is listed (no ignore rules: git's own matcher takes minutes on some
    hostile globs), ``core.fsmonitor`` is off (a repository's config must not run a
    command), and a slow or failing git means our walk alone.
    """
    import subprocess

    command = ["git", "-c", "core.fsmonitor=false", "-C", folder, "ls-files", "-z", "--cached", "--", "."]
    try:
        result = subprocess.run(command, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return sorted({os.fsdecode(name) for name in result.stdout.split(b"\0") if name})


def _walk(folder: str, exclude: tuple[str, ...] = ()) -> Iterator[str]:
    root_real = os.path.realpath(folder)
    patterns: list[_Pattern] = []
    unlisted: list[OSError] = []
    for current, dirs, files in os.walk(folder, onerror=unlisted.append):
        yield from _drain(unlisted)
        relative = os.path.relpath(current, folder).replace(os.sep, "/")
        relative = "" if relative == "." else relative
        patterns = [p for p in patterns if relative.startswith(p.base)] + _read_gitignore(current, relative)
        dirs[:] = sorted(d for d in dirs if _keep_dir(d, _join(relative, d), patterns, exclude))
        base = os.path.normpath(current)
        links = _links(current)
        for name in sorted(files):
            path_rel = _join(relative, name)
            if not name.endswith(EXTENSIONS) or _ignored(path_rel, False, patterns) or _excluded(path_rel, exclude):
                continue
            full = name if base == "." else os.path.join(base, name)
            if name in links and not _inside(os.path.realpath(full), root_real):
                continue  # a link out of the tree
            yield full
    yield from _drain(unlisted)


def _links(folder: str) -> set[str]:
    """Names of the symbolic links in ``folder``, from the directory listing (no stat per file)."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name for entry in entries if entry.is_symlink()}
    except OSError:
        return set()


def _drain(errors: list[OSError]) -> Iterator[str]:
    """The folders ``os.walk`` could not list (it reports them before moving on)."""
    while errors:
        error = errors.pop(0)
        if error.filename is not None:
            yield os.path.normpath(os.fsdecode(error.filename))


def _join(relative: str, name: str) -> str:
    return f"{relative}/{name}" if relative else name


def _keep_dir(name: str, relative: str, patterns: list[_Pattern], exclude: tuple[str, ...]) -> bool:
    return not (name.startswith(".") or name in SKIP_DIRS or _ignored(relative, True, patterns)
                or _excluded(relative, exclude))


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _excluded(relative: str, exclude: tuple[str, ...]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(glob_match(p.rstrip("/"), relative) or glob_match(p.rstrip("/"), name) for p in exclude)


def _ignored(relative: str, is_dir: bool, patterns: list[_Pattern]) -> bool:
    """The last matching pattern decides, as in git."""
    ignored = False
    for pattern in patterns:
        if pattern.dir_only and not is_dir:
            continue
        inner = relative[len(pattern.base) + 1:] if pattern.base else relative
        if glob_matches(pattern.glob, inner, pattern.floating, descendants=True):
            ignored = not pattern.negate
    return ignored


def _read_gitignore(folder: str, relative: str) -> list[_Pattern]:
    try:  # a regular file of bounded size: a link to /dev/zero or a FIFO is no .gitignore
        lines = read_small(os.path.join(folder, ".gitignore"), MAX_GITIGNORE_BYTES).decode("utf-8", "replace").splitlines()
    except OSError:
        return []
    return [pattern for line in lines if (pattern := _compile(line, relative)) is not None]


def _compile(line: str, base: str) -> _Pattern | None:
    line = line.rstrip() if not line.endswith("\\ ") else line
    if not line or line.startswith("#"):
        return None
    negate = line.startswith("!")
    line = line[1:] if negate else line.removeprefix("\\")
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    anchored = "/" in line
    return _Pattern(line.lstrip("/"), not anchored, negate, dir_only, base)
