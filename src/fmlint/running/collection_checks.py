"""Config warnings about collections: what is suspect in a config but does not stop a run.

A collection is "shadowed" when an earlier one takes every file it could match: files go
to the first collection that matches, so the later one's schema and options never apply,
which its author did not mean.  ``--show-config`` and every ``check`` print the warning.
"""

from __future__ import annotations

import json
from collections.abc import Callable

# An earlier collection with one of these includes takes every file (``**/*.md``: every file
# whose include glob ends in ``.md``) before a later one: the later one is shadowed.
_CATCH_ALL = ("**", "**/*")
_CATCH_SUFFIX = {"**/*.md": ".md", "**/*.markdown": ".markdown", "**/*.mdx": ".mdx"}


def shadowed(collections: list, line_of: Callable[[str], int], path: str) -> tuple[str, ...]:
    """A warning for each collection an earlier one leaves no file to: it never applies.

    Only what is certain is detected, by the globs' text (no glob subsumption): an earlier
    collection with every include glob of this one (and no exclude this one lacks), or with
    an include that takes every file (``**``, ``**/*``) or every file of this one's extension
    (``**/*.md`` before ``_news/**/*.md``)."""
    found = []
    for later, entry in enumerate(collections):
        earlier = next((index for index, each in enumerate(collections[:later]) if _covers(each, entry)), None)
        if earlier is not None:
            line, first_line = line_of(f"/collections/{later}"), line_of(f"/collections/{earlier}")
            found.append(f"{path}:{line}: collections[{later}]{_named(entry)} never applies: "
                         f"collections[{earlier}]{_named(collections[earlier])} (line {first_line}, include = "
                         f"{json.dumps(collections[earlier]['include'])}) takes every file it matches first")
    return tuple(found)


def _covers(first: dict, second: dict) -> bool:
    """Does the collection ``first`` surely take every file ``second`` matches?"""
    if not set(first.get("exclude", ())) <= set(second.get("exclude", ())):
        return False
    includes = first["include"]
    if any(glob in _CATCH_ALL for glob in includes) or set(second["include"]) <= set(includes):
        return True
    suffixes = [_CATCH_SUFFIX[glob] for glob in includes if glob in _CATCH_SUFFIX]
    return all(any(glob.endswith(suffix) for suffix in suffixes) for glob in second["include"])


def _named(entry: dict) -> str:
    return f' ("{entry["name"]}")' if entry.get("name") else ""
