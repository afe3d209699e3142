#!/usr/bin/env python3
"""Instructions per file per stage, counted by valgrind (issue 14).

    python3 bench/instructions.py [--files 48] [--corpus news|all] [--src PATH] [--stages a,b] [--jobs 2]

Wall time moves with the machine's load; the number of instructions a run executes does
not (ruff's benchmarks count them for that reason).  Valgrind counts a whole process, so
each *configuration* runs in its own process under ``valgrind --tool=callgrind``: every
process imports fmlint, builds the settings and lints the first file once (warm-up: rules
imported, regexes compiled, validator built, the word tables loaded and split), then runs one loop over the N files doing
the work *up to* one stage.  A stage's cost per file is the difference between two
configurations divided by N, so start-up and warm-up cancel out:

| configuration | does per file, after the warm-up |
|---|---|
| base | nothing (the loop alone) |
| read | ``read_file`` |
| document | + decode and find the fences |
| compose | + the limit scan and libyaml's compose (PyYAML nodes) |
| view | + the JSON view walk (the whole of ``reading.frontmatter.read``) |
| schema | + the rules' ``Context`` and the schema's validation (jsonschema-rs) |
| FM0 ... FM6 | + one family's rules, run as the engine runs them (without stamping) |
| rules | + every selected rule, run the same way |
| lint | ``read_file`` + ``lint_bytes``: everything, stamping and suppressions included |

A family's cost is ``FMx - schema``, alone: what families share (the scalar walk of
``values.file_scalars``, the glitch view) is counted in each, so the families add up to
more than ``rules - schema``, and the report shows that overlap; "engine" is ``lint - rules``:
stamping, positions, de-duplication, suppressions.  ``PYTHONHASHSEED=0`` makes the runs repeatable: two
runs of one configuration agree within about 1% of a stage (object addresses still vary).  ``--src`` points
``PYTHONPATH`` at another copy of fmlint's ``src/`` (a "before" tree) to compare.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPUS = REPO.parent / "shared" / "corpus"
FAMILIES = ("FM0", "FM1", "FM2", "FM3", "FM4", "FM5", "FM6")
CONFIGS = ("base", "read", "document", "compose", "view", "schema", *FAMILIES, "rules", "lint")
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")
# The drivers run in an empty folder: with no config above the corpus, the working folder is
# the project root, and the apostrophe rules would learn the vocabulary of whatever lies
# there (this repository, bench/.work's corpora), so the counts would depend on it.
NEUTRAL = tempfile.mkdtemp(prefix="fmlint-instructions-")


def corpus_files(kind: str, n: int) -> list[str]:
    """N files spread evenly over the corpus: the news articles, or every distinct content file."""
    root = CORPUS / "smartable" / "_news" if kind == "news" else CORPUS
    files = sorted(str(p) for p in root.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file()
                   and p != CORPUS / "README.md")
    step = max(1, len(files) // n)
    return files[::step][:n]


def _env(src: Path | None) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def compile_first(files: list[str], schema: str | None, src: Path | None) -> None:
    """One untimed run outside valgrind, so that no counted run compiles bytecode (~400 M instructions)."""
    spec = json.dumps({"config": "lint", "files": files[:2], "schema": schema})
    subprocess.run([sys.executable, __file__, "--driver", spec], env=_env(src), check=True, cwd=NEUTRAL)


def count(config: str, files: list[str], schema: str | None, src: Path | None, tool: str) -> int:
    """Instructions of one driver process for ``config`` (valgrind's own count)."""
    env = _env(src)
    spec = json.dumps({"config": config, "files": files, "schema": schema})
    out = "--callgrind-out-file=/dev/null" if tool == "callgrind" else "--cachegrind-out-file=/dev/null"
    extra = [] if tool == "callgrind" else ["--cache-sim=no"]
    command = ["valgrind", f"--tool={tool}", out, *extra, sys.executable, __file__, "--driver", spec]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=NEUTRAL)
    if done.returncode != 0:
        raise SystemExit(f"bench: {config} failed:\n{done.stderr[-3000:]}")
    found = _COLLECTED.search(done.stderr) or re.search(r"I\s+refs:\s*([\d,]+)", done.stderr)
    return int(found.group(1).replace(",", ""))


# --- the driver: runs inside valgrind ------------------------------------------------------

def driver(spec: dict) -> None:
    """Warm up on the first file, then do ``config``'s work on every file."""
    from fmlint.rules import catalog
    from fmlint.rules.engine import lint_bytes
    from fmlint.running.planner import Planner, RunOptions

    files, config = spec["files"], spec["config"]
    planner = Planner(RunOptions(schema=spec["schema"]))
    settings = [planner.settings_for(path) for path in files]
    catalog.all_rules()
    with open(files[0], "rb") as handle:
        lint_bytes(handle.read(), files[0], settings[0])
    _load_word_tables()
    step = _STEPS[config] if config in _STEPS else _family_step("" if config == "rules" else config)
    for path, each in zip(files, settings):
        step(path, each)


