"""Limits on front matter, and the flat scan that enforces them before libyaml recurses.

libyaml's composer recurses in C: about 25,000 levels of ``[`` overflow the C stack (a
segfault, not a RecursionError).  So a text that *could* nest deeply or hold many
nodes is first scanned as a flat event stream, which uses no recursion and stops at
the first node past a limit.  Small texts skip the scan (they cannot exceed the
limits by enough to hurt; the walker still enforces them exactly).

Some libyaml versions (0.2.6, bundled with PyYAML 6.0.4) refuse flow nesting past a
depth of their own with a scanner error, and because the scanner reads ahead (up to a
line) before it emits an event, that error can come before the event at our depth
limit.  So when the scan ends in an error, the text *before* the error is scanned
again: it holds the same nodes up to there, and when nesting deeper than ours is what
stopped libyaml, the node past our limit is among them.  This depends neither on the
value of libyaml's limit nor on its wording, and costs at most one more libyaml pass
(PyYAML's pure-Python parser, which has no limit, takes 10-20 times as long).
"""

from __future__ import annotations

import yaml

MAX_DEPTH = 64  # nesting levels below the top-level mapping
MAX_NODES = 100_000  # values (keys are not counted)
MAX_CHARS = 1024 * 1024  # characters of front matter
MAX_ALIAS_CHARS = 100_000  # characters that aliases of scalars may repeat, in total
MAX_INT_DIGITS = 4300  # Python's int() refuses longer (quadratic time); such a value is FM007
TOO_LONG_INT = f"an integer of more than {MAX_INT_DIGITS:,} digits; not checked"
# A text with at most this many nesting indicators (- ? : [ {) and at most _SCAN_CHARS characters
# cannot nest deeply enough or hold enough nodes to matter: it is composed without the event scan.
_SCAN_INDICATORS = 256
_SCAN_CHARS = 64 * 1024
TOO_DEEP = f"front matter is nested deeper than {MAX_DEPTH} levels; not checked"
TOO_MANY = f"front matter has more than {MAX_NODES:,} values; not checked"


def nesting_bound(text: str) -> int:
    """An upper bound on YAML nesting: every collection on a path owns one of these indicators."""
    return sum(text.count(char) for char in "-?:[{")


def error_index(text: str, error: yaml.YAMLError) -> int | None:
    """The character index in ``text`` where a PyYAML error stopped, or None when it says nowhere.

    A reader error (a character YAML does not allow) carries the character and, from
    libyaml, a *byte* offset; the first occurrence of that character is where the
    reader stopped, whatever unit the offset is in.
    """
    if isinstance(error, yaml.reader.ReaderError):
        character = error.character
        found = text.find(chr(character) if isinstance(character, int) else str(character))
        return found if found >= 0 else None
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return None if mark is None else min(mark.index, len(text))


_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODES = (yaml.ScalarEvent, yaml.AliasEvent) + _OPENS


def scan_limits(text: str) -> tuple[str, int] | None:
    """(message, index) of the first node past a depth or count limit, from a flat event scan.

    Small texts are skipped: they cannot exceed the limits by enough to hurt (the walker
    still enforces them exactly).  When the scan ends in a syntax error before any
    limit, the text before the error is scanned again (see the module docstring) if
    enough nesting indicators follow the last event for a node past the depth limit to
    hide there; otherwise composing reports the error.
    """
    if len(text) <= _SCAN_CHARS and nesting_bound(text) <= _SCAN_INDICATORS:
        return None
    over, stopped = _scan(text)
    if over is not None or stopped is None:
        return over
    index, depth, last = stopped
    if last < index and depth + nesting_bound(text[last:index]) > MAX_DEPTH:
        return _scan(text[:index])[0]
    return None


def _scan(text: str) -> tuple[tuple[str, int] | None, tuple[int, int, int] | None]:
    """The first limit passed, and where a syntax error stopped the scan: (index, open collections, last event)."""
    open_maps: list[list] = []  # per open collection: [is_mapping, children seen]
    values = last = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            last = event.start_mark.index
            if isinstance(event, _NODES):
                if len(open_maps) > MAX_DEPTH:
                    return (TOO_DEEP, last), None
                parent = open_maps[-1] if open_maps else None
                if parent is not None:
                    parent[1] += 1
                if parent is None or not parent[0] or parent[1] % 2 == 0:  # a value, not a key
                    values += 1
                    if values > MAX_NODES:
                        return (TOO_MANY, last), None
                if isinstance(event, _OPENS):
                    open_maps.append([isinstance(event, yaml.MappingStartEvent), 0])
            elif isinstance(event, _CLOSES):
                open_maps.pop()
            elif isinstance(event, yaml.DocumentEndEvent):
                return None, None  # a second document is an error that composing reports
    except yaml.YAMLError as error:
        index = error_index(text, error)
        return None, (None if index is None else (index, len(open_maps), last))
    return None, None
