#!/usr/bin/env python3
"""fmlint against fmlint: two source trees timed side by side (issue 14).

    python3 bench/speed.py --before PATH/src [--after PATH/src] [--repeat 5] [--cases one,twenty,...]

``run.py`` compares fmlint with other tools; this compares two versions of fmlint
(a "before" tree, e.g. ``git archive HEAD src | tar -x -C /tmp/before``, and the working
tree) on the cases issue 14 names: one file, 20 files named on the command line (a
pre-commit run), 2,500 copies of the news articles with ``--jobs 1`` and the default
jobs, a warm re-run of those (cache filled just before), and every distinct file of
``shared/corpus`` (smartable and jekyll-docs, no forced schema).  Each run is a fresh
process (``measure.run_once``: wall, user+sys CPU of the process and its children, peak
RSS of the largest single process).  Rounds are interleaved (before, after, before, ...)
so that load on a busy machine hits both alike, and each round's after/before ratio is
reported beside the medians: a ratio taken within one round holds better under load
than a ratio of medians.  ``--check-jsonschema`` adds check-jsonschema (``run.py``'s
install in ``.work/venv``) on the same front matter to the rounds, and the ratio of its
time to each tree's within each round; ``big`` is 25,000 copies with the default jobs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import cases
import corpus
import measure
import report
import tools

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
SHARED = REPO.parent / "shared" / "corpus"
CASES = ("one", "twenty", "corpus-j1", "corpus", "warm", "distinct", "big")
BIG = 25_000  # files of the "big" case (issue 14: 25,000 files in 3 s)
CHECK_JSONSCHEMA = WORK / "venv" / "bin" / "check-jsonschema"  # installed by tools.py (run.py)
SCHEMA = REPO / tools.SCHEMA
# Cases compared with check-jsonschema's run on the same front matter (as .yaml files).
AGAINST = {"corpus-j1": "cjs", "corpus": "cjs", "big": "cjs-big"}


def fmlint(src: Path, *args: str) -> list[str]:
    """fmlint from ``src`` (``env`` sets PYTHONPATH for the tree; the venv supplies the dependencies)."""
    return ["env", f"PYTHONPATH={src}", sys.executable, "-m", "fmlint", *args]


def cases_for(name: str, tag: str, src: Path, big: Path, files: list[str]) -> measure.Case:
    check = ("check", "--schema", "article")
    cache = big / ".fmlint_cache"
    table = {
        "one": (["--no-cache", files[0]], big, {}),
        "twenty": (["--no-cache", *files[:20]], big, {}),
        "corpus-j1": (["--no-cache", "--jobs", "1", "."], big, {}),
        "corpus": (["--no-cache", "."], big, {}),
        "warm": (["."], big, {"prepare": [["rm", "-rf", str(cache)]], "before_each": [fmlint(src, *check, ".")]}),
        "big": (["--no-cache", "."], WORK / f"corpus-{BIG}", {}),
    }
    if name == "distinct":
        command, cwd, extra = fmlint(src, "check", "--no-cache", "--format", "concise", str(SHARED)), SHARED, {}
    else:
        args, cwd, extra = table[name]
        command = fmlint(src, *check, *args)
    # One untimed run first, so that no timed run compiles the tree's bytecode.
    extra["prepare"] = extra.get("prepare", []) + [command]
    return measure.Case(f"speed-{name}-{tag}", f"{name} ({tag})", [command], cwd, **extra)


def ratios(before: measure.Outcome, after: measure.Outcome, attribute: str) -> list[float]:
    return [getattr(a, attribute) / getattr(b, attribute) for b, a in zip(before.runs, after.runs)
            if getattr(b, attribute) > 0]


def row(name: str, before: measure.Outcome, after: measure.Outcome) -> str:
    def med(outcome: measure.Outcome, attribute: str) -> str:
        value = outcome.median(attribute)
        return f"{value:.3f}" if value is not None else outcome.failure or "—"

    walls, cpus = ratios(before, after, "wall"), ratios(before, after, "cpu")
    spread = f"{min(walls):.2f}–{max(walls):.2f}" if walls else "—"
    return (f"| {name} | {med(before, 'wall')} | {med(after, 'wall')} | {med(before, 'cpu')} | {med(after, 'cpu')} | "
            f"{statistics.median(walls):.2f} ({spread}) | {statistics.median(cpus):.2f} | "
            f"{before.peak_mib() or 0:.0f} / {after.peak_mib() or 0:.0f} |")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the src/ folder of the version to compare with")
    parser.add_argument("--after", type=Path, default=REPO / "src", help="the src/ folder measured (default: this tree)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", type=int, default=2500, help="copies of the news articles (default 2500)")
    parser.add_argument("--cases", default=",".join(CASES), help=f"which cases (default: {','.join(CASES)})")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--check-jsonschema", action="store_true",
                        help="also time check-jsonschema (bench/.work/venv, installed by run.py) in the same rounds")
    return parser.parse_args(argv)


def check_jsonschema_case(name: str, sources: list[Path], size: int) -> measure.Case:
    """check-jsonschema on the same front matter, extracted to ``size`` .yaml files (not timed)."""
    folder = WORK / f"yaml-{size}"
    files = corpus.build_yaml(sources, folder, size)
    case = cases.check_jsonschema_case(_Tools(), folder, files)
    case.key, case.label = f"speed-{name}", f"check-jsonschema, {size:,} files"
    case.prepare = [[str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMA), *map(str, files[:20])]]  # untimed warm-up
    return case


class _Tools:
    """What ``cases.check_jsonschema_case`` reads from ``tools.Tools``."""

    check_jsonschema = str(CHECK_JSONSCHEMA)
    schema = str(SCHEMA)


def versus(name: str, fm: measure.Outcome, cjs: measure.Outcome, attribute: str) -> str:
    """check-jsonschema's time over fmlint's, within each round: the median (min–max)."""
    values = [getattr(c, attribute) / getattr(f, attribute) for f, c in zip(fm.runs, cjs.runs) if getattr(f, attribute) > 0]
    return f"{statistics.median(values):.1f}× ({min(values):.1f}–{max(values):.1f})" if values else "—"


def against_rows(wanted: list[str], outcomes: dict[str, measure.Outcome]) -> list[str]:
    lines = ["", "check-jsonschema's time divided by fmlint's, within each round (median, min–max):", "",
             "| case | check-jsonschema wall s | wall ratio before | wall ratio after | CPU ratio before | CPU ratio after |",
             "|---|--:|--:|--:|--:|--:|"]
    for name in wanted:
        cjs = outcomes.get(AGAINST.get(name, ""))
        if cjs is None or cjs.median("wall") is None:
            continue
        before, after = outcomes[f"{name}-before"], outcomes[f"{name}-after"]
        lines.append(f"| {name} | {cjs.median('wall'):.3f} | {versus(name, before, cjs, 'wall')} | "
                     f"{versus(name, after, cjs, 'wall')} | {versus(name, before, cjs, 'cpu')} | {versus(name, after, cjs, 'cpu')} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sources = corpus.source_files(SHARED / "smartable" / "_news")
    big = WORK / f"corpus-{args.size}"
    names = [str(big / name) for name in corpus.build_markdown(sources, big, args.size)]
    wanted = [name for name in args.cases.split(",") if name in CASES]
    if "big" in wanted:
        corpus.build_markdown(sources, WORK / f"corpus-{BIG}", BIG)
    todo = {f"{name}-{tag}": cases_for(name, tag, src, big, names) for name in wanted
            for tag, src in (("before", args.before.resolve()), ("after", args.after.resolve()))}
    if args.check_jsonschema:
        for name in {AGAINST[each] for each in wanted if each in AGAINST}:
            todo[name] = check_jsonschema_case(name, sources, BIG if name == "cjs-big" else args.size)
    outcomes = dict(zip(todo, measure.measure(list(todo.values()), args.repeat, args.timeout, WORK / "logs", "speed")))
    lines = [f"fmlint before ({args.before}) and after ({args.after}), median of {args.repeat} interleaved rounds; "
             f"{args.size:,} copies of the news articles with `--schema article` (big: {BIG:,}); "
             f"load at the end {report.load()}.", "",
             "| case | wall s before | wall s after | CPU s before | CPU s after | wall after/before per round, median "
             "(min–max) | CPU after/before | peak RSS MiB before / after |", "|---|--:|--:|--:|--:|--:|--:|--:|"]
    for name in wanted:
        lines.append(row(name, outcomes[f"{name}-before"], outcomes[f"{name}-after"]))
    if args.check_jsonschema:
        lines += against_rows(wanted, outcomes)
    text = "\n".join(lines) + "\n"
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
