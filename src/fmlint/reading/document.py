"""Reading a content file: bytes to text, the front-matter fences, and positions.

A ``Document`` keeps the whole decoded text (a BOM stays as its first character and
line endings stay as written) because fixes are spliced into exactly that text, and
every position we report is an offset into it turned into 1-based line:column.
Parsing the front matter itself is ``frontmatter.parse``'s job.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from fmlint.model import Edit, Fix, Problem, Span
from fmlint.model.patterns import Lazy

BOM = "\ufeff"
MAX_BYTES = 10 * 1024 * 1024  # beyond this a file is reported, not parsed

_YAML_OPEN = re.compile(r"---[ \t]*(?:\r\n|\n|\r)")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.MULTILINE)
_TOML_OPEN = Lazy(r"\+\+\+[ \t]*(?:\r\n|\n|\r)")
_TOML_CLOSE = Lazy(r"^\+\+\+[ \t]*(?:\r\n|\n|\r|\Z)", re.MULTILINE)


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
    encoding: str = "utf-8"  # the codec ``text`` was decoded with, when it is certain
    signature: bytes = b""  # the byte-order mark that preceded ``text`` in a UTF-16/32 file
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


def decode(path: str, data: bytes, size: int | None = None) -> Document:
    """Decode file bytes as UTF-8; anything else becomes a finding, never an exception.

    ``size`` is the file's size when only its first ``MAX_BYTES + 1`` bytes were read.
    """
    size = len(data) if size is None else max(size, len(data))
    if size > MAX_BYTES:
        doc = Document(path, "", checkable=False)
        doc.add("file-too-large", Problem(f"file is {size:,} bytes; files over {MAX_BYTES:,} bytes are not checked"))
        return doc
    signed = _signed_unicode(path, data)
    if signed is not None:
        return signed
    if b"\x00" in data[:8192]:
        doc = Document(path, "", checkable=False)
        doc.add("not-text", Problem(f"file looks binary (it contains NUL bytes{_bomless_hint(data)}); not checked"))
        return doc
    try:
        return Document(path, data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return _undecodable(path, data, error)


# Byte-order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
_SIGNATURES = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 (little-endian"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 (big-endian"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 (little-endian"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 (big-endian"),
)
# Control characters (besides tab, LF, FF, CR), private-use characters and noncharacters: not text.
_NOT_TEXT = Lazy("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffe\uffff]")


def _signed_unicode(path: str, data: bytes) -> Document | None:
    """A UTF-16/32 file with its byte-order mark: certain, so it carries an unsafe transcoding fix."""
    for signature, codec, name in _SIGNATURES:
        if not data.startswith(signature):
            continue
        try:
            text = data[len(signature):].decode(codec)
        except UnicodeDecodeError:
            continue  # e.g. FF FE 00 00 that is not UTF-32: try UTF-16, then give up
        if not plausible_text(text):
            continue  # not text in that encoding either (random bytes after FF FE decode as UTF-16)
        doc = Document(path, text, checkable=False, encoding=codec, signature=signature)
        message = f"file is {name}, with a byte-order mark), not UTF-8"
        doc.add("not-utf8", _transcode_problem(doc, message, Span(0, 0)))
        return doc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc = Document(path, "", checkable=False)
        doc.add("not-utf8", Problem("file starts with a UTF-16 byte-order mark but is not valid UTF-16 text; "
                                    "not checked", span=Span(0, 0)))
        return doc
    return None


def plausible_text(text: str) -> bool:
    """No controls, private-use characters, noncharacters or unassigned code points."""
    if _NOT_TEXT.search(text):
        return False
    return not any(unicodedata.category(char) in ("Cn", "Co") for char in set(text))


def _transcode_problem(doc: Document, message: str, span: Span) -> Problem:
    fix = Fix((Edit(0, len(doc.text), doc.text),), "unsafe", f"re-encode the file from {doc.encoding} to UTF-8")
    return Problem(f"{message}; `fmlint fix --unsafe-fixes` re-encodes it as UTF-8", span=span, fix=fix)


def _bomless_hint(data: bytes) -> str:
    """Text in UTF-16 without a byte-order mark has a NUL in every other byte: say so."""
    sample = data[:4096]
    if len(sample) >= 8:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odd > 0.9 * half and even < 0.1 * half:
            return "; it may be UTF-16 little-endian without a byte-order mark"
        if even > 0.9 * half and odd < 0.1 * half:
            return "; it may be UTF-16 big-endian without a byte-order mark"
    return ""


def _undecodable(path: str, data: bytes, error: UnicodeDecodeError) -> Document:
    """Report where decoding failed, with a guess at the encoding the file is in.

    When the file is certainly cp1252 (``certain_cp1252``) the text is decoded as such
    and the finding carries an unsafe fix that re-encodes it; otherwise the text is
    decoded with replacement characters only so that the position can be given.  Either
    way such a document is not parsed further (``checkable`` is False).
    """
    byte = data[error.start]
    if certain_cp1252(data):
        doc = Document(path, data.decode("cp1252"), checkable=False, encoding="cp1252")
        doc.add("not-utf8", _transcode_problem(
            doc, f"file is not valid UTF-8 (byte 0x{byte:02x}); it is cp1252 (Windows-1252)",
            Span(error.start, error.start + 1)))  # one character per byte in cp1252
        return doc
    doc = Document(path, data.decode("utf-8", errors="replace"), checkable=False)
    offset = len(data[: error.start].decode("utf-8", errors="replace"))
    doc.add(
        "not-utf8",
        Problem(f"file is not valid UTF-8 (byte 0x{byte:02x}); it looks like {guess_encoding(data)}",
                span=Span(offset, offset + 1)),
    )
    return doc


def guess_encoding(data: bytes) -> str:
    """A short, honest guess at the encoding of a file that is not (all) UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 (it starts with a UTF-16 byte-order mark)"
    if _UTF8_SEQUENCE.search(data):
        return "mostly UTF-8 with stray bytes in another encoding (cp1252?); not converted automatically"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1 (ISO-8859-1) or another single-byte code page; not converted automatically"
    if _LETTER_RUN.search(text):
        return "a code page for another alphabet (such as cp1251 or cp1253) or an East Asian encoding"
    return "cp1252 (Windows-1252), but not certainly enough to convert it automatically"


