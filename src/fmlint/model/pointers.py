"""JSON pointers (RFC 6901): the address of a value in the front matter's JSON view."""

from __future__ import annotations

from typing import Any

MISSING = object()


def escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def tokens(pointer: str) -> list[str]:
    """``/images/0/width`` -> ``["images", "0", "width"]``."""
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]


def step(container: Any, token: str) -> Any:
    """One level down, or ``MISSING``."""
    if isinstance(container, dict):
        return container.get(token, MISSING)
    if isinstance(container, list) and token.isdigit() and int(token) < len(container):
        return container[int(token)]
    return MISSING


def resolve(data: Any, pointer: str) -> Any:
    """The value at ``pointer``, or ``MISSING``."""
    for token in tokens(pointer):
        data = step(data, token)
        if data is MISSING:
            return MISSING
    return data
