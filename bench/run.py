#!/usr/bin/env python3
"""fmlint's benchmark (issue 7): fmlint against check-jsonschema and remark-lint-frontmatter-schema.

    python3 bench/run.py [--sizes 2500,25000] [--repeat N] [--timeout 600] [--corpus PATH]

Sets up its own tools under bench/.work/ (see tools.py), builds corpora of N
copies of the shared news articles (corpus.py), checks that every tool really
validates (sanity.py), times each case in fresh processes (measure.py) and writes
a Markdown report to standard output and bench/results.md (report.py).
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

import cases
import corpus
import measure
import report
import sanity
import tools as toolset

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
TOOLS = ("fmlint", "check-jsonschema", "remark")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2500,25000", help="corpus sizes, comma-separated (default: 2500,25000)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="timed runs per case (default: 5, or 3 for corpora of 10,000 files or more)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before one run is killed (default: 600)")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "smartable" / "_news",
                        help="folder of source articles (default: <repo>/../shared/corpus/smartable/_news)")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"which tools to run (default: {','.join(TOOLS)})")
    parser.add_argument("--output", type=Path, default=BENCH / "results.md", help="where to write the Markdown")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        parser.error(f"--sizes: not a list of numbers: {args.sizes}")
    args.tools = {name.strip() for name in args.tools.split(",") if name.strip()}
    if not args.sizes or min(args.sizes) < 1 or not args.tools <= set(TOOLS):
        parser.error(f"--sizes must be positive numbers and --tools a subset of {','.join(TOOLS)}")
    if not args.corpus.is_dir():
        parser.exit(2, f"bench: the source corpus is not there: {args.corpus}\n"
                       "  It is the shared news corpus (shared/corpus/smartable/_news beside the repository);\n"
                       "  pass --corpus PATH to use another folder of Markdown articles.\n")
    return args


def repeats(args: argparse.Namespace, files: int) -> int:
    return args.repeat or (5 if files < 10_000 else 3)


def check_tools(tools: toolset.Tools, check_md: Path, check_yaml: Path, wanted: set[str]) -> list[sanity.Verdict]:
    verdicts = sanity.check_all(tools, check_md, check_yaml, wanted)
    for verdict in verdicts:
        print(f"bench: sanity: {verdict.describe()}", file=sys.stderr)
        if not verdict.ok:
            print(verdict.detail, file=sys.stderr)
    return verdicts


def one_file(args: argparse.Namespace, tools: toolset.Tools, check_md: Path, check_yaml: Path) -> report.Section:
    sample = corpus.source_files(check_md)[0]
    yaml_file = check_yaml / (sample.stem + ".yaml")
    todo = cases.one_file_cases(tools, args.tools, check_md, sample, check_yaml, yaml_file)
    outcomes = measure.measure(todo, repeats(args, 1), args.timeout, WORK / "logs", "one file")
    return report.Section("One file, whole process (the pre-commit case)", 1, repeats(args, 1), outcomes)


def one_size(args: argparse.Namespace, tools: toolset.Tools, sources: list[Path], n: int) -> report.Section:
    print(f"bench: building corpus-{n} and yaml-{n} (not timed)", file=sys.stderr)
    corpus_dir, yaml_dir = WORK / f"corpus-{n}", WORK / f"yaml-{n}"
    corpus.build_markdown(sources, corpus_dir, n)
    yaml_files = corpus.build_yaml(sources, yaml_dir, n)
    todo = cases.corpus_cases(tools, args.tools, corpus_dir, yaml_dir, yaml_files, n)
    outcomes = measure.measure(todo, repeats(args, n), args.timeout, WORK / "logs", f"{n:,} files")
    folders = -(-n // corpus.FOLDER_SIZE)
    title = f"{n:,} files in {folders} folder{'s' if folders > 1 else ''}"
    return report.Section(title, n, repeats(args, n), outcomes)


def notes(started: float, setup_seconds: float, load_start: str, sections: list[report.Section]) -> list[str]:
    total = time.perf_counter() - started
    loads = sorted(run.load for part in sections for outcome in part.outcomes for run in outcome.runs)
    seen = f"min {loads[0]:.2f}, median {loads[len(loads) // 2]:.2f}, max {loads[-1]:.2f}" if loads else "none"
    return [
        f"Load average (1/5/15 min) at the start: {load_start}; at the end: {report.load()}. 1-minute load "
        f"just before each timed run: {seen}. The benchmark itself keeps about one process busy, so on "
        f"{report.machine()['cores (nproc)']} cores a load well above 1 means other work shared the machine.",
        f"The benchmark took {total / 60:.1f} min end to end ({setup_seconds:.0f} s of it installing or "
        "checking the tools and building the check folder; corpora are rebuilt only when missing).",
        "A run that exits otherwise than expected (fmlint: 0 or 1; the others: 0, since every file is valid) "
        "or times out is shown in bold, with the tool's last output line, and that case is not run again. "
        "Each case's last output is in bench/.work/logs/.",
        "fmlint runs all its rules (syntax, schema, dates, text, images, URLs), so on this corpus it also "
        "reports text problems (exit 1); the other two check only the schema (exit 0 when every file is valid).",
        "check-jsonschema needed no option: it loads YAML timestamps as strings itself (its YAML loader turns "
        "ruamel's timestamp constructor off), so `format: date-time` applies to unquoted dates. As installed "
        "(no optional format libraries) it does not assert `uri`/`uri-reference`; fmlint and Ajv do.",
        "remark-lint-frontmatter-schema's Ajv is draft-07 only and rejects the schema's 2020-12 `$schema` "
        "(\"no schema with key or ref\", a warning on every file); `ajvOptions: {validateSchema: false}` "
        "makes it validate (the schema uses only keywords that mean the same in draft-07). The rule "
        "re-reads and re-compiles the schema for every file. `--frail` makes its warnings exit 1.",
    ]


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so that measure.run_once kills the run in progress


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    started = time.perf_counter()
    args = parse_args(argv)
    result = report.Report(report.machine(), {}, [])
    load_start = result.machine["load average at start (1/5/15 min)"]
    tools = toolset.setup(WORK, REPO)
    result.versions = tools.versions
    source_before = toolset.source_digest(REPO)
    sources = corpus.source_files(args.corpus)
    check_md, check_yaml = corpus.build_check(sources, WORK / "check")
    result.verdicts = check_tools(tools, check_md, check_yaml, args.tools)
    setup_seconds = time.perf_counter() - started
    result.sections.append(one_file(args, tools, check_md, check_yaml))
    for n in args.sizes:
        result.sections.append(one_size(args, tools, sources, n))
    result.machine["load average at end (1/5/15 min)"] = report.load()
    result.notes = notes(started, setup_seconds, load_start, result.sections)
    if toolset.source_digest(REPO) != source_before:
        result.notes.insert(0, "**fmlint's source changed while the benchmark ran** (it is installed editable "
                               "from the working tree): its rows mix versions; rerun on a quiet tree.")
    text = report.render(result)
    print(text)
    args.output.write_text(text, "utf-8")
    print(f"bench: wrote {args.output}", file=sys.stderr)
    return 0 if all(verdict.ok for verdict in result.verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