# What cp1252 text in a Western European language holds besides ASCII: accented letters
# and typographic punctuation.  Anything else (¤ ¦ ³ ð þ ...) suggests another code page.
_CP1252_LOWER = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœšžß"
_CP1252_UPPER = "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŒŠŽŸ"
_CP1252_PUNCT = "‘’‚“”„–—…•€£¥©®™«»°§·¿¡\u00a0"
_CP1252_OTHER = Lazy(f"[^\x09\x0a\x0c\x0d\x20-\x7e{_CP1252_LOWER}{_CP1252_UPPER}{_CP1252_PUNCT}]")
_LETTER_RUN = Lazy(f"[{_CP1252_LOWER}{_CP1252_UPPER}]{{3,}}")  # Cyrillic or Greek read as cp1252
_UPPER_MISPLACED = Lazy(f"[a-z][{_CP1252_UPPER}]|[{_CP1252_UPPER}](?![A-Za-z{_CP1252_LOWER}{_CP1252_UPPER}])")
_UTF8_SEQUENCE = Lazy(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def certain_cp1252(data: bytes) -> bool:
    """Is this (non-UTF-8) file certainly cp1252?  Conservative: any doubt is False.

    Certain means: every byte decodes; nothing but tabs, line breaks and printable
    characters; every non-ASCII character is an accented Latin letter or common
    typographic punctuation; no run of three accented letters (Cyrillic or Greek read
    as cp1252); an accented capital only at the start of a word or inside a capitalised
    word (Mac Roman's ’ reads as ``Õ`` in ``donÕt``); and no valid UTF-8 multi-byte
    sequence (a UTF-8 file with one stray cp1252 byte must not be converted twice).
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return not (_CP1252_OTHER.search(text) or _LETTER_RUN.search(text) or _UPPER_MISPLACED.search(text)
                or _UTF8_SEQUENCE.search(data))


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


def cp1252(char: str) -> str | None:
    """The cp1252 character a C1 control stands for, or None (0x81, 0x8D, 0x8F, 0x90, 0x9D)."""
    try:
        return bytes([ord(char)]).decode("cp1252")
    except UnicodeDecodeError:
        return None
