#!/usr/bin/env python3
"""YAML parsers that could replace fmlint's compose: their cost per front matter (issue 14).

    PYTHONPATH=src SCRATCH/bin/python bench/yaml_parsers.py [--corpus news|all] [--repeat 7] [--valgrind]
    PYTHONPATH=src SCRATCH/bin/python bench/yaml_parsers.py --check [--corpus all]

Results and what they mean: ``bench/yaml_parsers-results.md``.

Why: compose (libyaml through PyYAML's node and Mark objects) is about 0.6 M of fmlint's
~4.8 M instructions per file.  Before anyone adopts another parser, this script says how
much each alternative costs on the same front matter, and whether the one that gives
positions yields the same JSON view and the same spans as fmlint's reader.

It runs under any Python that can import ``fmlint.reading`` (``PYTHONPATH=src``) and
PyYAML; each other parser is measured when importable (install them into a scratch
virtualenv, never the project's).  Time is ``process_time`` per front matter, the median
of rounds in which the parsers take turns every 16 texts, in an order rotated each time.  ``--check`` compares the two prototypes' view and spans (below) with fmlint's reader.
``--valgrind`` also counts instructions: one process per parser under cachegrind,
with 0 and 2 timed passes after a warm-up pass, so import and warm-up cancel out.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from fmlint.reading.view import escape_token
from fmlint.reading.yaml_reader import resolve_plain

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def corpus_documents(kind: str) -> list:
    """(Document, FrontMatter) of every YAML or JSON front matter fmlint's own reader parses cleanly."""
    from fmlint.reading.frontmatter import read

    root = CORPUS / "smartable" / "_news" if kind == "news" else CORPUS
    found = []
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file()):
        doc, fm = read(path.read_bytes(), str(path))
        if doc.kind in ("yaml", "json") and fm.ok:
            found.append((doc, fm))
    return found


# --- the parsers: each is (what it gives, a function of one Document) ------------------------

def _fmlint_view():
    from fmlint.reading.yaml_reader import parse_yaml

    def run(doc):
        doc.findings = {}
        return parse_yaml(doc)
    return run


def _fmlint_compose():
    from fmlint.reading.yaml_reader import _compose

    return lambda doc: _compose(doc.front_matter_text)


def _libyaml_raw():
    from yaml import _yaml

    return lambda doc: _yaml.CParser(doc.front_matter_text).raw_parse()


def _pyyaml_events():
    from yaml import _yaml

    def run(doc):
        parser = _yaml.CParser(doc.front_matter_text)
        events = []
        event = parser.get_event()
        while event is not None:
            events.append(event)
            event = parser.get_event()
        return events
    return run


def _pyyaml_safe_load():
    import yaml

    return lambda doc: yaml.load(doc.front_matter_text, Loader=yaml.CSafeLoader)


def _shield_none() -> None:
    """libfyaml 1.0.0b2's ``_parse`` releases a reference to None it never took, once per event
    without an anchor (harmless from Python 3.12, where None is immortal; on 3.11 the process
    dies with "deallocating None").  To measure it at all, None gets references to spare."""
    import ctypes

    if sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


def _libfyaml_events():
    import libfyaml

    _shield_none()

    return lambda doc: libfyaml._parse(doc.front_matter_text, mode="yaml1.2")


def _libfyaml_view():
    import libfyaml  # noqa: F401 - fail here, as the other makers do, when it is not installed

    _shield_none()
    return fy_view


def _libfyaml_loads():
    import libfyaml

    return lambda doc: libfyaml.loads(doc.front_matter_text, mode="yaml")


def _rapidyaml():
    import ryml

    return lambda doc: ryml.parse_in_arena(doc.front_matter_text.encode())


def _yaml_rs():
    import yaml_rs

    return lambda doc: yaml_rs.loads(doc.front_matter_text)


def _pyyaml_rs():
    import pyyaml_rs

    return lambda doc: pyyaml_rs.safe_load(doc.front_matter_text)


def _ryaml():
    import ryaml

    return lambda doc: ryaml.loads(doc.front_matter_text)


