"""Building the benchmark's inputs from the shared news corpus (not timed).

* ``corpus-N/``: N Markdown files, copies of the sources taken round-robin, with
  distinct names (``d003/003141-<source name>.md``), at most 1000 per sub-folder,
  and an empty ``.fmlint.toml`` so fmlint uses its defaults (all rules) whatever
  config lies above, and keeps its cache in ``corpus-N/.fmlint_cache``.
* ``yaml-N/``: the front matter of the same N files, one ``.yaml`` file each
  (``d003/003141.yaml``), for check-jsonschema.
* ``check/``: the sources plus one deliberately broken copy, in both forms, to
  show that every tool really validates before anything is timed.

A folder is rebuilt only when its stamp does not match the sources and N.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

FOLDER_SIZE = 1000
STAMP = ".bench-complete.json"
LAYOUT = 1  # bump when the names or contents built here change
FMLINT_CONFIG = "# Benchmark corpus: fmlint's defaults (all rules); stops config discovery here.\n"
BROKEN = "broken-copy"  # file stem of the broken sample in check/
_FENCE = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.S | re.M)


def source_files(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".md", ".markdown"))
    if not files:
        raise SystemExit(f"bench: no Markdown files in {folder}")
    return files


def front_matter(data: bytes) -> bytes:
    """The YAML between the opening ``---`` and the closing ``---``/``...`` (line endings kept)."""
    match = _FENCE.match(data)
    if match is None:
        raise ValueError("no YAML front matter")
    return match.group(1)


def _fingerprint(sources: list[Path], n: int, kind: str) -> dict:
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.name.encode() + b"\0" + str(path.stat().st_size).encode() + b"\0")
    return {"layout": LAYOUT, "kind": kind, "n": n, "sources": digest.hexdigest()}


def _fresh(dest: Path, wanted: dict) -> bool:
    """True when ``dest`` already holds exactly what is wanted; otherwise empties it."""
    try:
        if json.loads((dest / STAMP).read_text("utf-8")) == wanted:
            return True
    except (OSError, ValueError):
        pass
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    return False


def _slot(index: int) -> Path:
    return Path(f"d{index // FOLDER_SIZE:03d}")


def markdown_names(sources: list[Path], n: int) -> list[Path]:
    """Relative paths of the N Markdown copies, in order."""
    return [_slot(i) / f"{i:06d}-{sources[i % len(sources)].name}" for i in range(n)]


def yaml_names(n: int) -> list[Path]:
    return [_slot(i) / f"{i:06d}.yaml" for i in range(n)]


def build_markdown(sources: list[Path], dest: Path, n: int) -> list[Path]:
    wanted = _fingerprint(sources, n, "markdown")
    names = markdown_names(sources, n)
    if not _fresh(dest, wanted):
        contents = [path.read_bytes() for path in sources]
        for index, name in enumerate(names):
            _write(dest / name, contents[index % len(contents)])
        (dest / ".fmlint.toml").write_text(FMLINT_CONFIG, "utf-8")
        (dest / STAMP).write_text(json.dumps(wanted), "utf-8")
    return names


def build_yaml(sources: list[Path], dest: Path, n: int) -> list[Path]:
    wanted = _fingerprint(sources, n, "yaml")
    names = yaml_names(n)
    if not _fresh(dest, wanted):
        contents = [front_matter(path.read_bytes()) for path in sources]
        for index, name in enumerate(names):
            _write(dest / name, contents[index % len(contents)])
        (dest / STAMP).write_text(json.dumps(wanted), "utf-8")
    return names


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def break_article(data: bytes) -> bytes:
    """A copy with three schema errors: no ``title``, ``quality`` not an integer, an impossible date."""
    broken, removed = re.subn(rb"^title:[^\r\n]*\r?\n", b"", data, count=1, flags=re.M)
    broken, typed = re.subn(rb"^quality:[^\r\n]*", b"quality: high", broken, count=1, flags=re.M)
    broken, dated = re.subn(rb"^publishedDateTime:[^\r\n]*", b"publishedDateTime: 2020-13-45T09:57:00Z",
                            broken, count=1, flags=re.M)
    if not (removed and typed and dated):
        raise ValueError("the sample lacks title, quality or publishedDateTime")
    return broken


def build_check(sources: list[Path], dest: Path) -> tuple[Path, Path]:
    """check/md and check/yaml: every source as is, plus the broken copy of the first one."""
    wanted = _fingerprint(sources, len(sources), "check")
    md, yaml = dest / "md", dest / "yaml"
    if not _fresh(dest, wanted):
        for path in sources:
            data = path.read_bytes()
            _write(md / path.name, data)
            _write(yaml / (path.stem + ".yaml"), front_matter(data))
        sample = next(path for path in sources if b"\nquality:" in path.read_bytes())
        broken = break_article(sample.read_bytes())
        _write(md / f"{BROKEN}.md", broken)
        _write(yaml / f"{BROKEN}.yaml", front_matter(broken))
        (md / ".fmlint.toml").write_text(FMLINT_CONFIG, "utf-8")
        (dest / STAMP).write_text(json.dumps(wanted), "utf-8")
    return md, yaml
