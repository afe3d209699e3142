"""How often does ``fmlint fix`` restore a broken file exactly?  (issue 17's measurement)

For each defect kind, take up to 30 news articles of ``../shared/corpus/smartable/_news``
that ``fmlint fix`` leaves unchanged, inject one defect into a copy of each (in a
temporary folder), run ``fmlint fix --schema article`` on the copies through the CLI,
and count the files that come back byte for byte as the original.  The clean files
themselves are fixed too: a clean file must come back byte-identical.

    python3 bench/fix_exactness.py                 # this checkout
    python3 bench/fix_exactness.py --src OLD/src   # another checkout's sources (before/after)

Only the standard library; fmlint runs as ``python -m fmlint`` in a subprocess, with
``--src`` put first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "corpus" / "smartable" / "_news"
PER_KIND = 30
TEXT_LINE = re.compile(r"^(title|excerpt): .*$", re.M)


def _sub_once(pattern: str, replacement: str, flags: int = re.M):
    """A defect that rewrites the first match of ``pattern``; None when the file has none."""
    compiled = re.compile(pattern, flags)

    def inject(text: str) -> str | None:
        new = compiled.sub(replacement, text, count=1)
        return None if new == text else new

    return inject


def _in_text_line(old: str, new: str):
    """Replace the first ``old`` inside a title or excerpt line by ``new``."""
    def inject(text: str) -> str | None:
        for line in TEXT_LINE.finditer(text):
            index = text.find(old, line.start(), line.end())
            if index >= 0:
                return text[:index] + new + text[index + len(old):]
        return None

    return inject


def _zero_width(text: str) -> str | None:
    """A zero-width space before the first space of the title's value."""
    line = re.search(r"^title: \S+( )", text, re.M)
    return None if line is None else text[:line.start(1)] + "\u200b" + text[line.start(1):]


def _dropped_apostrophe(text: str) -> str | None:
    for line in TEXT_LINE.finditer(text):
        found = re.compile(r"\b(do|does|did|is|are|was|can|wo|could|would|should)n[’'](t)\b").search(
            text, line.start(), line.end())
        if found:
            return text[:found.start(2) - 1] + text[found.start(2):]
    return None


def _mixed_line_ending(text: str) -> str | None:
    index = text.find("\n", text.find("\n") + 1)  # the second line's end
    return None if index < 0 or "\r" in text else text[:index] + "\r" + text[index:]


# kind -> (inject, unsafe?)
DEFECTS = {
    "quoted-integer (quality: \"137\")": (_sub_once(r"^quality: (\d+)$", r'quality: "\1"'), False),
    "quoted-boolean (published: \"true\")": (_sub_once(r"^published: (true|false)$", r'published: "\1"'), False),
    "yaml11-boolean (published: yes)": (_sub_once(r"^published: true$", "published: yes"), False),
    "image-size-text (width: \"1280\")": (_sub_once(r"^(\s+)width: (\d+)$", r'\1width: "\2"'), False),
    "c1-control (U+0092 for ’)": (_in_text_line("’", "\u0092"), False),
    "mojibake (â€™ for ’)": (_in_text_line("’", "â€™"), False),
    "html-entity (&#8217; for ’)": (_in_text_line("’", "&#8217;"), False),
    "html-entity (&amp; for &)": (_in_text_line("&", "&amp;"), False),
    "zero-width space": (_zero_width, False),
    "bom": (lambda text: "\ufeff" + text, False),
    "mixed line endings": (_mixed_line_ending, False),
    "dropped apostrophe (dont)": (_dropped_apostrophe, False),
    "key typo (tittle:, unsafe)": (_sub_once(r"^title:", "tittle:"), True),
}


def fmlint(src: str | None, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "fmlint", *args], capture_output=True, text=True, env=env)


def fix_folder(src: str | None, folder: Path, unsafe: bool) -> None:
    extra = ("--unsafe-fixes",) if unsafe else ()
    result = fmlint(src, "fix", "--schema", "article", *extra, str(folder))
    if result.returncode == 2 and "internal error" in result.stderr:
        raise SystemExit(f"fmlint failed on {folder}:\n{result.stderr[-2000:]}")


def clean_files(src: str | None, work: Path, unsafe: bool = False) -> tuple[list[Path], int, int]:
    """The news files ``fmlint fix`` leaves as they are, and (files, changed) over all of them."""
    folder = work / f"clean{'-unsafe' * unsafe}"
    folder.mkdir()
    for path in NEWS.glob("*.md"):
        shutil.copyfile(path, folder / path.name)  # not the mode: the shared corpus is read-only
    fix_folder(src, folder, unsafe)
    originals = sorted(NEWS.glob("*.md"))
    kept = [path for path in originals if (folder / path.name).read_bytes() == path.read_bytes()]
    return kept, len(originals), len(originals) - len(kept)


def measure(src: str | None, work: Path, clean: dict[bool, list[Path]]) -> list[tuple[str, int, int]]:
    """(kind, injected, restored exactly) for each defect kind (on files clean for its fix mode)."""
    rows = []
    for number, (kind, (inject, unsafe)) in enumerate(DEFECTS.items()):
        folder = work / f"kind{number}"
        folder.mkdir()
        originals = {}
        for path in clean[unsafe]:
            text = path.read_bytes().decode("utf-8")
            broken = inject(text)
            if broken is None:
                continue
            (folder / path.name).write_bytes(broken.encode("utf-8"))
            originals[path.name] = path.read_bytes()
            if len(originals) == PER_KIND:
                break
        fix_folder(src, folder, unsafe)
        restored = sum((folder / name).read_bytes() == data for name, data in originals.items())
        rows.append((kind, len(originals), restored))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", help="put this folder first on PYTHONPATH (another checkout's src/)")
    args = parser.parse_args()
    if not NEWS.is_dir():
        raise SystemExit(f"{NEWS} is not present")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        clean, total, changed = clean_files(args.src, work)
        clean_unsafe, _, changed_unsafe = clean_files(args.src, work, unsafe=True)
        rows = measure(args.src, work, {False: clean, True: clean_unsafe})
    print(f"news files: {total}; changed by `fmlint fix --schema article` (real defects): {changed} "
          f"({changed_unsafe} with --unsafe-fixes); the others are the clean files defects go into\n")
    print(f"| defect | injected | restored exactly |\n|---|---:|---:|")
    for kind, injected, restored in rows:
        print(f"| {kind} | {injected} | {restored} ({100 * restored // max(injected, 1)}%) |")
    injected = sum(row[1] for row in rows)
    restored = sum(row[2] for row in rows)
    print(f"| **all** | {injected} | {restored} ({100 * restored // max(injected, 1)}%) |")


if __name__ == "__main__":
    main()
