"""Limits on front matter, and the flat scan that enforces them before libyaml recurses.

libyaml's composer recurses in C: about 25,000 levels of ``[`` overflow the C stack (a
segfault, not a RecursionError).  So a text that *could* nest deeply or hold many
nodes is first scanned as a flat event stream, which uses no recursion and stops at
the first node past a limit.  Small texts skip the scan (they cannot exceed the
limits by enough to hurt; the walker still enforces them exactly).
"""

from __future__ import annotations

import yaml

MAX_DEPTH = 64  # nesting levels below the top-level mapping
MAX_NODES = 100_000  # values (keys are not counted)
MAX_CHARS = 1024 * 1024  # characters of front matter
MAX_ALIAS_CHARS = 100_000  # characters that aliases of scalars may repeat, in total
# A text with at most this many nesting indicators (- ? : [ {) and at most _SCAN_CHARS characters
# cannot nest deeply enough or hold enough nodes to matter: it is composed without the event scan.
_SCAN_INDICATORS = 256
_SCAN_CHARS = 64 * 1024
TOO_DEEP = f"front matter is nested deeper than {MAX_DEPTH} levels; not checked"
TOO_MANY = f"front matter has more than {MAX_NODES:,} values; not checked"


def nesting_bound(text: str) -> int:
    """An upper bound on YAML nesting: every collection on a path owns one of these indicators."""
    return sum(text.count(char) for char in "-?:[{")


_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODES = (yaml.ScalarEvent, yaml.AliasEvent) + _OPENS


def scan_limits(text: str) -> tuple[str, int] | None:
    """(message, index) of the first node past a depth or count limit, from a flat event scan.

    Small texts are skipped: they cannot exceed the limits by enough to hurt (the walker
    still enforces them exactly).  A syntax error ends the scan; composing reports it.
    """
    if len(text) <= _SCAN_CHARS and nesting_bound(text) <= _SCAN_INDICATORS:
        return None
    open_maps: list[list] = []  # per open collection: [is_mapping, children seen]
    values = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, _NODES):
                if len(open_maps) > MAX_DEPTH:
                    return TOO_DEEP, event.start_mark.index
                parent = open_maps[-1] if open_maps else None
                if parent is not None:
                    parent[1] += 1
                if parent is None or not parent[0] or parent[1] % 2 == 0:  # a value, not a key
                    values += 1
                    if values > MAX_NODES:
                        return TOO_MANY, event.start_mark.index
                if isinstance(event, _OPENS):
                    open_maps.append([isinstance(event, yaml.MappingStartEvent), 0])
            elif isinstance(event, _CLOSES):
                open_maps.pop()
            elif isinstance(event, yaml.DocumentEndEvent):
                return None  # a second document is an error that composing reports
    except yaml.YAMLError:
        return None
    return None
