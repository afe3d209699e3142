"""What the dropped-apostrophe rules (FM606, FM610-FM613) cost, measured.

    python bench/apostrophes.py [--out bench/apostrophes-results.md]

* the rules' time per file, in process, on the 192 real news articles repeated to
  2,500 files: without the repository's vocabulary, with it, and FM613 alone;
* the English table (``rules/text/english_table``, CC-BY-SA data) and the word-class
  table (``rules/text/word_class_table``, from the MIT brill lexicon) with the learned
  weights: import time, first-lookup time and memory, in a fresh process;
* the repository's vocabulary: learning 2,500 files cold and from its cache, and its
  cache file's size;
* one file as pre-commit runs it (``fmlint check FILE``, the file changed before each run,
  in a fresh process, in a 2,500-file repository), with the vocabulary (its cache warm),
  with ``vocabulary = false`` and with ``--no-cache`` (interleaved, median of 9);
* a file with no candidate word: neither the table nor the vocabulary is loaded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

NEWS = ROOT.parent / "shared" / "corpus" / "smartable" / "_news"
CODES = ("FM606", "FM610", "FM611", "FM612", "FM613")
FILES = 2500


def make_site(folder: Path, files: int = FILES) -> list[Path]:
    sources = sorted(NEWS.glob("*.md"))
    made = []
    for index in range(files):
        target = folder / f"part{index // 1000}" / f"{index:05d}-{sources[index % len(sources)].name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sources[index % len(sources)], target)
        made.append(target)
    return made


def rules_per_file(paths: list[Path], root: Path) -> dict[str, float]:
    """Milliseconds per file for the apostrophe rules, in process (reading included once)."""
    from fmlint.rules import catalog
    from fmlint.rules.engine import Settings, lint_bytes
    from fmlint.running.vocabulary import RepositoryVocabulary

    data = [(p.read_bytes(), str(p)) for p in paths]
    vocabulary = RepositoryVocabulary(str(root))
    vocabulary.learned  # noqa: B018 - learned once, as a run does
    cases = {"read + parse only (no rule)": (), "FM606, FM610-FM612": CODES[:-1], "FM613": ("FM613",),
             "all five, no vocabulary": CODES, "all five, with the vocabulary": CODES}
    out = {}
    for name, codes in cases.items():
        options = {"html_fields": ("featuredContent",)}
        if name.endswith("with the vocabulary"):
            options["vocabulary"] = vocabulary
        settings = Settings(tuple(catalog.select(codes)) if codes else (), None, options)
        lint_bytes(*data[0], settings)  # warm: the table and regexes load once per process
        started = time.perf_counter()
        for raw, path in data:
            lint_bytes(raw, path, settings)
        out[name] = (time.perf_counter() - started) * 1000 / len(data)
    return out


def fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")}).stdout.strip()


# A table's cost in a fresh process: import, first lookup, a later one, memory held.
TABLE_COST = """
import resource, sys, time, tracemalloc
import fmlint.rules.text.glitch_tables  # what every glitch rule imports anyway
t0 = time.perf_counter()
from fmlint.rules.text import {module} as lookup
{extra}
t1 = time.perf_counter()
lookup.{function}('{first}')
t2 = time.perf_counter()
lookup.{function}('{second}')
t3 = time.perf_counter()
lookup._table.cache_clear()
sys.modules.pop('fmlint.rules.text.{table}')
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
lookup.{function}.cache_clear()
lookup.{function}('{first}')
current, peak = tracemalloc.get_traced_memory()
print(f"{{(t1-t0)*1000:.1f}} {{(t2-t1)*1000:.1f}} {{(t3-t2)*1000000:.1f}} {{current/1e6:.1f}} {{peak/1e6:.1f}} {{rss/1e3:.1f}}")
"""
ENGLISH_COST = TABLE_COST.format(module="english", extra="", function="frequencies", first="microsoft", second="tech",
                                 table="english_table")
CLASS_COST = TABLE_COST.format(module="word_classes", extra="import fmlint.rules.text.possessive_model",
                               function="classes", first="tech", second="lucrative", table="word_class_table")

NO_CANDIDATE = """
import sys
from fmlint.rules import catalog
from fmlint.rules.engine import Settings, lint_bytes
class Watch(str):
    touched = False
    @property
    def learned(self):
        Watch.touched = True
        raise AssertionError("learned")
