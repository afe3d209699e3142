"""Checking many files: the cache first, then worker processes for what is left.

One file (the pre-commit case) is checked in-process: starting workers would cost
more than the check.  Above ``PARALLEL_THRESHOLD`` files, a pool of processes (one
per core by default) checks the files the cache could not answer; each worker
builds its own ``Planner`` from the run options, reads, hashes and lints a file,
and sends back the diagnostics and what the cache needs.  Output order does not
depend on the pool: the caller sorts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

from fmlint.model import Diagnostic
from fmlint.reading.document import MAX_BYTES
from fmlint.reading.files import read_file
from fmlint.rules.engine import lint_bytes, lint_path, recording_reads

PARALLEL_THRESHOLD = 64
CHUNK_MAX = 48  # files per worker task at most (see ``_chunk_size``)
PROGRESS_THRESHOLD = 300  # files: a progress bar for short runs is noise
_worker_planner: Any = None


def check_files(files: Sequence[str], planner: Any, jobs: int | None, use_cache: bool,
                progress: bool) -> Iterator[Diagnostic]:
    cache = _open_cache(planner, files) if use_cache else None
    prints: dict[int, str] = {}
    todo: list[tuple[str, str | None, str]] = []
    for path in files:
        if cache is None:  # the worker resolves the file's settings; nothing to look up here
            todo.append((path, None, ""))
            continue
        settings = planner.settings_for(path)
        fp = prints.get(id(settings)) or prints.setdefault(id(settings), _fingerprint(settings))
        hit = _cached(cache, path, fp)
        if hit is not None:
            yield from hit
        else:
            todo.append((path, cache.known_hash(path, fp), fp))
    for path, result in _run(todo, planner, jobs, progress):
        kind, stat, digest, fp, diagnostics, inputs = result
        if cache is not None and kind == "hit":
            diagnostics = cache.refresh(path, stat)
        elif cache is not None and stat is not None:
            cache.store(path, stat, digest, fp, diagnostics, inputs)
        yield from diagnostics
    if cache is not None:
        cache.save()


def _cached(cache: Any, path: str, fp: str) -> list[Diagnostic] | None:
    if cache is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return cache.lookup_stat(path, stat, fp)


def _open_cache(planner: Any, files: Sequence[str]) -> Any:
    """The ``Cache`` in ``.fmlint_cache`` beside the config that applies to the checked files, else in
    the working folder.  Imported here: a ``--no-cache`` run (a pre-commit hook) never loads it."""
    from fmlint.running.cache import CACHE_DIR, Cache

    config = planner.config_for(files[0]) if files else planner.config_for(".", folder=True)
    root = str(config.root) if config.root is not None else os.getcwd()
    return Cache(os.path.join(root, CACHE_DIR))


def _run(todo: list, planner: Any, jobs: int | None, progress: bool) -> Iterator[tuple[str, tuple]]:
    jobs = min(jobs or _cores(), _cores())  # more workers than cores only cost (10x at -j 64 on 2)
    bar = _progress_bar(len(todo)) if progress and len(todo) >= PROGRESS_THRESHOLD else None
    if jobs <= 1 or len(todo) < PARALLEL_THRESHOLD:
        for task in todo:
            yield task[0], _check(planner, task)
            bar and bar.update(1)
    else:
        import multiprocessing

        global _worker_planner
        fork = hasattr(os, "fork")
        # Warm up before forking: the first file, checked here, imports the rules and builds
        # the validator, and forked workers inherit them and the planner (issue 14).
        yield todo[0][0], _check(planner, todo[0])
        bar and bar.update(1)
        _worker_planner = planner if fork else None
        context = multiprocessing.get_context("fork" if fork else "spawn")
        with context.Pool(jobs, initializer=_init_worker, initargs=(None if fork else planner.options,)) as pool:
            rest = todo[1:]
            for path, result in pool.imap_unordered(_work, rest, chunksize=_chunk_size(len(rest), jobs)):
                yield path, result
                bar and bar.update(1)
    if bar is not None:
        bar.render_finish()


def _chunk_size(files: int, jobs: int) -> int:
    """Files per task sent to a worker: enough to amortise the pipe (a file is ~1 ms), few enough
    that the workers end together (a last task of 256 files can keep one core busy alone)."""
    return max(1, min(CHUNK_MAX, files // (jobs * 16)))


def _cores() -> int:
    """The cores this process may run on (its affinity, e.g. a CI container's share)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _init_worker(options: Any) -> None:
    """A worker: Ctrl-C and SIGTERM are the main process's to handle (no traceback per worker)."""
    global _worker_planner
    import signal

    from fmlint.running.planner import Planner

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):  # the pool ends its workers with SIGTERM: not the CLI's handler's business
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    if options is not None:  # spawned: nothing inherited; forked: the parent's warm planner is kept
        _worker_planner = Planner(options)


def _work(task: tuple) -> tuple[str, tuple]:
    return task[0], _check(_worker_planner, task)


def _check(planner: Any, task: tuple) -> tuple:
    """(kind, stat, digest, fingerprint, diagnostics, inputs) for one file; kind "hit" reuses the cached
    result; ``inputs`` are the stamps of the other files (images) the result depends on."""
    path, known, fp = task
    settings = planner.settings_for(path)
    try:
        data, stat = read_file(path)
    except OSError:
        return "new", None, None, fp, lint_path(path, settings), ()
    digest = _content_hash(data) if fp else None  # fp is "" when no cache is used: nothing to key
    stat_key = (stat.st_mtime_ns, stat.st_size)
    if known is not None and known == digest:
        return "hit", stat_key, digest, fp, [], ()
    if len(data) > MAX_BYTES:  # only the start was read: the report gives the real size
        return "new", stat_key, digest, fp, lint_bytes(data, path, settings, size=stat.st_size), ()
    with recording_reads() as reads:  # the local images the rules looked up: the entry is keyed by them too
        diagnostics = lint_bytes(data, path, settings)
    cacheable = b"$schema" not in data  # results then depend on another file
    return "new", stat_key if cacheable else None, digest, fp, diagnostics, _input_stamps(reads) if fp else ()


def _fingerprint(settings: Any) -> str:
    from fmlint.running.cache import fingerprint  # only a run with the cache keys its results

    return fingerprint(settings)


def _content_hash(data: bytes) -> str:
    from fmlint.running.cache import content_hash

    return content_hash(data)


def _input_stamps(paths: list[str]) -> list:
    from fmlint.running.cache import input_stamps

    return input_stamps(paths)


def _progress_bar(total: int):
    import click

    return click.progressbar(length=total, label="Checking", show_pos=True, show_eta=True,
                             file=click.get_text_stream("stderr"))
