"""The per-file view the encoding-glitch rules share.

Every text the FM6xx rules read (each front-matter string, and the body when
configured), with its g.masked prose and the document's apostrophe evidence, built
once per file and kept in ``Context.memo``.  How the rules' repairs become fixes is
``glitch_fixes``.
"""

from __future__ import annotations

import re
from typing import Any

from fmlint.reading.scalars import fm_source, source_offsets
from fmlint.rules.text import glitch_tables as g
from fmlint.rules.text.block_scalars import block_offsets

_URL_FORMATS = frozenset({"uri", "uri-reference", "iri", "iri-reference", "email"})
# Every character FM603-FM605, FM608 and FM609 look for: a mojibake lead character, a C1
# control, a no-break space, a zero-width character, U+FFFD.  All lie beyond ASCII, so an
# ASCII value (``str.isascii`` reads a flag) needs no scan at all.
_RARE = re.compile("[\u0080-\u00a0\u00c2-\u00f4\u200b-\u200d\u2060\ufeff\ufffd]")
# The pointer's key and whether it names a URL (``url_key``): pointers repeat across a
# site's files, so each is worked out once (bounded like ``values.schema_memo``).
_KEYS: dict[str, tuple[str, bool]] = {}


class _once:  # noqa: N801 - used as a decorator, like the property it replaces
    """``functools.cached_property`` without its lock (Python 3.11 takes an RLock on every
    first read, and a view has a dozen lazy values per file): a view belongs to one file,
    read by one thread."""

    def __init__(self, compute):
        self.compute, self.name, self.__doc__ = compute, compute.__name__, compute.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)  # later reads find it there
        return value


class Text:
    """One piece of text a glitch rule reads: a front-matter string, or the body.

    What most values never need (g.masked prose, their words) is computed on first use.
    """

    def __init__(self, pointer: str | None, value: str, node: Any, base: int, key: str, url: bool, html: bool,
                 fm: Any = None, markdown: bool = False):
        self.fm = fm  # the FrontMatter the node belongs to; None for the body
        self.pointer = pointer  # None for the Markdown body
        self.value = value
        self.node = node  # the scalar node; None for the body
        self.base = base  # file offset of value[0] (the body only)
        self.key = key  # the pointer's last non-index token
        self.url = url  # a URL value, or a field that holds URLs
        self.html = html  # an HTML field (option html_fields), a value with tags, or the body
        self.markdown = markdown  # a Markdown body: its indented code blocks are code (not in MDX)
        # Prose worth reading word by word: not a URL, and not a single token.
        self.words = not url and (" " in value or "\n" in value)
        self.mark: str | None = None  # the apostrophe a repair inserts here (``word_rules.apostrophe_for``)

    @_once
    def prose(self) -> str:
        """The value with URLs (and in HTML: code and tags) blanked, offsets unchanged."""
        return g.masked(self.value, markup=self.html, markdown=self.markdown)

    @_once
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

    @_once
    def source(self) -> str:
        return self.value if self.fm is None else fm_source(self.fm, self.node)

    @_once
    def lowered(self) -> str:
        """The prose lower-cased: the word rules' cheap tests search it."""
        return self.prose.lower()

    @_once
    def vocabulary(self) -> frozenset:
        """The lower-cased words of the prose: a cheap test before any word rule's regex."""
        return frozenset(g.LETTERS.findall(self.lowered)) if self.words else frozenset()


