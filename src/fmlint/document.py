"""Reading a content file: bytes to text, the front-matter fences, and positions.

A ``Document`` keeps the whole decoded text (a BOM stays as its first character and
line endings stay as written) because fixes are spliced into exactly that text, and
every position we report is an offset into it turned into 1-based line:column.
Parsing the front matter itself is ``frontmatter.parse``'s job.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .model import Problem, Span

BOM = "\ufeff"
MAX_BYTES = 10 * 1024 * 1024  # beyond this a file is reported, not parsed

_YAML_OPEN = re.compile(r"---[ \t]*(?:\r\n|\n|\r)")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.MULTILINE)
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*(?:\r\n|\n|\r)")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r\n|\n|\r|\Z)", re.MULTILINE)


@dataclass
class Document:
    """One file's text, where its front matter lies, and what reading it found."""

    path: str
    text: str
    kind: str | None = None  # "yaml", "toml", "json" or None when there is no front matter
    open_fence: Span | None = None
    close_fence: Span | None = None
    body: Span | None = None  # the front matter's content, between the fences
    findings: dict[str, list[Problem]] = field(default_factory=dict)
    checkable: bool = True  # False when the file could not be read as text at all
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def has_bom(self) -> bool:
        return self.text.startswith(BOM)

    @property
    def front_matter_text(self) -> str:
        return "" if self.body is None else self.text[self.body.start : self.body.end]

    def add(self, rule_name: str, problem: Problem) -> None:
        """Record something reading or parsing found, for the rule ``rule_name`` to report."""
        self.findings.setdefault(rule_name, []).append(problem)

    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            for match in re.finditer(r"\r\n|\n|\r", self.text):
                starts.append(match.end())
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count code points."""
        starts = self.line_starts()
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        starts = self.line_starts()
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end].rstrip("\r\n")

    def offset_of(self, line: int, column: int) -> int:
        """Character offset of a 1-based line and column (clamped to the text)."""
        starts = self.line_starts()
        line = max(1, min(line, len(starts)))
        return min(starts[line - 1] + column - 1, len(self.text))


def decode(path: str, data: bytes) -> Document:
    """Decode file bytes as UTF-8; anything else becomes a finding, never an exception."""
    if len(data) > MAX_BYTES:
        doc = Document(path, "", checkable=False)
        doc.add("file-too-large", Problem(f"file is {len(data):,} bytes; files over {MAX_BYTES:,} bytes are not checked"))
        return doc
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc = Document(path, "", checkable=False)
        doc.add("not-text", Problem("file looks binary (it contains NUL bytes); not checked"))
        return doc
    try:
        return Document(path, data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return _undecodable(path, data, error)


def _undecodable(path: str, data: bytes, error: UnicodeDecodeError) -> Document:
    """Report where decoding failed, with a guess at the encoding the file is in.

    The text is decoded with replacement characters only so that the position can be
    given; such a document is not parsed further (``checkable`` is False).
    """
    doc = Document(path, data.decode("utf-8", errors="replace"), checkable=False)
    offset = len(data[: error.start].decode("utf-8", errors="replace"))
    doc.add(
        "not-utf8",
        Problem(f"file is not valid UTF-8 (byte 0x{data[error.start]:02x}); it looks like {guess_encoding(data)}",
                span=Span(offset, offset + 1)),
    )
    return doc


def guess_encoding(data: bytes) -> str:
    """A short, honest guess: UTF-16 by its BOM, else cp1252 when its bytes fit, else latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 (it starts with a UTF-16 byte-order mark)"
    try:
        data.decode("cp1252")
        return "cp1252 (Windows-1252)"
    except UnicodeDecodeError:
        return "latin-1 (ISO-8859-1)"


def locate_front_matter(doc: Document) -> None:
    """Find the fences: ``---`` YAML, ``+++`` TOML, or a leading JSON object (as Hugo allows)."""
    start = 1 if doc.has_bom else 0
    text = doc.text
    for kind, opener, closer in (("yaml", _YAML_OPEN, _YAML_CLOSE), ("toml", _TOML_OPEN, _TOML_CLOSE)):
        opening = opener.match(text, start)
        if opening is None:
            continue
        doc.kind = kind
        doc.open_fence = Span(start, start + 3)
        closing = closer.search(text, opening.end())
        if closing is None:
            doc.add("unterminated-front-matter",
                    Problem(f"front matter opened with {text[start:start + 3]!r} is never closed", span=doc.open_fence))
            return
        doc.body = Span(opening.end(), closing.start())
        doc.close_fence = Span(closing.start(), closing.start() + 3)
        return
    if text.startswith("{", start):
        doc.kind = "json"
        doc.open_fence = Span(start, start + 1)
        doc.body = Span(start, len(text))  # narrowed by the JSON parser to the object's end
        return
    doc.add("missing-front-matter", Problem("file has no front matter (it must start with a '---' line)", span=Span(start, start)))
