"""The per-file view the encoding-glitch rules share, and how their repairs become fixes.

Every text the FM6xx rules read (each front-matter string, and the body when
configured), with its g.masked prose and the document's apostrophe evidence, built
once per file and kept in ``Context.memo``.  Repairs are ``(start, end, new)``
ranges of a value; they become edits at the exact characters of the scalar's
source where the source maps one-to-one, else ``scalars.string_fix``.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from fmlint.model import Edit, Fix, Span
from fmlint.reading.scalars import escape_for, fm_source, locate, source_offsets, string_fix
from fmlint.rules.text import glitch_tables as g
from fmlint.rules.text.block_scalars import block_offsets

_URL_FORMATS = frozenset({"uri", "uri-reference", "iri", "iri-reference", "email"})


class Text:
    """One piece of text a glitch rule reads: a front-matter string, or the body.

    What most values never need (g.masked prose, their words) is computed on first use.
    """

    def __init__(self, pointer: str | None, value: str, node: Any, base: int, key: str, url: bool, html: bool,
                 fm: Any = None):
        self.fm = fm  # the FrontMatter the node belongs to; None for the body
        self.pointer = pointer  # None for the Markdown body
        self.value = value
        self.node = node  # the scalar node; None for the body
        self.base = base  # file offset of value[0] (the body only)
        self.key = key  # the pointer's last non-index token
        self.url = url  # a URL value, or a field that holds URLs
        self.html = html  # an HTML field (option html_fields), a value with tags, or the body
        # Prose worth reading word by word: not a URL, and not a single token.
        self.words = not url and (" " in value or "\n" in value)

    @functools.cached_property
    def prose(self) -> str:
        """The value with URLs (and in HTML: code and tags) blanked, offsets unchanged."""
        return g.masked(self.value, markup=self.html)

    @functools.cached_property
    def offsets(self) -> list[int] | None:
        """The source offset of each character of the value (and its end): flow scalars, and
        block scalars (``block_offsets``) so that a repeated word is placed at its own line."""
        if self.node is None:
            return None
        style = getattr(self.node, "style", "")
        if style in ("|", ">"):
            return block_offsets(self.source, self.value)
        mapped = source_offsets(self.source, style)
        return mapped[1] if mapped is not None and mapped[0] == self.value else None

    @functools.cached_property
    def source(self) -> str:
        return self.value if self.fm is None else fm_source(self.fm, self.node)

    @functools.cached_property
    def vocabulary(self) -> frozenset:
        """The lower-cased words of the prose: a cheap test before any word rule's regex."""
        return frozenset(g.LETTERS.findall(self.prose.lower())) if self.words else frozenset()


class DocView:
    """Every text of one file, and the document-wide apostrophe evidence (on first use)."""

    def __init__(self, texts: list[Text], body: str):
        self.texts = texts
        self._body = body  # read for evidence even when the body is not checked

    @functools.cached_property
    def _evidence(self) -> tuple[tuple[int, int], frozenset, frozenset]:
        straight = curly = 0
        pairs, stems = set(), set()
        for prose, original in self._with_apostrophes():
            s, c = g.apostrophe_counts(prose)
            straight, curly = straight + s, curly + c
            for match in g.POSSESSIVE_EVIDENCE.finditer(prose):
                stems.add(match.group(1).lower())
                # Only blanks between them in the original: "action's `data` return" is no
                # evidence for "action's return" (its code span is blanked in the prose).
                if original[match.end(1) + 2:match.start(2)].isspace():
                    pairs.add((match.group(1).lower(), match.group(2).lower()))
        return (straight, curly), frozenset(pairs), frozenset(stems)

    def _with_apostrophes(self) -> list[tuple[str, str]]:
        """(prose, original) of each text with an apostrophe, and of the unchecked body."""
        found = [(text.prose, text.value) for text in self.texts
                 if text.words and ("'" in text.value or g.CURLY in text.value)]
        if "'" in self._body or g.CURLY in self._body:
            prose = g.masked(self._body, markup=True)
            found.append((prose, self._body))
        return found

    def all_prose(self) -> list[str]:
        """The prose of every text, and of the body even when it is not checked (evidence)."""
        found = [text.prose for text in self.texts if text.words]
        return found + ([g.masked(self._body, markup=True)] if self._body else [])

    @functools.cached_property
    def names(self) -> frozenset:
        """Capitalised words used bare (not as ``X’s``) anywhere in the document: its names."""
        return frozenset(name for prose in self.all_prose() for name in g.BARE_NAME.findall(prose))

    @property
    def apostrophes(self) -> tuple[int, int]:
        """(straight, curly) in-word apostrophes in the document."""
        return self._evidence[0]

    @property
    def pairs(self) -> frozenset:
        """(x, y), lower-cased, for each "x’s y" in the document."""
        return self._evidence[1]

    @property
    def stems(self) -> frozenset:
        """x, lower-cased, for each "x’s" in the document."""
        return self._evidence[2]


def doc_view(ctx) -> DocView:
    """The view of ``ctx``'s file, built on first use by any glitch rule."""
    view = ctx.memo.get("glitch-view")
    if view is None:
        view = ctx.memo["glitch-view"] = _build_view(ctx)
    return view


def _build_view(ctx) -> DocView:
    html_fields = set(ctx.option("html_fields", ("featuredContent",)))
    texts = [_front_matter_text(pointer, value, node, html_fields, ctx) for pointer, value, node in ctx.fm.strings]
    body, base = _body(ctx)
    if ctx.option("check_body", False) and body:
        texts.append(Text(None, body, None, base, "", False, True))
        body = ""  # already among the texts
    return DocView(texts, body)


