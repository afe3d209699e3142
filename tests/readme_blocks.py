"""The README's fenced code blocks, with the test directive written before each.

Every snippet in README.md is run by a test (tests/test_readme.py, test_precommit.py,
test_action.py), so a snippet that stops working fails the suite.  What a block is and how
to run it is said by an HTML comment right before it, which GitHub does not show:

    <!-- test: site=examples/hugo exit=0 -->

Its words are ``key=value`` pairs (shell quoting for spaces) or bare flags:
``kind=`` (what the block is, when its info string does not say: ``ci``, ``output``,
``usage``, ``pre-commit``, ``github-workflow``, ``gitlab-ci``, ``taplo``, ``helix``,
``pip``, ``neovim``), ``site=`` (a folder of the repository copied into a temporary
folder where the commands run; ``site=examples:content`` copies it to ``content/``),
``exit=`` (each command's exit code, comma-separated, or one for all), ``fresh`` (each
command on a fresh copy), ``file=`` (the block is that file of the repository, byte for
byte), ``edit=PATH`` with ``replace=`` and ``with=`` (change the copy before running),
``run=`` (the command whose output an ``output`` block shows), and ``skip=`` (a reason:
the block is not run, and the test says so).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

_FENCE = re.compile(r"^```([\w+-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
_DIRECTIVE = re.compile(r"<!--\s*test:((?:(?!-->).)*)-->\s*\Z", re.S)


@dataclass(frozen=True)
class Block:
    """One fenced block: its info string, text, 1-based line, section heading and directive."""

    info: str
    text: str
    line: int
    section: str
    directive: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.directive.get("kind", self.info)

    @property
    def where(self) -> str:
        return f"README.md:{self.line} ({self.section}, ```{self.info})"

    def exits(self, count: int) -> list[int]:
        """The exit code stated for each of ``count`` commands."""
        stated = [int(each) for each in self.directive.get("exit", "0").split(",")]
        return stated * count if len(stated) == 1 else stated


def parse_directive(text: str) -> dict:
    words = {}
    for word in shlex.split(text):
        key, equals, value = word.partition("=")
        words[key] = value if equals else True
    return words


def blocks(text: str | None = None) -> list[Block]:
    """Every fenced block of the README, in order."""
    text = README.read_text("utf-8") if text is None else text
    found = []
    for match in _FENCE.finditer(text):
        before = text[:match.start()]
        headings = re.findall(r"^#{2,4} (.+)$", before, re.M)
        directive = _DIRECTIVE.search(before.rstrip() + "\n")
        found.append(Block(match.group(1), match.group(2), before.count("\n") + 1,
                           headings[-1] if headings else "(top)",
                           parse_directive(directive.group(1)) if directive else {}))
    return found


def of_kind(*kinds: str) -> list[Block]:
    return [block for block in blocks() if block.kind in kinds]


def commands(block: Block) -> list[str]:
    """The commands of a shell block (one a line, comments and blank lines left out), or of a
    console block (the lines after ``$ ``)."""
    lines = block.text.splitlines()
    if block.info == "console":
        return [line[2:] for line in lines if line.startswith("$ ")]
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def console_output(block: Block) -> str:
    """The output a console block shows: its lines that are not commands."""
    return "".join(line + "\n" for line in block.text.splitlines() if not line.startswith("$ "))


def section(title: str, text: str | None = None) -> str:
    """The README's text under the heading ``title``, to the next heading of its level or above
    (a ``#`` line inside a fenced block is no heading)."""
    text = README.read_text("utf-8") if text is None else text
    lines, level, found, fenced = [], None, [], False
    for line in text.splitlines(keepends=True):
        fenced ^= line.startswith("```")
        heading = None if fenced or line.startswith("```") else re.match(r"(#+) (.+)$", line.rstrip("\n"))
        if heading and level is not None and len(heading.group(1)) <= level:
            break
        if level is not None:
            lines.append(line)
        elif heading and heading.group(2) == title:
            level, found = len(heading.group(1)), [True]
    assert found, f"README.md has no section {title!r}"
    return "".join(lines)
