"""Timing commands: one fresh ``_timed.py`` process per run, a time-out, medians.

Runs are interleaved (every case once, then every case again, ...) so that a
burst of load on the machine hits all tools alike rather than one.
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

TIMED = Path(__file__).with_name("_timed.py")
# Tools run as users run them: with Python's bytecode cache.  Some sandboxes set
# PYTHONDONTWRITEBYTECODE, which makes every run recompile an editable install from source
# (~80 ms for fmlint) while pip-installed tools keep their precompiled bytecode.
TOOL_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Case:
    key: str                      # unique, used for the log file name
    label: str                    # what the table shows
    commands: list[list[str]]     # run one after another, timed together
    cwd: Path
    ok_exits: tuple[int, ...] = (0, 1)
    prepare: list[list[str]] = field(default_factory=list)  # run once, untimed, before the timed runs
    before_each: list[list[str]] = field(default_factory=list)  # run untimed before every timed run
    note: str = ""
    reference: bool = False       # ratios in its table are taken against this case


@dataclass
class Run:
    wall: float
    cpu: float
    maxrss_kib: int
    exit: int | None
    timed_out: bool = False
    load: float = 0.0             # 1-minute load average just before the run


@dataclass
class Outcome:
    case: Case
    runs: list[Run] = field(default_factory=list)
    failure: str | None = None    # "timed out after 600 s", "exit 2", ...
    last_line: str = ""           # the last line the tool printed (its summary)
    first_error: str = ""         # on failure: the first line of the output that names an error

    def median(self, attribute: str = "wall") -> float | None:
        values = [getattr(run, attribute) for run in self.runs if not run.timed_out]
        return statistics.median(values) if values and self.failure is None else None

    def spread(self) -> tuple[float, float] | None:
        values = [run.wall for run in self.runs if not run.timed_out]
        return (min(values), max(values)) if values else None

    def peak_mib(self) -> float | None:
        values = [run.maxrss_kib for run in self.runs if not run.timed_out]
        return max(values) / 1024 if values else None


def run_once(case: Case, logs: Path, timeout: float) -> Run:
    spec, result, log = (logs / f"{case.key}.{suffix}" for suffix in ("spec.json", "result.json", "log"))
    spec.write_text(json.dumps({"commands": case.commands}), "utf-8")
    result.unlink(missing_ok=True)
    with open(log, "wb") as output:
        process = subprocess.Popen([sys.executable, str(TIMED), str(spec), str(result)], cwd=case.cwd,
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True, env=TOOL_ENV)
        started = time.perf_counter()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            return Run(time.perf_counter() - started, 0.0, 0, None, timed_out=True)
        except BaseException:  # Ctrl-C or SIGTERM: leave nothing running behind
            _kill(process)
            raise
    data = json.loads(result.read_text("utf-8"))
    return Run(data["wall"], data["cpu"], data["maxrss_kib"], data["exit"])


def _kill(process: subprocess.Popen) -> None:
    """The wrapper and everything it started (they share its process group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def last_line(log: Path) -> str:
    try:
        lines = [line.strip() for line in log.read_text("utf-8", "replace").splitlines() if line.strip()]
    except OSError:
        return ""
    text = re.sub(r"\x1b\[[0-9;]*m", "", lines[-1]) if lines else "(no output)"
    return text if len(text) <= 64 else text[:61].rstrip() + "..."


def first_error(log: Path) -> str:
    """The first line naming an error (e.g. Node's "Error: EMFILE: too many open files, ..."), shortened."""
    try:
        with open(log, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                match = re.search(r"\b\w*Error\b:.*", line)
                if match:
                    text = match.group(0).strip()
                    return text if len(text) <= 64 else text[:61].rstrip() + "..."
    except OSError:
        pass
    return ""


def untimed(commands: list[list[str]], case: Case, timeout: float) -> None:
    for command in commands:
        subprocess.run(command, cwd=case.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=timeout, check=False)


def measure(cases: list[Case], repeat: int, timeout: float, logs: Path, title: str) -> list[Outcome]:
    """Time every case ``repeat`` times, interleaved; a case that fails is not run again."""
    logs.mkdir(parents=True, exist_ok=True)
    outcomes = [Outcome(case) for case in cases]
    for case in cases:
        untimed(case.prepare, case, timeout)
    for round_ in range(1, repeat + 1):
        for outcome in outcomes:
            if outcome.failure is None:
                _one(outcome, logs, timeout, f"{title} {round_}/{repeat}")
    return outcomes


def _one(outcome: Outcome, logs: Path, timeout: float, where: str) -> None:
    case = outcome.case
    untimed(case.before_each, case, timeout)
    load = os.getloadavg()[0]
    run = run_once(case, logs, timeout)
    run.load = load
    outcome.runs.append(run)
    outcome.last_line = last_line(logs / f"{case.key}.log")
    if run.timed_out:
        outcome.failure = f"timed out after {timeout:g} s"
    elif run.exit not in case.ok_exits:
        outcome.failure = f"exit {run.exit}: {outcome.last_line}"
    if outcome.failure:
        outcome.first_error = first_error(logs / f"{case.key}.log")
    state = outcome.failure or f"{run.wall:.2f} s, {run.maxrss_kib / 1024:.0f} MiB, exit {run.exit}"
    print(f"bench: [{where}] {case.label}: {state}", file=sys.stderr, flush=True)
