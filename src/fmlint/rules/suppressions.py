"""Suppression comments inside the front matter.

``# fmlint: disable=FM401,FM105`` silences those codes (or prefixes) on its own line;
``# fmlint: disable-file=FM2`` silences them for the whole file.  A suppression
that silences nothing an enabled rule reported is itself reported (FM008), so stale
comments do not pile up; so is a code that names no rule (``disable=FM999``), a typo
that would otherwise go unnoticed.  Only real comments count: a ``#`` inside a quoted string
is text, and so is one in a block scalar or a TOML string.
"""

from __future__ import annotations

import bisect
import re

from fmlint.model import Diagnostic, Problem, Span
from fmlint.model.patterns import Lazy
from fmlint.rules import catalog

_DIRECTIVE = Lazy(r"(?:^|(?<=\s))#\s*fmlint:\s*(disable-file|disable)\s*=\s*([A-Za-z0-9][A-Za-z0-9 ,]*)",
                        re.MULTILINE)


class Suppression:
    """One ``# fmlint: disable=...`` directive; ``used`` is set once it hides a diagnostic.

    A plain class, not a dataclass: creating a dataclass costs ~1 ms at import, on every run."""

    __slots__ = ("line", "codes", "whole_file", "span", "used")

    def __init__(self, line: int, codes: tuple[str, ...], whole_file: bool, span: Span, used: bool = False) -> None:
        self.line, self.codes, self.whole_file, self.span, self.used = line, codes, whole_file, span, used

    def __repr__(self) -> str:
        return (f"Suppression(line={self.line!r}, codes={self.codes!r}, whole_file={self.whole_file!r}, "
                f"span={self.span!r}, used={self.used!r})")

    def covers(self, diagnostic: Diagnostic) -> bool:
        if not self.whole_file and diagnostic.line != self.line:
            return False
        return any(_matches(code, diagnostic.code) for code in self.codes)


def _matches(code: str, actual: str) -> bool:
    return code == "ALL" or actual.startswith(code)


def find(doc, fm) -> list[Suppression]:
    """Directives in the front matter's comments, with their positions."""
    if doc.body is None or "fmlint:" not in doc.text[doc.body.start:doc.body.end]:
        return []
    inside_text = _text_spans(doc, fm)
    found = []
    for match in _DIRECTIVE.finditer(doc.text, doc.body.start, doc.body.end):
        if inside_text(match.start()):
            continue
        codes = tuple(part.strip().upper() for part in match.group(2).split(",") if part.strip())
        line = doc.position(match.start())[0]
        found.append(Suppression(line, codes, match.group(1) == "disable-file", Span(match.start(), match.end())))
    return found


def _text_spans(doc, fm):
    """A test "is this offset inside a string?": a directive there is text, not a comment.

    YAML: every string value (quoted, block ``|``/``>`` or plain) and every quoted key.
    TOML: every string literal, found by the reader's string-and-comment scanner (its
    value spans run to the end of the line, comments included).  Sorted spans and a
    binary search keep this linear-logarithmic however many directives a file holds.
    """
    if doc.kind == "toml":
        from fmlint.reading.toml_reader import STRINGS_AND_COMMENTS

        start = doc.body.start
        spans = [(start + m.start(), start + m.end()) for m in
                 STRINGS_AND_COMMENTS.finditer(doc.text[doc.body.start:doc.body.end]) if m.group()[0] != "#"]
    else:
        nodes = [node for _, _, node in fm.strings]
        nodes += [key for key, _ in fm.nodes.values() if getattr(key, "style", None) in ('"', "'")]
        spans = [(span.start, span.end) for span in map(fm.node_span, nodes)]
    spans.sort()
    starts = [start for start, _ in spans]
    reach, farthest = [], -1
    for _, end in spans:  # the farthest end among spans starting at or before each one
        farthest = max(farthest, end)
        reach.append(farthest)

    def inside(offset: int) -> bool:
        index = bisect.bisect_right(starts, offset) - 1
        return index >= 0 and reach[index] > offset

    return inside


def apply(diagnostics: list[Diagnostic], suppressions: list[Suppression], enabled: set[str]) -> tuple[
        list[Diagnostic], list[Problem]]:
    """The diagnostics left after suppression, and a problem for each suppression that did nothing
    and for each code in one that names no rule."""
    kept = []
    for diagnostic in diagnostics:
        covering = [s for s in suppressions if s.covers(diagnostic)]
        for suppression in covering:
            suppression.used = True
        if not covering:
            kept.append(diagnostic)
    unused = []
    for suppression in suppressions:
        kind = "disable-file" if suppression.whole_file else "disable"
        written = f"'{kind}={','.join(suppression.codes)}'"
        unused.extend(Problem(f"suppression {written}: {catalog.unknown_code_message(code)}", span=suppression.span)
                      for code in catalog.unknown_codes(suppression.codes))
        live = [code for code in suppression.codes if any(_matches(code, e) for e in enabled)]
        if not suppression.used and live:
            unused.append(Problem(f"unused suppression: {written} silences nothing", span=suppression.span))
    return kept, unused