class DocView:
    """Every text of one file, and the document-wide apostrophe evidence (on first use).

    What each rule family can fire on is found once here (issue 14): the texts holding a
    rare character (``rare``), and the words of the whole document (``words``); a rule
    whose trigger is absent reads nothing.
    """

    def __init__(self, texts: list[Text], body: str, markdown: bool = False):
        self.texts = texts
        self._body = body  # read for evidence even when the body is not checked
        self._markdown = markdown  # the body is Markdown with indented code blocks (not MDX)

    @_once
    def rare(self) -> list[Text]:
        """The texts with a character FM603-FM605, FM608 or FM609 look for (most have none)."""
        return [text for text in self.texts if not text.value.isascii() and _RARE.search(text.value)]

    @_once
    def prose_texts(self) -> list[Text]:
        """The texts read word by word."""
        return [text for text in self.texts if text.words]

    @_once
    def words(self) -> frozenset:
        """The lower-cased words of every text read word by word: one set per document, so a
        word rule none of whose words occurs skips every text (and builds no text's set)."""
        return frozenset(g.LETTERS.findall("\n".join(text.lowered for text in self.prose_texts)))

    @_once
    def _masked_body(self) -> str:
        """The unchecked body with code, tags and URLs blanked (evidence, names): masked once."""
        return g.masked(self._body, markup=True, markdown=self._markdown) if self._body else ""

    @_once
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
        found = [(text.prose, text.value) for text in self.prose_texts
                 if "'" in text.value or g.CURLY in text.value]
        if "'" in self._body or g.CURLY in self._body:
            found.append((self._masked_body, self._body))
        return found

    def all_prose(self) -> list[str]:
        """The prose of every text, and of the body even when it is not checked (evidence)."""
        return self._all_prose

    @_once
    def _all_prose(self) -> list[str]:
        found = [text.prose for text in self.prose_texts]
        return found + ([self._masked_body] if self._body else [])

    @_once
    def names(self) -> frozenset:
        """Capitalised words used bare (not as ``X’s``) anywhere in the document: its names."""
        # One search of the texts joined by line breaks: a name neither crosses nor touches one.
        return frozenset(g.BARE_NAME.findall("\n".join(self.all_prose())))

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
    url_memo = _url_memo(ctx)
    texts = [_front_matter_text(pointer, value, node, html_fields, ctx, url_memo)
             for pointer, value, node in ctx.fm.strings if _readable(value)]
    body, base = _body(ctx)
    markdown = not ctx.doc.path.lower().endswith((".mdx", ".html", ".htm"))  # no indented code there
    if ctx.option("check_body", False) and body:
        texts.append(Text(None, body, None, base, "", False, True, markdown=markdown))
        body = ""  # already among the texts
    return DocView(texts, body, markdown)


def _readable(value: str) -> bool:
    """Can any FM6xx rule fire on this value?  Not on a single ASCII token without ``&`` or ``?``
    (``Text.words`` needs a blank, the rare characters lie beyond ASCII): most values."""
    return " " in value or "\n" in value or not value.isascii() or "&" in value or "?" in value


def _front_matter_text(pointer, value, node, html_fields, ctx, url_memo) -> Text:
    key, url_named = _key_of(pointer)
    url = g.looks_like_url(value) or url_named or _schema_says_url(ctx, pointer, url_memo)
    markup = key in html_fields or "<" in value and bool(g.HTML_TAG.search(value))
    return Text(pointer, value, node, -1, key, url, markup, ctx.fm)


def _key_of(pointer: str) -> tuple[str, bool]:
    """The pointer's last non-index token, unescaped, and whether it names a URL field."""
    found = _KEYS.get(pointer)
    if found is None:
        key = next((token for token in reversed(pointer.split("/")) if token and not token.isdigit()), "")
        key = key.replace("~1", "/").replace("~0", "~")
        if len(_KEYS) > 8192:  # bounded: list indexes make pointers many
            _KEYS.clear()
        found = _KEYS[pointer] = (key, g.url_key(key))
    return found


def _url_memo(ctx) -> dict | None:
    """{pointer: holds URLs} for the file's schema, kept across files (None without a schema)."""
    if not ctx.fm.strings or ctx.schema is None:
        return None
    from fmlint.rules.values import schema_memo

    return schema_memo(ctx.schema.schema, "glitch-url")


def _schema_says_url(ctx, pointer: str, url_memo: dict | None) -> bool:
    if url_memo is None:
        return False
    found = url_memo.get(pointer)
    if found is None:
        from fmlint.rules.values import formats_at

        found = url_memo[pointer] = not formats_at(ctx.schema.schema, pointer).isdisjoint(_URL_FORMATS)
    return found


def _body(ctx) -> tuple[str, int]:
    """The text after the front matter and its file offset ('' when there is none)."""
    fence = ctx.doc.close_fence
    if fence is None:
        return "", 0
    start = fence.end if ctx.doc.kind == "json" else g.LINE_END.match(ctx.doc.text, fence.end).end()
    return ctx.doc.text[start:], start