def _ruamel_c_compose():
    from ruamel.yaml import YAML

    return lambda doc: YAML(typ="safe", pure=False).compose(doc.front_matter_text)


def _ruamel_rt_load():
    from ruamel.yaml import YAML

    return lambda doc: YAML(typ="rt").load(doc.front_matter_text)


def _strictyaml():
    import strictyaml

    return lambda doc: strictyaml.dirty_load(doc.front_matter_text, allow_flow_style=True)


# --- a prototype: fmlint's view and spans from libfyaml's events ------------------------------
# libfyaml's marks are (line, column, byte offset); the column counts characters, so a span in
# code points is the line's start plus the column.  A quoted scalar's marks hold its content
# only, libyaml's hold the quotes too.  Not fmlint's walk: no index, no limits, no findings.

def fy_view(doc) -> tuple:
    """(data, {pointer: (key span or None, value span)}) of ``doc``'s front matter, from libfyaml."""
    import libfyaml

    text = doc.front_matter_text
    events = iter(libfyaml._parse(text, mode="yaml1.2"))
    lines = [0] + [match.end() for match in re.finditer(r"\r\n|\n|\r", text)]
    spans: dict = {}
    for event in events:
        if event[0] in (5, 7, 9, 10):  # the document's root node
            return _fy_node(event, events, "", None, spans, lines), spans
    return {}, spans


def _fy_at(mark: tuple, lines: list) -> int:
    return lines[mark[0]] + mark[1]


def _fy_scalar_span(event: tuple, lines: list) -> tuple:
    start, end = _fy_at(event[6], lines), _fy_at(event[7], lines)
    return (start - 1, end + 1) if event[5] in ("'", '"') else (start, end)


def _fy_node(event: tuple, events, pointer: str, key_span, spans: dict, lines: list):
    kind = event[0]
    if kind in (9, 10):
        span = _fy_scalar_span(event, lines) if kind == 9 else (_fy_at(event[2], lines), _fy_at(event[3], lines))
        spans[pointer] = (key_span, span)
        if kind == 10:
            return None
        return resolve_plain(event[4]) if event[5] is None and event[2] is None else event[4]
    value, start = ([] if kind == 7 else {}), _fy_at(event[5], lines)
    while True:
        item = next(events)
        if item[0] in (6, 8):
            spans[pointer] = (key_span, (start, _fy_at(item[2], lines)))
            return value
        if kind == 7:
            value.append(_fy_node(item, events, f"{pointer}/{len(value)}", None, spans, lines))
            continue
        key, child_span = item[4], _fy_scalar_span(item, lines)
        child = f"{pointer}/{key}" if "~" not in key and "/" not in key else f"{pointer}/{escape_token(key)}"
        into = {} if key in value else spans  # a duplicate: the first keeps its value and span
        found = _fy_node(next(events), events, child, child_span, into, lines)
        value.setdefault(key, found)
    return value


# --- a prototype: our own compiled extension's flat events (libyaml, no Mark objects) ------------
# ``fmevents.events(text)`` (a ~90-line C file built against the system's libyaml, kept outside
# the repository: /tmp/s20/parsers/ext/) gives (kind, start, end, value, style, anchor, tag) per
# event, with libyaml's own character indexes, the ones PyYAML's marks hold.  libyaml's kinds:
# 5 alias, 6 scalar, 7/8 sequence start/end, 9/10 mapping start/end.

def _flat_events():
    import fmevents  # noqa: F401 - not on PyPI: PYTHONPATH=/tmp/s20/parsers/ext when it is built

    return lambda doc: fmevents.events(doc.front_matter_text)


def flat_view(doc) -> tuple:
    """(data, spans) like ``fy_view``, from the flat events: the marks need no conversion."""
    import fmevents

    events, spans = iter(fmevents.events(doc.front_matter_text)), {}
    for event in events:
        if event[0] in (5, 6, 7, 9):
            return _flat_node(event, events, "", None, spans), spans
    return {}, spans


