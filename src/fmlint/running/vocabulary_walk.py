"""Which files a site's vocabulary is learned from (``running.vocabulary``), and where its root is.

Inside a git work tree, ``git ls-files`` lists them, so what ``.gitignore`` hides (a
build's output, vendored themes) teaches nothing; the listing is bounded in time and
size (a hostile ``.gitignore`` can make git's matcher take minutes), and a failing or
slow git means a plain walk.  Either way hidden folders, ``node_modules`` and the
config's ``exclude`` are skipped and no symbolic link is followed.  (Not
``discovery.walk``: that one also lists what it will check, and reads every folder's
``.gitignore`` itself.)
"""

from __future__ import annotations

import os

MAX_FILES = 50_000  # a larger tree (a home folder?) is learned from its first 50,000 content files
GIT_SECONDS = 10.0  # git ls-files slower than this (a hostile .gitignore) means the plain walk
GIT_MAX_BYTES = 32 << 20
_EXTENSIONS = (".md", ".markdown", ".mdx")
_SKIP = frozenset(("node_modules", "__pycache__"))


def content_files(root: str, exclude: tuple[str, ...] = ()):
    """(path, relative path) of the Markdown files under ``root``, at most ``MAX_FILES``:
    hidden folders, ``node_modules`` and ``exclude`` skipped, no symbolic link followed;
    inside a git work tree, what ``git ls-files`` lists, less what ``.gitignore`` hides."""
    listed = _git_listing(root)
    found = _listed(root, listed, exclude) if listed is not None else _walked(root, exclude)
    for count, item in enumerate(found):
        if count == MAX_FILES:
            return
        yield item


def _walked(root: str, exclude: tuple[str, ...]):
    from fmlint.running.globs import glob_matches

    for current, dirs, files in os.walk(root):
        relative = os.path.relpath(current, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP
                         and not os.path.islink(os.path.join(current, d))
                         and not any(glob_matches(p, prefix + d, descendants=True) for p in exclude))
        for name in sorted(files):
            if name.endswith(_EXTENSIONS) and not any(glob_matches(p, prefix + name) for p in exclude):
                yield os.path.join(current, name), prefix + name


def _listed(root: str, listed: list[str], exclude: tuple[str, ...]):
    """The walk's own rules on git's listing (a listed path through a linked folder is
    refused by ``_stamps``, which takes regular files only, and by the link check here).
    What a file's folder decides (a hidden or skipped step, a link, an excluded folder) is
    worked out once per folder, not once per file in it: the listing is sorted, so the
    files of a folder come together."""
    from fmlint.running.globs import glob_matches

    linked: dict[str, bool] = {}
    folders: dict[str, bool] = {}  # folder (relative, "" for the root) -> are its files kept
    for relative in listed:
        if not relative.endswith(_EXTENSIONS):
            continue
        folder = relative.rpartition("/")[0]
        kept = folders.get(folder)
        if kept is None:
            kept = folders[folder] = _folder_kept(root, folder, exclude, linked)
        if not kept or exclude and any(glob_matches(p, relative) for p in exclude):
            continue
        yield os.path.join(root, *relative.split("/")), relative


def _folder_kept(root: str, folder: str, exclude: tuple[str, ...], linked: dict[str, bool]) -> bool:
    """No step of ``folder`` hidden, skipped, excluded (with what it holds) or a link."""
    from fmlint.running.globs import glob_matches

    if not folder:
        return True
    steps = folder.split("/")
    if any(step.startswith(".") or step in _SKIP for step in steps):
        return False
    prefixes = ["/".join(steps[:depth]) for depth in range(1, len(steps) + 1)]
    if exclude and any(glob_matches(p, d, descendants=True) for p in exclude for d in prefixes):
        return False
    return not any(_is_link(root, prefix, linked) for prefix in prefixes)


def _is_link(root: str, prefix: str, known: dict[str, bool]) -> bool:
    found = known.get(prefix)
    if found is None:
        found = known[prefix] = os.path.islink(os.path.join(root, *prefix.split("/")))
    return found


def _git_listing(root: str) -> list[str] | None:
    """The files under ``root`` that git tracks or would track (``.gitignore`` honoured),
    relative with ``/``; None outside a work tree, or when git fails, takes longer than
    ``GIT_SECONDS`` or lists more than ``GIT_MAX_BYTES``.  ``core.fsmonitor`` is off: a
    repository's config must not run a command."""
    import subprocess
    import threading
    import time

    command = ["git", "-c", "core.fsmonitor=false", "-C", root, "ls-files", "-z", "--cached", "--others",
               "--exclude-standard", "--", "."]
    started = time.monotonic()
    try:
        with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL) as process:
            timer = threading.Timer(GIT_SECONDS, process.kill)
            timer.start()
            try:
                data = process.stdout.read(GIT_MAX_BYTES + 1)
                if len(data) > GIT_MAX_BYTES:
                    process.kill()
                process.wait()
            finally:
                timer.cancel()
    except OSError:
        return None
    if process.returncode != 0 or len(data) > GIT_MAX_BYTES or time.monotonic() - started > GIT_SECONDS:
        return None
    return sorted({os.fsdecode(name) for name in data.split(b"\0") if name})


def repository_root(folder: str) -> str | None:
    """Where a project without a config keeps its content: the git work tree holding
    ``folder`` (the nearest ``.git`` above it); None otherwise.  Not the current folder: a
    file checked from a home folder or /tmp would make fmlint walk all of it."""
    current = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return None
