"""TOML front matter (Hugo's ``+++`` fences): data from ``tomllib``, positions by a line scan.

``tomllib`` gives no positions, so a light scanner maps ``key = value`` lines under
``[table]`` and ``[[array]]`` headers to JSON pointers.  It covers the shapes front
matter uses (tables, arrays of tables, dotted keys on the left); a value it cannot
place is reported at the opening fence, never lost.  Dates become their ISO text, as
YAML timestamps do.  The YAML limits apply: ``tomllib`` recurses per level of inline
nesting (a RecursionError deep down), and table headers nest without recursion, so
depth and the number of values are measured iteratively before anything walks the data.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any, NamedTuple

from fmlint.model import Problem, Span
from fmlint.reading.document import Document
from fmlint.reading.limits import MAX_DEPTH, MAX_INT_DIGITS, MAX_NODES, TOO_LONG_INT
from fmlint.reading.view import FrontMatter, escape_token

_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([^\]]+?)[ \t]*\]\]?")
_KEY = re.compile(r"^[ \t]*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)[ \t]*=[ \t]*")
_ERROR_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
# Strings and comments, so that what is left is structure: each value of valid TOML owns at most
# two of the characters "=,[{" outside them (a pair's "=", an element's ",", an array's "[",
# an inline table's "{", an array-of-tables element's "[["), so counting them bounds the values.
STRINGS_AND_COMMENTS = _STRINGS_AND_COMMENTS = re.compile(
    r'"""(?:\\[\s\S]|[^\\])*?"""' r"|'''[\s\S]*?'''" r'|"(?:\\.|[^"\\\n])*"' r"|'[^'\n]*'" r"|#[^\n]*")


class _Mark(NamedTuple):
    index: int


class _Node(NamedTuple):
    """Just enough of a YAML node (marks) for ``FrontMatter.span``."""

    start_mark: _Mark
    end_mark: _Mark
    # A one-line basic string ("...") is written as a YAML double-quoted scalar is (TOML's
    # escapes are a subset of YAML's, with the same meanings) and a literal one ('...') as a
    # single-quoted one without quotes inside, so those get the YAML styles, and text fixes
    # edit them in place (the fixer re-reads the TOML to verify); anything else is "toml".
    style: str = "toml"


_ONE_LINE_STRING = re.compile(r"""("(?:[^"\\\n]|\\[^\n])*"|'[^'\n]*')[ \t]*(?:#[^\n]*)?\Z""")


def _value_node(line: str, start: int, position: int) -> _Node:
    """The value of a ``key = value`` line: the string itself when it is a one-line string (so a
    comment after it is not part of it), else everything up to the end of the line."""
    text = line.rstrip()
    found = _ONE_LINE_STRING.match(text, start)
    if found and text[start:start + 3] not in ('"""', "'''"):
        return _Node(_Mark(position + start), _Mark(position + found.end(1)), found.group(1)[0])
    return _Node(_Mark(position + start), _Mark(position + len(text)))


_LONG_INT = re.compile(r"[0-9_]{%d,}" % (MAX_INT_DIGITS + 1))


def parse_toml(doc: Document) -> FrontMatter:
    text = doc.front_matter_text
    fm = FrontMatter(offset=doc.body.start, text=text)
    if _structure_count(text) > 2 * MAX_NODES:  # certainly too many values: do not spend seconds parsing
        doc.add("limit-exceeded", Problem(f"front matter has more than {MAX_NODES:,} values; not checked",
                                          span=doc.open_fence))
        return fm
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _ERROR_AT.search(str(error))
        offset = fm.offset
        if found:
            first_line = doc.position(fm.offset)[0]
            offset = doc.offset_of(first_line + int(found.group(1)) - 1, int(found.group(2)))
        message = _ERROR_AT.sub("", str(error)).strip()
        doc.add("syntax-error", Problem(f"TOML syntax error: {message}", span=Span(offset, offset)))
        return fm
    except ValueError:  # int() refuses an integer of more than 4,300 digits
        long_int = _LONG_INT.search(text)
        at = fm.offset + (long_int.start() if long_int else 0)
        doc.add("limit-exceeded", Problem(TOO_LONG_INT, span=Span(at, at + (len(long_int.group()) if long_int else 0))))
        return fm
    except RecursionError:
        data = None
    over = _over_limit(data)
    if over is not None:
        doc.add("limit-exceeded", Problem(over, span=doc.open_fence))
        return fm
    fm.data = _jsonable(data)
    fm.ok = True
    index_lines(text, fm)
    _collect_strings(fm.data, "", fm)
    return fm


def _structure_count(text: str) -> int:
    structure = _STRINGS_AND_COMMENTS.sub("", text)
    return sum(structure.count(char) for char in "=,[{")


def _over_limit(data: Any) -> str | None:
    """Why ``data`` is too deep or too big to check (``None``: too deep for ``tomllib`` itself), or None."""
    if data is None:
        return f"front matter is nested deeper than {MAX_DEPTH} levels; not checked"
    values, todo = 0, [(data, 0)]
    while todo:
        value, depth = todo.pop()
        values += 1
        if depth > MAX_DEPTH:
            return f"front matter is nested deeper than {MAX_DEPTH} levels; not checked"
        if values > MAX_NODES:
            return f"front matter has more than {MAX_NODES:,} values; not checked"
        if isinstance(value, dict):
            todo.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            todo.extend((item, depth + 1) for item in value)
    return None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat().replace("+00:00", "Z")
    return value


def _split_key(raw: str) -> list[str]:
    """``a."b.c".d`` -> ``["a", "b.c", "d"]``."""
    return [a or b or c for a, b, c in re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", raw)]


def _collect_strings(value: Any, pointer: str, fm: FrontMatter) -> None:
    if isinstance(value, str):
        node = fm.nodes.get(pointer, (None, None))[1]
        if node is not None:
            fm.strings.append((pointer, value, node))
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect_strings(item, f"{pointer}/{escape_token(key)}", fm)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect_strings(item, f"{pointer}/{index}", fm)


def index_lines(text: str, fm: FrontMatter) -> None:
    """Record a node for each ``key = value`` line, under the current table header."""
    table = ""
    array_counts: dict[str, int] = {}
    position = 0
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line)
        key = None if header else _KEY.match(line)
        if header:
            path = "".join(f"/{escape_token(part)}" for part in _split_key(header.group(2)))
            if header.group(1) == "[[":
                array_counts[path] = array_counts.get(path, -1) + 1
                path = f"{path}/{array_counts[path]}"
            table = path
            fm.nodes.setdefault(table, (None, _Node(_Mark(position), _Mark(position + len(line.rstrip())))))
        elif key:
            pointer = table + "".join(f"/{escape_token(part)}" for part in _split_key(key.group(1)))
            key_node = _Node(_Mark(position + key.start(1)), _Mark(position + key.end(1)))
            fm.nodes[pointer] = (key_node, _value_node(line, key.end(), position))
        position += len(line)
