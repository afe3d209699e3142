"""From bytes to the front matter's view: decode, find the fences, parse the right language.

``read`` is the whole reading stage; ``parse`` chooses the reader by the fence: YAML
(``yaml_reader``), JSON (composed by the same YAML parser: JSON is a subset, once the
object's end is found here) or TOML (``toml_reader``).  Limits on size are enforced
before any parser runs.
"""

from __future__ import annotations

import json

from fmlint.model import Problem, Span
from fmlint.reading.document import Document, decode, locate_front_matter
from fmlint.reading.limits import MAX_CHARS, TOO_DEEP
from fmlint.reading.view import FrontMatter
from fmlint.reading.yaml_reader import parse_yaml


def parse(doc: Document) -> FrontMatter:
    """Parse the located front matter of ``doc``; problems go to ``doc.findings``."""
    if doc.body is None:
        return FrontMatter()
    if doc.kind != "json" and doc.body.end - doc.body.start > MAX_CHARS:
        return _too_long(doc, doc.body.end - doc.body.start)
    if doc.kind == "toml":
        from fmlint.reading.toml_reader import parse_toml

        return parse_toml(doc)
    if doc.kind == "json" and not _narrow_json(doc):
        return FrontMatter()
    return parse_yaml(doc)


def _narrow_json(doc: Document) -> bool:
    """Find where a leading JSON object ends; report invalid JSON at its position."""
    start = doc.body.start
    try:
        _, end = json.JSONDecoder(parse_int=str).raw_decode(doc.text, start)  # no int(): any length
    except json.JSONDecodeError as error:
        doc.add("syntax-error", Problem(f"invalid JSON front matter: {error.msg}", span=Span(error.pos, error.pos)))
        return False
    except RecursionError:  # the json module recurses (with a guard) per level of nesting
        doc.add("limit-exceeded", Problem(TOO_DEEP, span=doc.open_fence))
        return False
    if end - start > MAX_CHARS:
        _too_long(doc, end - start)
        return False
    doc.body = Span(start, end)
    doc.close_fence = Span(end - 1, end)
    return True


def _too_long(doc: Document, size: int) -> FrontMatter:
    doc.add("limit-exceeded", Problem(f"front matter is {size:,} characters; front matter over {MAX_CHARS:,} "
                                      "characters is not checked", span=doc.open_fence))
    return FrontMatter()


def read(data: bytes, path: str, size: int | None = None) -> tuple[Document, FrontMatter]:
    """Decode, find the fences and parse: the document model every rule and fix works on."""
    doc = decode(path, data, size)
    fm = FrontMatter()
    if doc.checkable:
        locate_front_matter(doc)
        fm = parse(doc)
    return doc, fm
