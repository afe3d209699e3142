"""Before timing anything: does each tool really validate?

Each tool checks the ``check/`` folder (every source file plus one deliberately
broken copy, see ``corpus.build_check``).  A tool passes when the broken copy is
the only file it reports schema errors for: so it neither ignores the schema nor
rejects valid files (e.g. by reading unquoted timestamps as dates).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from corpus import BROKEN
from tools import Tools


@dataclass
class Verdict:
    tool: str
    flagged: list[str]     # stems of the files the tool reported
    messages: int          # how many schema messages it printed
    exit: int
    ok: bool
    detail: str = ""       # the tool's output when it failed

    def describe(self) -> str:
        files = ", ".join(self.flagged) or "nothing"
        state = "ok" if self.ok else "FAILED"
        return f"{self.tool}: {state}: flagged {files} ({self.messages} messages, exit {self.exit})"


def _run(command: list[str], cwd: Path) -> tuple[int, str]:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    return done.returncode, re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)


def _verdict(tool: str, code: int, output: str, pattern: str) -> Verdict:
    hits = [Path(match).stem for match in re.findall(pattern, output, re.M)]
    flagged = sorted(set(hits))
    ok = flagged == [BROKEN] and len(hits) >= 3 and code == 1
    return Verdict(tool, flagged, len(hits), code, ok, "" if ok else output[-2000:])


def check_fmlint(tools: Tools, md: Path) -> Verdict:
    code, output = _run([tools.fmlint, "check", "--schema", "article", "--no-cache", "--select", "FM2",
                         "--format", "concise", "."], md)
    return _verdict("fmlint", code, output, r"^(\S+?):\d+:\d+: FM2\d\d")


def check_jsonschema(tools: Tools, yaml: Path) -> Verdict:
    files = sorted(path.name for path in yaml.glob("*.yaml"))
    code, output = _run([tools.check_jsonschema, "--schemafile", tools.schema, *files], yaml)
    return _verdict("check-jsonschema", code, output, r"^\s+(\S+?)::\$")


def check_remark(tools: Tools, md: Path) -> Verdict:
    code, output = _run([tools.remark, "--no-stdout", "--quiet", "--no-color", "--frail", "."], md)
    # The reporter prints each file's name, then a line per message ("4:20-4:40 warning ...",
    # or indented "warning ..." when the message has no position).
    files = re.findall(r"^(\S+\.md)$", output, re.M)
    messages = len(re.findall(r"^\s*(?:\d+:\d+(?:-\d+:\d+)?\s+)?(?:warning|error)\s", output, re.M))
    flagged = sorted({Path(name).stem for name in files})
    ok = flagged == [BROKEN] and messages >= 3 and code == 1
    return Verdict("remark-lint-frontmatter-schema", flagged, messages, code, ok, "" if ok else output[-2000:])


def check_all(tools: Tools, md: Path, yaml: Path, wanted: set[str]) -> list[Verdict]:
    verdicts = []
    if "fmlint" in wanted:
        verdicts.append(check_fmlint(tools, md))
    if "check-jsonschema" in wanted:
        verdicts.append(check_jsonschema(tools, yaml))
    if "remark" in wanted:
        verdicts.append(check_remark(tools, md))
    return verdicts