settings = Settings(tuple(catalog.select(("FM6",))), None, {"vocabulary": Watch("x")})
text = b"---\\ntitle: A clean title with no candidate word\\nexcerpt: It is what it is, and we like it.\\n---\\nBody.\\n"
lint_bytes(text, "a.md", settings)
print("english_table" in " ".join(sys.modules), Watch.touched, "word_class_table" in " ".join(sys.modules))
"""


def linear(sizes=(20000, 40000, 80000)) -> list[str]:
    """Seconds for FM6 on hostile bodies of growing size: each doubling should double the time."""
    from fmlint.rules import catalog
    from fmlint.rules.engine import Settings, lint_bytes

    settings = Settings(tuple(catalog.select(("FM6",))), None, {"check_body": True})
    bodies = {"users users ...": "users ", "Clearviews tech ...": "Clearviews tech ", "a`b` ...": "a`b` "}
    rows = []
    for name, unit in bodies.items():
        cells = []
        for size in sizes:
            text = ("---\ntitle: x y\n---\n" + unit * size + "\n").encode("utf-8")
            started = time.perf_counter()
            lint_bytes(text, "x.md", settings)
            cells.append(f"{time.perf_counter() - started:.2f}")
        rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return rows


def learning(root: Path) -> dict[str, float]:
    from fmlint.running.vocabulary import learn_repository

    folder = root / ".fmlint_cache"
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    learn_repository(str(root))
    cold = time.perf_counter() - started
    started = time.perf_counter()
    learned = learn_repository(str(root))
    warm = time.perf_counter() - started
    edited = next(root.rglob("*.md"))
    edited.write_text(edited.read_text("utf-8") + "\nContoso’s new tools.\n", "utf-8")
    started = time.perf_counter()
    learn_repository(str(root))
    after_edit = time.perf_counter() - started
    (folder / "vocabulary-summary.json").unlink()
    started = time.perf_counter()
    learn_repository(str(root))
    per_file = time.perf_counter() - started
    size = sum(path.stat().st_size for path in folder.glob("vocabulary*.json"))
    return {"cold": cold * 1000, "warm": warm * 1000, "per-file": per_file * 1000, "edit": after_edit * 1000, "cache KB": size / 1024,
            "files": learned.files, "stems": len(learned.possessive)}


def pre_commit(root: Path, path: Path, configs: dict[str, tuple[str, tuple]], rounds: int = 9) -> dict[str, float]:
    """Median wall time of one-file runs per (config, extra arguments), interleaved (the
    machine is shared).  The file changes before each run, as a commit's file does, so the
    result cache never answers it; the vocabulary's cache does, unless ``--no-cache``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    times = {name: [] for name in configs}
    original = path.read_text("utf-8")
    for round_ in range(rounds + 1):
        for name, (config, extra) in configs.items():
            (root / ".fmlint.toml").write_text(config, "utf-8")
            path.write_text(original + "\n" * (round_ % 2 + 1), "utf-8")
            command = [sys.executable, "-m", "fmlint", "check", *extra, "--select", ",".join(CODES), str(path)]
            started = time.perf_counter()
            subprocess.run(command, cwd=root, capture_output=True, env=env)
            if round_:  # the first round warms the caches
                times[name].append(time.perf_counter() - started)
    path.write_text(original, "utf-8")
    return {name: statistics.median(found) * 1000 for name, found in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "bench" / "apostrophes-results.md"))
    args = parser.parse_args()
    if not NEWS.exists():
        sys.exit(f"{NEWS} is not present")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = make_site(root)
        per_file = rules_per_file(paths, root)
        learned = learning(root)
        import_ms, first_ms, next_us, current_mb, peak_mb, rss_mb = fresh(ENGLISH_COST).split()
        table_kb = (ROOT / "src" / "fmlint" / "rules" / "text" / "english_table.py").stat().st_size / 1024
        classes = fresh(CLASS_COST).split()
        classes_kb = (ROOT / "src" / "fmlint" / "rules" / "text" / "word_class_table.py").stat().st_size / 1024
        runs = pre_commit(root, paths[0], {"with": ("", ()), "without": ("vocabulary = false\n", ()),
                                           "no-cache": ("", ("--no-cache",))})
        with_vocabulary, without = runs["with"], runs["without"]
        table_loaded, vocabulary_touched, classes_loaded = fresh(NO_CANDIDATE).split()
    lines = ["# The apostrophe rules' cost", "", f"Made by `bench/apostrophes.py` on {FILES} copies of the news articles.",
             "", "| rules, in process | ms per file |", "|---|---|"]
    lines += [f"| {name} | {ms:.2f} |" for name, ms in per_file.items()]
    lines += ["", "| English table (fresh process) | |", "|---|---|",
              f"| module size (base64 of gzip) | {table_kb:.0f} KB |",
              f"| import of `rules.text.english` | {import_ms} ms |", f"| first lookup (decompress; search) | {first_ms} ms |",
              f"| each later lookup | {next_us} µs |", f"| memory held (tracemalloc) | {current_mb} MB (peak {peak_mb}) |",
              f"| max RSS of that process | {rss_mb} MB |",
              "", "| word-class table and learned weights (fresh process) | |", "|---|---|",
              f"| module size (base64 of gzip) | {classes_kb:.0f} KB |",
              f"| import of `rules.text.word_classes` and `possessive_model` (weights) | {classes[0]} ms |",
              f"| first lookup (decompress; search) | {classes[1]} ms |", f"| each later lookup | {classes[2]} µs |",
              f"| memory held (tracemalloc) | {classes[3]} MB (peak {classes[4]}) |",
              "", "| repository vocabulary | |", "|---|---|",
              f"| learning {learned['files']} files, cold | {learned['cold']:.0f} ms |",
              f"| the same from the cache (every file re-stat-ed, the summary read) | {learned['warm']:.0f} ms |",
              f"| after one file's edit (the summary updated, both caches written) | {learned['edit']:.0f} ms |",
              f"| without the summary (every per-file entry proven) | {learned['per-file']:.0f} ms |",
              f"| cache files | {learned['cache KB']:.0f} KB ({learned['stems']} possessive stems) |",
              "", "| one file, as pre-commit runs it (median of 9, interleaved) | wall ms |", "|---|---|",
              f"| with the vocabulary (its cache warm) | {with_vocabulary:.0f} |",
              f"| `vocabulary = false` | {without:.0f} |",
              f"| `--no-cache` (the vocabulary learned afresh from 2,500 files) | {runs['no-cache']:.0f} |",
              "", "| hostile body (FM6, check-body), seconds | 20,000 | 40,000 | 80,000 repeats |",
              "|---|---|---|---|", *linear(),
              "", f"A file with no candidate word: English table loaded: {table_loaded}; word-class table loaded: "
              f"{classes_loaded}; vocabulary asked: {vocabulary_touched}.", ""]
    text = "\n".join(lines)
    Path(args.out).write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