def _flat_node(event: tuple, events, pointer: str, key_span, spans: dict):
    kind = event[0]
    if kind in (5, 6):
        spans[pointer] = (key_span, (event[1], event[2]))
        if kind == 5:
            return None
        return resolve_plain(event[3]) if event[4] == 1 and event[6] is None else event[3]
    value, start = ([] if kind == 7 else {}), event[1]
    while True:
        item = next(events)
        if item[0] in (8, 10):
            spans[pointer] = (key_span, (start, item[2]))
            return value
        if kind == 7:
            value.append(_flat_node(item, events, f"{pointer}/{len(value)}", None, spans))
            continue
        key = item[3]
        child = f"{pointer}/{key}" if "~" not in key and "/" not in key else f"{pointer}/{escape_token(key)}"
        found = _flat_node(next(events), events, child, (item[1], item[2]), {} if key in value else spans)
        value.setdefault(key, found)


def _flat_view():
    import fmevents  # noqa: F401 - as above

    return flat_view


def same_view(docs: list, view=None) -> dict:
    """Files whose prototype view and spans (libfyaml's, or ``view``'s) equal fmlint's, and the first differences."""
    def fmlint_spans(fm):
        at = lambda node: (node.start_mark.index, node.end_mark.index)  # noqa: E731
        return {p: (at(k) if k is not None else None, at(v)) for p, (k, v) in fm.nodes.items()}

    _shield_none()
    tally = {"files": len(docs), "same data": 0, "same spans": 0, "examples": []}
    for doc, fm in docs:
        data, spans = (view or fy_view)(doc)
        theirs = fmlint_spans(fm)
        tally["same data"] += json.dumps(data, sort_keys=True) == json.dumps(fm.data, sort_keys=True)
        tally["same spans"] += spans == theirs
        if spans != theirs and len(tally["examples"]) < 6:
            pointer = next(p for p in theirs if spans.get(p) != theirs[p])
            tally["examples"].append((doc.path, pointer, theirs[pointer], spans.get(pointer)))
    return tally


PARSERS = {  # name -> (maker, what it gives)
    "fmlint compose+view (today)": (_fmlint_view, "view, index, spans"),
    "fmlint compose only": (_fmlint_compose, "nodes with Marks"),
    "PyYAML C events (get_event)": (_pyyaml_events, "events with Marks"),
    "libyaml raw_parse": (_libyaml_raw, "an event count: libyaml alone"),
    "PyYAML CSafeLoader load": (_pyyaml_safe_load, "data, 1.1 types"),
    "libfyaml _parse events": (_libfyaml_events, "event tuples, (line, col, byte)"),
    "libfyaml events + view walk": (_libfyaml_view, "view and spans (prototype)"),
    "libfyaml loads": (_libfyaml_loads, "data (FyGeneric)"),
    "own C ext: flat events (prototype)": (_flat_events, "event tuples, character indexes"),
    "own C ext: flat events + view walk": (_flat_view, "view and spans (prototype)"),
    "rapidyaml parse_in_arena": (_rapidyaml, "tree, no locations in Python"),
    "yaml-rs loads": (_yaml_rs, "data only"),
    "pyyaml-rs safe_load": (_pyyaml_rs, "data only"),
    "ryaml loads": (_ryaml, "data only"),
    "ruamel.yaml C safe compose": (_ruamel_c_compose, "nodes with Marks"),
    "ruamel.yaml rt load (pure)": (_ruamel_rt_load, "data with .lc line/col"),
    "strictyaml dirty_load (pure)": (_strictyaml, "data with line numbers"),
}


def available() -> dict:
    """The parsers importable here: name -> the function; the others -> the import error."""
    made, missing = {}, {}
    for name, (maker, _) in PARSERS.items():
        try:
            made[name] = maker()
        except ImportError as error:
            missing[name] = str(error)
    return made, missing


# --- timing ----------------------------------------------------------------------------------

