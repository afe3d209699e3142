"""Gitignore-style globs matched without backtracking: time linear in pattern × path.

Globs come from the repository (``.gitignore``, ``exclude``, collections).  Turned into
a regular expression, ``*a*a*a*a*a*a*a*a*a*a*b`` takes Python's ``re`` minutes on a
38-character name (each ``*`` backtracks over every split).  Here a glob is a list of
tokens and a path is matched by carrying the *set* of token positions it may be at,
one character at a time (a Thompson simulation), so no input can take longer than
``len(glob) × len(path)`` steps.

Tokens: ``**/`` (nothing, or anything ending in ``/``: an optional group of ``**`` and ``/``), ``**`` (anything), ``*``
(anything but ``/``), ``?`` (one character but ``/``), and literal characters.
"""

from __future__ import annotations

import functools

_STAR_SLASH, _STARS, _STAR, _ONE, _SKIP = "**/", "**", "*", "?", "skip"
_TOKENS = (_STAR_SLASH, _STARS, _STAR, _ONE)
# ``**/`` is the optional group ``(?:.*/)?``: a _SKIP entry (nothing, or into the group), ``**``, "/".
_GROUP = ((_SKIP, True), (_STARS, True), ("/", False))


@functools.cache
def compile_glob(pattern: str, floating: bool = False) -> tuple[tuple[str, bool], ...]:
    """The glob's tokens as ``(text, is_wildcard)``; ``floating`` adds a leading ``**/``."""
    tokens: list[tuple[str, bool]] = list(_GROUP) if floating else []
    index = 0
    while index < len(pattern):
        token = next((t for t in _TOKENS if pattern.startswith(t, index)), None)
        if token is None:
            tokens.append((pattern[index], False))
            index += 1
        else:
            tokens.extend(_GROUP if token == _STAR_SLASH else [(token, True)])
            index += len(token)
    return tuple(tokens)


def _closure(tokens: tuple, states: set[int]) -> set[int]:
    """Add the positions reachable without reading a character (wildcards that match nothing)."""
    stack = list(states)
    while stack:
        state = stack.pop()
        if state >= len(tokens) or not tokens[state][1] or tokens[state][0] == _ONE:
            continue
        for target in (state + 1, state + 3) if tokens[state][0] == _SKIP else (state + 1,):
            if target not in states:
                states.add(target)
                stack.append(target)
    return states


def _step(tokens: tuple, states: set[int], char: str) -> set[int]:
    following: set[int] = set()
    for state in states:
        if state == len(tokens):
            continue
        text, wild = tokens[state]
        if not wild:
            if text == char:
                following.add(state + 1)
        elif text == _ONE:
            if char != "/":
                following.add(state + 1)
        elif text == _STAR:
            if char != "/":
                following.add(state)
        elif text == _STARS:
            following.add(state)
        # _SKIP reads nothing: its closure already holds the states after it
    return _closure(tokens, following)


def glob_matches(pattern: str, path: str, floating: bool = False, descendants: bool = False) -> bool:
    """Whether ``path`` matches ``pattern`` whole (``descendants``: or a folder of it does)."""
    tokens = compile_glob(pattern, floating)
    states = _closure(tokens, {0})
    for char in path:
        if descendants and char == "/" and len(tokens) in states:
            return True
        states = _step(tokens, states, char)
        if not states:
            return False
    return len(tokens) in states