def _load_word_tables() -> None:
    """The apostrophe rules' word tables, loaded on a process's first candidate word (tens of
    M instructions each, once), and split into lists as a long run does after a few hundred
    lookups: part of the warm-up, so that a run of N files does not count 1/N of those
    one-time costs per file (which file of the loop first needs them is chance)."""
    from fmlint.rules.text import english, word_classes

    for module in (english, word_classes):
        table = module._table()
        if hasattr(table, "split"):  # trees before sorted_lines.SortedLines built the list at once
            table.split()


def _read(path, settings):
    from fmlint.reading.files import read_file

    return read_file(path)[0]


def _document(path, settings):
    from fmlint.reading.document import decode, locate_front_matter

    doc = decode(path, _read(path, settings))
    if doc.checkable:
        locate_front_matter(doc)
    return doc


def _compose(path, settings):
    from fmlint.reading import yaml_reader
    from fmlint.reading.limits import scan_limits

    doc = _document(path, settings)
    if doc.checkable and doc.body is not None and doc.kind == "yaml":
        text = doc.front_matter_text
        if scan_limits(text) is None:
            try:
                yaml_reader._compose(text)
            except Exception:  # noqa: BLE001 - a broken file costs what it costs
                pass


def _view(path, settings):
    from fmlint.reading.frontmatter import read

    return read(_read(path, settings), path)


def _schema(path, settings):
    from fmlint.rules.engine import Context

    doc, fm = _view(path, settings)
    ctx = Context(doc, fm, settings)
    ctx.schema_errors  # noqa: B018 - computed for its cost
    return ctx


def _family_step(prefix: str):
    def step(path, settings):
        from fmlint.rules.engine import _run_rule, _stages

        ctx = _schema(path, settings)
        stages = _stages(ctx.doc, ctx.fm)
        for each in settings.rules:
            if each.code.startswith(prefix or "FM") and each.stage in stages:
                _run_rule(each, ctx)
    return step


def _lint(path, settings):
    from fmlint.rules.engine import lint_bytes

    lint_bytes(_read(path, settings), path, settings)


_STEPS = {"base": lambda path, settings: None, "read": _read, "document": _document, "compose": _compose,
          "view": _view, "schema": _schema, "lint": _lint}


# --- the report --------------------------------------------------------------------------

def stages(totals: dict[str, int], n: int) -> list[tuple[str, float]]:
    """(stage, instructions per file) from the configurations' totals."""
    per = {key: (value - totals["base"]) / n for key, value in totals.items()}
    rows = [("read", per["read"]), ("decode + fences", per["document"] - per["read"]),
            ("YAML compose (limit scan, libyaml, nodes)", per["compose"] - per["document"]),
            ("JSON view walk", per["view"] - per["compose"]), ("schema (context + jsonschema-rs)", per["schema"] - per["view"])]
    families = [(f"rules {fam}xx", per[fam] - per["schema"]) for fam in FAMILIES if fam in per]
    rows += families
    rows.append(("shared by families (counted in each above)", per["rules"] - per["schema"] - sum(v for _, v in families)))
    rows.append(("engine: stamping, positions, suppressions", per["lint"] - per["rules"]))
    rows.append(("**total (lint)**", per["lint"]))
    return rows


def render(rows: list[tuple[str, float]], args: argparse.Namespace, n: int) -> str:
    total = dict(rows)["**total (lint)**"]
    lines = [f"Instructions per file ({args.tool}, {n} files of `{args.corpus}`, schema {args.schema or 'from config'}, "
             f"src {args.src or 'working tree'}):", "", "| stage | instructions/file | share |", "|---|--:|--:|"]
    lines += [f"| {name} | {value:,.0f} | {100 * value / total:.1f}% |" for name, value in rows]
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=48, help="files to run each stage on (default 48)")
    parser.add_argument("--corpus", choices=("news", "all"), default="news",
                        help="news: the 192 smartable articles; all: every distinct file of shared/corpus")
    parser.add_argument("--schema", default=None, help="forced schema (default: article for news, the config's for all)")
    parser.add_argument("--src", type=Path, default=None, help="another fmlint src/ to measure (PYTHONPATH)")
    parser.add_argument("--stages", default="", help="only these configurations (e.g. base,lint); base is always run")
    parser.add_argument("--tool", choices=("callgrind", "cachegrind"), default="callgrind")
    parser.add_argument("--jobs", type=int, default=2, help="valgrind processes at once (default 2)")
    parser.add_argument("--json", type=Path, default=None, help="also write the totals here")
    args = parser.parse_args(argv)
    if args.schema is None and args.corpus == "news":
        args.schema = "article"
    return args


def main(argv: list[str] | None = None) -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--driver":
        driver(json.loads(sys.argv[2]))
        return 0
    args = parse_args(argv)
    files = corpus_files(args.corpus, args.files)
    wanted = ["base", *[c for c in args.stages.split(",") if c and c != "base"]] if args.stages else list(CONFIGS)
    compile_first(files, args.schema, args.src)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {c: pool.submit(count, c, files, args.schema, args.src, args.tool) for c in wanted}
        totals = {c: future.result() for c, future in futures.items()}
    if args.json:
        args.json.write_text(json.dumps({"files": len(files), "totals": totals}, indent=1), "utf-8")
    if set(CONFIGS) <= set(totals):
        print(render(stages(totals, len(files)), args, len(files)))
    else:
        for config, value in totals.items():
            print(f"{config}: {(value - totals['base']) / len(files):,.0f} instructions/file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