def time_rounds(functions: dict, docs: list, repeat: int, chunk: int = 16) -> tuple:
    """(name -> seconds per front matter in each round, name -> texts it raised on).

    The parsers take turns every ``chunk`` texts, in an order rotated each round, so a change
    in the machine's load falls on all of them alike."""
    names, failed = list(functions), {name: 0 for name in functions}
    totals = {name: [0.0] * repeat for name in names}
    for name in names:  # warm-up (caches, lazy imports), and which texts a parser refuses
        for doc, _ in docs:
            failed[name] += not _attempt(functions[name], doc)
    for round_number in range(repeat):
        for first in range(0, len(docs), chunk):
            shift = (round_number + first // chunk) % len(names)
            for name in names[shift:] + names[:shift]:
                run, start = functions[name], time.process_time()
                for doc, _ in docs[first:first + chunk]:
                    _attempt(run, doc)
                totals[name][round_number] += time.process_time() - start
    return {name: [t / len(docs) for t in rounds] for name, rounds in totals.items()}, failed


def _attempt(run, doc) -> bool:
    try:
        run(doc)
    except Exception:  # noqa: BLE001 - a parser that refuses a text is counted, not fatal
        return False
    return True


def count_instructions(name: str, kind: str, passes: int) -> int:
    """Instructions of one driver process (cachegrind, no cache simulation)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    spec = json.dumps({"name": name, "corpus": kind, "passes": passes})
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
               sys.executable, __file__, "--driver", spec]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    found = re.search(r"I\s+refs:\s*([\d,]+)", done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"yaml_parsers: {name} failed under valgrind:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def driver(spec: dict) -> None:
    """Inside valgrind: read the corpus, one warm-up pass of the parser, then ``passes`` more."""
    docs = corpus_documents(spec["corpus"])
    run = PARSERS[spec["name"]][0]()
    for _ in range(1 + spec["passes"]):
        for doc, _ in docs:
            _attempt(run, doc)


def instructions_per_file(names: list, kind: str, files: int) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    jobs = [(name, passes) for name in names for passes in (0, 2)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = dict(zip(jobs, pool.map(lambda job: count_instructions(job[0], kind, job[1]), jobs)))
    return {name: (counts[(name, 2)] - counts[(name, 0)]) / (2 * files) for name in names}


# --- the report ------------------------------------------------------------------------------

def table(seconds: dict, failed: dict, instructions: dict) -> str:
    """One row per parser; the ratio is taken within each round, then the median."""
    today = seconds["fmlint compose+view (today)"]
    lines = ["| parser | gives | µs per front matter, median (min–max) | / fmlint today, per round | "
             "texts refused | instructions/file |", "|---|---|--:|--:|--:|--:|"]
    for name, rounds in seconds.items():
        ratio = statistics.median(mine / theirs for mine, theirs in zip(rounds, today))
        counted = f"{instructions[name]:,.0f}" if name in instructions else "—"
        lines.append(f"| {name} | {PARSERS[name][1]} | {1e6 * statistics.median(rounds):,.1f} "
                     f"({1e6 * min(rounds):,.1f}–{1e6 * max(rounds):,.1f}) | {ratio:.2f} | {failed[name]} | {counted} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("news", "all"), default="news")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--valgrind", action="store_true", help="also count instructions (slow)")
    parser.add_argument("--only", default="", help="comma-separated parser names (default: all importable)")
    parser.add_argument("--check", action="store_true", help="compare libfyaml's view and spans with fmlint's")
    parser.add_argument("--driver", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if args.driver:
        return driver(json.loads(args.driver))
    docs = corpus_documents(args.corpus)
    if args.check:
        views = {"libfyaml": fy_view, "own C ext": flat_view}
        return print(json.dumps({name: same_view(docs, view) for name, view in views.items()}, indent=1))
    functions, missing = available()
    if args.only:
        functions = {name: run for name, run in functions.items() if name in args.only.split(",")}
    seconds, failed = time_rounds(functions, docs, args.repeat)
    instructions = instructions_per_file(list(functions), args.corpus, len(docs)) if args.valgrind else {}
    print(f"{len(docs)} front matters of `{args.corpus}`, {args.repeat} interleaved rounds, "
          f"Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}\n")
    print(table(seconds, failed, instructions))
    for name, error in missing.items():
        print(f"\nnot measured: {name} ({error})")


if __name__ == "__main__":
    main()
