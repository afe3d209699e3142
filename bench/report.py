"""The results as Markdown: the machine, the versions, the sanity check, one table per corpus."""

from __future__ import annotations

import datetime
import os
import platform
import statistics
from dataclasses import dataclass, field

from measure import Outcome
from sanity import Verdict


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(handle.readline().split()[1])
        return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def _open_files() -> str:
    try:
        import resource

        return str(resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    except (ImportError, OSError, ValueError):
        return "unknown"


def load() -> str:
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "unknown"


def machine() -> dict[str, str]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "cpu": _cpu_model(), "cores (nproc)": str(cores), "memory": _memory(),
            "os": platform.platform(), "open files limit (ulimit -n)": _open_files(),
            "load average at start (1/5/15 min)": load()}


@dataclass
class Section:
    title: str
    files: int
    repeat: int
    outcomes: list[Outcome]


@dataclass
class Report:
    machine: dict[str, str]
    versions: dict[str, str]
    verdicts: list[Verdict]
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _ratio(outcome: Outcome, reference: Outcome | None) -> str:
    mine, theirs = outcome.median(), reference.median() if reference else None
    if mine is None or not theirs:
        return "—"
    return f"{mine / theirs:.2f}×" if mine / theirs < 10 else f"{mine / theirs:.0f}×"


def _round_ratios(outcome: Outcome, reference: Outcome | None, attribute: str) -> str:
    """This case over the reference within each round (the same load on both), median (min–max).

    Rounds are interleaved, so a burst of load hits one round's cases alike: the ratio within a
    round holds on a busy machine better than the ratio of medians (issue 14)."""
    if reference is None or outcome.failure or reference.failure:
        return "—"
    values = sorted(getattr(mine, attribute) / getattr(theirs, attribute)
                    for mine, theirs in zip(outcome.runs, reference.runs) if getattr(theirs, attribute) > 0)
    if not values:
        return "—"
    return f"{statistics.median(values):.2f} ({values[0]:.2f}–{values[-1]:.2f})"


def _time_cell(outcome: Outcome) -> str:
    if outcome.failure is None:
        median = outcome.median()
        return f"{median:.3f}" if median is not None else "—"
    reason = outcome.failure.split(":")[0]
    if outcome.runs and not outcome.runs[-1].timed_out:
        reason += f"** after {outcome.runs[-1].wall:.0f} s"
    else:
        reason += "**"
    return "**" + reason


def _output_cell(outcome: Outcome) -> str:
    text = _code(outcome.last_line)
    return text + (f"; first error: {_code(outcome.first_error)}" if outcome.first_error else "")


def _row(outcome: Outcome, reference: Outcome | None, files: int) -> str:
    median, spread, peak, cpu = outcome.median(), outcome.spread(), outcome.peak_mib(), outcome.median("cpu")
    cells = [outcome.case.label + (f" — {outcome.case.note}" if outcome.case.note else ""), _time_cell(outcome),
             f"{spread[0]:.3f}–{spread[1]:.3f}" if spread and not outcome.failure else "—",
             f"{files / median:,.0f}" if median and files > 1 else "—",
             _ratio(outcome, reference), _round_ratios(outcome, reference, "wall"),
             f"{cpu:.2f}" if cpu is not None else "—", _round_ratios(outcome, reference, "cpu"),
             f"{peak:.0f}" if peak else "—",
             ",".join(sorted({str(run.exit) for run in outcome.runs if run.exit is not None})) or "—",
             _output_cell(outcome)]
    return "| " + " | ".join(cells) + " |"


def _code(text: str) -> str:
    """A tool's output line as inline code (backticks and pipes would break the table)."""
    text = text.replace("`", "").replace("|", "/")
    return f"`{text}`" if text else ""


HEADER = ("| case | median s | min–max s | files/s | time vs fmlint | per round (min–max) | CPU s "
          "| CPU vs fmlint per round | peak RSS MiB | exit | last output line |\n"
          "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")


def section(part: Section) -> str:
    reference = next((o for o in part.outcomes if o.case.reference), None)
    runs = f"median of {part.repeat} run{'s' if part.repeat != 1 else ''}"
    lines = [f"### {part.title} ({runs})", "", HEADER]
    lines += [_row(outcome, reference, part.files) for outcome in part.outcomes]
    return "\n".join(lines)


def render(report: Report) -> str:
    out = ["# fmlint benchmark", "", "## Machine", ""]
    out += [f"* {key}: {value}" for key, value in report.machine.items()]
    out += ["", "## Versions", ""] + [f"* {key}: {value}" for key, value in report.versions.items()]
    out += ["", "## Does each tool really validate?", "",
            "Every source file plus one deliberately broken copy (no `title`, `quality: high`, month 13):", ""]
    out += [f"* {verdict.describe()}" for verdict in report.verdicts]
    out += ["", "## Timings", "",
            "Wall time of the whole process (start-up included). *time vs fmlint*: this case's median "
            "over fmlint's cold default-jobs median (one-file table: over fmlint's one-file check); "
            "above 1 is slower than fmlint; *per round*: the same ratio taken within each interleaved round "
            "(median, min–max), which holds under load. CPU s: user+system time of the process and its children "
            "(*CPU vs fmlint per round* likewise). "
            "Peak RSS: the largest single process (worker processes are not added up)."]
    for part in report.sections:
        out += ["", section(part)]
    if report.notes:
        out += ["", "## Notes", ""] + [f"* {note}" for note in report.notes]
    return "\n".join(out) + "\n"