def _front_matter_text(pointer, value, node, html_fields, ctx) -> Text:
    key = next((token for token in reversed(pointer.split("/")) if token and not token.isdigit()), "")
    key = key.replace("~1", "/").replace("~0", "~")
    url = g.looks_like_url(value) or g.url_key(key) or _schema_says_url(ctx, pointer)
    markup = key in html_fields or "<" in value and bool(g.HTML_TAG.search(value))
    return Text(pointer, value, node, -1, key, url, markup, ctx.fm)


def _schema_says_url(ctx, pointer: str) -> bool:
    if ctx.schema is None:
        return False
    from fmlint.rules.values import formats_at

    return not formats_at(ctx.schema.schema, pointer).isdisjoint(_URL_FORMATS)


def _body(ctx) -> tuple[str, int]:
    """The text after the front matter and its file offset ('' when there is none)."""
    fence = ctx.doc.close_fence
    if fence is None:
        return "", 0
    start = fence.end if ctx.doc.kind == "json" else g.LINE_END.match(ctx.doc.text, fence.end).end()
    return ctx.doc.text[start:], start


def span_of(ctx, text: Text | None, start: int, end: int) -> Span:
    """The file span of ``value[start:end]``: exact for the body and for verbatim scalars."""
    if text is None or text.pointer is None:
        base = 0 if text is None else text.base
        return Span(base + start, base + end)
    node_span = ctx.fm.node_span(text.node)
    if text.offsets is not None:
        return Span(node_span.start + text.offsets[start], node_span.start + text.offsets[end])
    found = locate(text.source, text.value, start, end)
    if found is None:
        return Span(node_span.start, node_span.start)
    return Span(node_span.start + found[0], node_span.start + found[1])


def grouped_fixes(ctx, text: Text, repairs, description: str) -> dict:
    """{applicability: Fix} for ``repairs`` (start, end, new, applicability or None).

    The safe fix repairs every safe item of the value, the unsafe one every item, so
    applying the fix of any problem leaves none of that rule's problems in the value
    (and two problems' identical fixes overlap, so the fixer applies one).
    """
    kinds = {item[3] for item in repairs}
    if text.pointer is None:
        return {}
    fixes = {}
    if "safe" in kinds:
        safe = [item[:3] for item in repairs if item[3] == "safe"]
        fixes["safe"] = _string_fix(ctx, text, safe, "safe", description)
    if "unsafe" in kinds:
        every = [item[:3] for item in repairs if item[3] is not None]
        fixes["unsafe"] = _string_fix(ctx, text, every, "unsafe", description)
    return fixes


def _string_fix(ctx, text: Text, repairs, applicability: str, description: str) -> Fix | None:
    """The fix applying ``repairs`` to the value: exact edits where the repaired pieces are
    written verbatim in the scalar, else ``scalars.string_fix`` (for values it can diff fast)."""
    if not repairs or text.pointer is None or getattr(text.node, "style", "toml") == "toml":
        return None
    new, last = [], 0
    for start, end, replacement in sorted(repairs):
        new += [text.value[last:start], replacement]
        last = end
    new.append(text.value[last:])
    new_value = "".join(new)
    edits = _exact_edits(ctx, text, sorted(repairs))
    if edits is not None:
        return Fix(edits, applicability, description, values=((text.pointer, new_value),))
    if len(text.value) > g.MAX_FIX_LENGTH:
        return None
    return string_fix(ctx.fm, text.pointer, text.node, text.value, new_value, applicability, description)


def _exact_edits(ctx, text: Text, repairs) -> tuple[Edit, ...] | None:
    """One edit per repair, at its exact place, escaped for the scalar's style; None when a
    repaired piece is not written verbatim (an escape, a fold) or cannot be written there.

    This is ``string_fix``'s minimal edit without its diff, which grows with the square of
    the value's length: here the rule already knows what changes where.
    """
    style = getattr(text.node, "style", "")
    base = ctx.fm.node_span(text.node).start
    edits = []
    for start, end, replacement in repairs:
        start, end, replacement = _trimmed(text.value[start:end], start, end, replacement, style)
        if text.offsets is not None:
            local = (text.offsets[start], text.offsets[end])
        else:
            local = locate(text.source, text.value, start, end)
        if local is None or text.source[local[0]:local[1]] != text.value[start:end]:
            return None  # not written verbatim (an escape, a fold)
        if start == end and text.source[local[0]:local[0] + 1] != text.value[start:start + 1]:
            return None  # an insertion must go before a character written as itself
        content = escape_for(replacement, style)
        if content is None or style == "" and _breaks_plain(text.source, local, content):
            return None
        edits.append(Edit(base + local[0], base + local[1], content))
    return tuple(edits)


def _trimmed(old: str, start: int, end: int, new: str, style: str) -> tuple[int, int, str]:
    """The repair narrowed to the characters that change (keeping one before a quote that
    would otherwise start a plain-scalar edit)."""
    head = len(os.path.commonprefix([old, new]))
    tail = len(os.path.commonprefix([old[head:][::-1], new[head:][::-1]]))
    if style == "" and head and new[head:head + 1] in ("'", '"', "#"):
        head -= 1
    return start + head, end - tail, new[head:len(new) - tail]


def _breaks_plain(source: str, local: tuple[int, int], content: str) -> bool:
    """Would the edit make a plain scalar parse differently (``: ``, `` #``, a new end)?"""
    joined = source[max(0, local[0] - 1):local[0]] + content + source[local[1]:local[1] + 1]
    at_edge = local[0] == 0 or local[1] == len(source)
    return ": " in joined or " #" in joined or at_edge and content[-1:].isspace()
