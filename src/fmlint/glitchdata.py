"""Tables and helpers for the encoding-glitch rules (FM603-FM629).

The word tables are the measured ones from ``notes/glitches.md``; each says in a
comment what it is for.  Then pure text helpers (masking URLs and markup, choosing an
apostrophe, locating a piece of a value in its scalar's source), and the per-file view
the rules share: every text they read, with its masked prose and the document's
apostrophe evidence, built once per file.  No ftfy and no I/O here: it imports fast.
"""

from __future__ import annotations

import functools
import os
import re
from typing import Any

from .model import Edit, Fix, Span
from .scalars import escape_for, fm_source, string_fix

# -- dropped apostrophes ------------------------------------------------------------

# Contractions whose apostrophe-less form is not an English word: safe to repair.
# Measured precision 116/116 (site) and 343/343 (docstrings), recall 100%.
SURE_CONTRACTIONS = frozenset("""
isn't aren't wasn't weren't don't doesn't didn't couldn't shouldn't wouldn't hasn't haven't
hadn't mustn't needn't mightn't shan't ain't daren't oughtn't that's what's there's here's
who's where's he's she's everyone's someone's anyone's nobody's you're they're what're you've
we've they've could've would've should've might've must've who've you'll it'll they'll that'll
there'll who'll you'd he'd it'd they'd who'd that'd y'all o'clock ma'am
""".split())
SURE_STRIPPED = {form.replace("'", ""): form for form in SURE_CONTRACTIONS}
SURE_LOWER = frozenset(SURE_STRIPPED) | {"im", "ive"}  # a text with none of these needs no closer look
# Case-exact forms: "IM" and "ive" are not glitches; "Jony Ive" is a name.
CASE_EXACT = {"Im": "I'm", "Ive": "I've"}

# Contractions that are also words: only repaired with the context measured for each.
AMBIGUOUS = {"its": "it's", "lets": "let's", "cant": "can't", "wont": "won't", "Ill": "I'll",
             "Id": "I'd", "wed": "we'd", "shed": "she'd"}
AMBIGUOUS_LOWER = frozenset(word.lower() for word in AMBIGUOUS)
# "its X" is "it's X" when X is one of these (19/19 and 45/45, no false alarm).
ITS_NEXT = frozenset("""
a an the not been this that these those my your our their his her me him them us you what how
why when where who whether because if about like just also so too never always now here there
going getting important possible easy hard clear true likely unlikely no
""".split())
# Base verbs, and adverbs, that follow let's / I'll / I'd (let's takes verbs only).
VERBS = frozenset("""
be have do go get make take see look talk show walk explore discuss dive start build create
learn use try find review check cover share explain tell give keep let put move set add run
write read need want like love rather hear say think know imagine recap summarize compare
continue begin open install configure test call focus turn bring celebrate connect meet chat
work play jump break deploy send post update help visit consider understand demonstrate
introduce examine answer ask dig wrap head hope guess bet agree
""".split())
ADVERBS = frozenset("probably definitely also never always just still really certainly soon now first then even".split())
# After these, "lets X" is a verb taking an object ("it lets go"), not "let's".
LETS_IDIOMS = frozenset("go slip fly loose rip pass drop be".split())
# "cant"/"wont" after these is the noun ("as is his wont", "the cant of ...").
CANT_WONT_BLOCKERS = frozenset("the a an his her their its my our your of as".split())
WED_SHED_NEXT = frozenset("""
like love be have rather need want also probably never better just definitely always really
""".split())
# Weak evidence, warning only: "well" + one of these verbs, unless after one of WELL_BLOCKERS
# ("might well be", "as well have").  Sentence-initial "Were" + one of WERE_NEXT.
WELL_VERBS = frozenset("""
be have see show cover look take walk discuss explore talk need get go start build use learn
dive create continue share explain tell give keep send post update review
""".split())
WELL_BLOCKERS = frozenset("""
as might may could would should will very so pretty quite just equally perfectly fairly really
too does do did is are was were be been being not and or but
""".split())
WERE_NEXT = frozenset("""
excited happy thrilled proud pleased delighted going back here hiring looking working bringing
launching announcing sorry glad ready live also still always just now so very
""".split())

# Possessives repaired from word shape alone (10/10 and 2/2).
POSSESSIVE_WORDS = {"womens": "women's", "childrens": "children's", "todays": "today's"}
# Real words (or names) that end in consonant + "ys".
YS_WORDS = frozenset("emmys grammys tonys rhys sys ladys abys".split())
# Words whose apostrophe form is a contraction, never a possessive: left to the contraction rules.
NOT_POSSESSIVE = frozenset("it he she that what who there here let where everyone".split())

# Every contraction, sure or ambiguous: a "?" or U+FFFD standing where one's apostrophe goes is certain.
CONTRACTIONS = SURE_CONTRACTIONS | frozenset(AMBIGUOUS.values()) | frozenset(CASE_EXACT.values()) | frozenset(
    "we'll we're he'll she'll I'll I'd it's let's can't won't".split())
CONTRACTIONS_LOWER = frozenset(form.lower() for form in CONTRACTIONS)

CURLY = "\u2019"
# A fix is exact edits where the repaired pieces are written verbatim in the scalar; else
# scalars.string_fix, whose difflib diff grows with the square of the value's length
# (0.27 s for 2,000 characters of prose, measured), so only for values up to this length.
# The real corpus's longest string is 726 characters.
MAX_FIX_LENGTH = 2000

# -- characters ------------------------------------------------------------------------

# A UTF-8 lead byte (0xC2-0xF4) read as cp1252/latin-1, followed by a continuation byte
# (0x80-0xBF) read the same way.  Every UTF-8 mojibake sequence contains one.  A space is
# deliberately not a continuation: "Ã " is too often a real capital Ã (see glitches.md).
_CONTINUATION = ("\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039"
                 "\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a"
                 "\u0153\u017e\u0178")
MOJIBAKE_CANDIDATE = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")
C1 = re.compile("[\u0080-\u009f]")
ZERO_WIDTH_NAMES = {"\u200b": "zero-width space", "\u200c": "zero-width non-joiner",
                    "\u200d": "zero-width joiner", "\u2060": "word joiner",
                    "\ufeff": "zero-width no-break space (byte-order mark)"}
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Joiners are part of emoji sequences and of scripts such as Persian or Devanagari.
JOINERS = "\u200c\u200d"
NBSP = "\u00a0"
_NBSP_RUN = re.compile("[ \u00a0]*\u00a0[ \u00a0]*")

# -- words, URLs and markup --------------------------------------------------------------

NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z\-]*)")
POSSESSIVE_EVIDENCE = re.compile(r"(?<![\w'\u2019])([A-Za-z]{2,})['\u2019]s[ \t]+([A-Za-z]+)")
IN_WORD_APOSTROPHE = re.compile(r"(?<=[A-Za-z])(['\u2019])(?=[A-Za-z])")
# A "?" or U+FFFD between a letter and a contraction or possessive ending.
LOST_APOSTROPHE = re.compile(r"(?<=[A-Za-z])([?\ufffd])(s|t|re|ve|ll|d|m)(?![\w=&/%+-]|\.\w)", re.IGNORECASE)
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# Every pattern here starts only at a word start (look-behinds), so none is quadratic on a
# long token such as a base64 value or a data URI.
_URL_IN_TEXT = re.compile(r"(?<![a-z0-9+.-])(?:[a-z][a-z0-9+.-]{0,30}://|www\.|mailto:)[^\s<>\"'()\[\]]+"
                          r"|(?<![\w.+-])[\w.+-]{1,64}@[\w-]+\.[\w.-]+", re.IGNORECASE)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]{0,30}:", re.IGNORECASE)
_BLANK = re.compile(r"\s")
_URL_KEY = re.compile(r"(?:url|uri|href|link|src|path|slug|permalink|domain|email|website|image)s?$", re.IGNORECASE)
_LETTERS = re.compile(r"[a-z]+")
STEM = re.compile(r"[A-Za-z]+$")
_LINE_END = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_CODE = re.compile(r"^([ \t]*)(```|~~~).*?^\1\2[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)


def looks_like_url(value: str) -> bool:
    """A value that is a URL, a path or a bare domain (``x.example/a``) rather than prose."""
    value = value.strip()
    if not value or _BLANK.search(value):
        return False
    if _SCHEME.match(value) or value.startswith(("/", "./", "../", "www.", "#")):
        return True
    host, slash, _ = value.partition("/")
    return bool(slash) and "." in host


def url_key(key: str) -> bool:
    """A key whose value is a URL by name (``webUrl``, ``href``, ``images/0/url`` ...)."""
    return bool(_URL_KEY.search(key))


def masked(text: str, markup: bool = False) -> str:
    """``text`` with URLs (and, for markup, code and tags) blanked out, offsets unchanged."""
    if markup and ("<" in text or "`" in text or "~~~" in text):
        text = HTML_TAG.sub(_blank, _CODE.sub(_blank, text))
    if "://" in text or "www." in text or "@" in text or "mailto:" in text:
        text = _URL_IN_TEXT.sub(_blank, text)
    return text


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\r\n]", " ", match.group())


def with_apostrophe(word: str, form: str, mark: str) -> str:
    """``word`` spelled like ``form`` (which has a straight apostrophe), keeping its case."""
    index = form.index("'")
    return word[:index] + mark + word[index:]


def apostrophe_counts(text: str) -> tuple[int, int]:
    """(straight, curly) apostrophes standing between two letters in ``text``."""
    straight = curly = 0
    for match in IN_WORD_APOSTROPHE.finditer(text):
        if match.group(1) == "'":
            straight += 1
        else:
            curly += 1
    return straight, curly


def choose_apostrophe(field: tuple[int, int], document: tuple[int, int]) -> str:
    """The field's majority, else the document's, else the curly one (91% right, measured)."""
    for straight, curly in (field, document):
        if straight != curly:
            return "'" if straight > curly else CURLY
    return CURLY


def cp1252(char: str) -> str | None:
    """The cp1252 character a C1 control stands for, or None (0x81, 0x8D, 0x8F, 0x90, 0x9D)."""
    try:
        return bytes([ord(char)]).decode("cp1252")
    except UnicodeDecodeError:
        return None


def locate(source: str, value: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``value[start:end]`` stands verbatim in ``source`` (a block scalar's text), or None.

    The piece is searched with growing context until it is unique.
    """
    for k in (0, 2, 4, 8, 16, 32, 64):
        a, b = max(0, start - k), min(len(value), end + k)
        needle = value[a:b]
        if not needle:
            continue
        first = source.find(needle)
        if first < 0:
            return None
        if source.find(needle, first + 1) < 0:
            return first + start - a, first + end - a
        if a == 0 and b == len(value):
            return None
    return None


_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}


def source_offsets(source: str, style: str) -> tuple[str, list[int]] | None:
    """A flow scalar's value and, for each of its characters (and its end), the offset in
    ``source`` where it is written: escapes, ``''`` and line folding are undone."""
    if style not in ("", "'", '"'):
        return None
    quoted = 1 if style else 0
    chars: list[tuple[str, int, bool]] = []  # (character, source offset, escaped)
    i, end = quoted, len(source) - quoted
    while i < end:
        char = source[i]
        if style == '"' and char == "\\" and i + 1 < end:
            i = _escape(source, i, end, chars)
        elif style == "'" and char == "'" and source[i + 1:i + 2] == "'":
            chars.append(("'", i, False))
            i += 2
        elif char in "\r\n":
            i = _fold(source, i, end, chars)
        else:
            chars.append((char, i, False))
            i += 1
    return "".join(c for c, _, _ in chars), [p for _, p, _ in chars] + [end]


def _escape(source: str, i: int, end: int, chars: list) -> int:
    code = source[i + 1]
    if code in "\r\n":  # an escaped line break joins the lines
        i += 1
        while i < end and source[i] in " \t\r\n":
            i += 1
        return i
    if code in _HEX_DIGITS:
        width = _HEX_DIGITS[code]
        chars.append((chr(int(source[i + 2:i + 2 + width], 16)), i, True))
        return i + 2 + width
    chars.append((_ESCAPES.get(code, code), i, True))
    return i + 2


def _fold(source: str, i: int, end: int, chars: list) -> int:
    while chars and chars[-1][0] in " \t" and not chars[-1][2]:
        chars.pop()  # trailing blanks before a line break are not content
    breaks, start = 0, i
    while i < end and source[i] in " \t\r\n":
        if source[i] == "\n" or source[i] == "\r" and source[i + 1:i + 2] != "\n":
            breaks += 1
        i += 1
    chars.extend([(" ", start, False)] if breaks == 1 else [("\n", start, False)] * (breaks - 1))
    return i


def nbsp_repairs(value: str) -> list[tuple[int, int, str]]:
    """Each run of spaces holding a no-break space becomes one space, or nothing at an end."""
    return [(m.start(), m.end(), "" if m.start() == 0 or m.end() == len(value) else " ")
            for m in _NBSP_RUN.finditer(value)]


def meaningful_joiner(value: str, index: int) -> bool:
    """A ZWJ/ZWNJ next to a non-ASCII character (emoji, Indic or Arabic script) is text."""
    if value[index] not in JOINERS:
        return False
    around = value[max(0, index - 1):index] + value[index + 1:index + 2]
    return any(ord(char) > 0x7F for char in around)


# -- the document view: what the FM6xx glitch rules read, and where it stands in the file ---

class Text:
    """One piece of text a glitch rule reads: a front-matter string, or the body.

    What most values never need (masked prose, their words) is computed on first use.
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
        return masked(self.value, markup=self.html)

    @functools.cached_property
    def offsets(self) -> list[int] | None:
        """For a flow scalar, the source offset of each character of the value (and its end)."""
        if self.node is None:
            return None
        mapped = source_offsets(self.source, getattr(self.node, "style", ""))
        return mapped[1] if mapped is not None and mapped[0] == self.value else None

    @functools.cached_property
    def source(self) -> str:
        return self.value if self.fm is None else fm_source(self.fm, self.node)

    @functools.cached_property
    def vocabulary(self) -> frozenset:
        """The lower-cased words of the prose: a cheap test before any word rule's regex."""
        return frozenset(_LETTERS.findall(self.prose.lower())) if self.words else frozenset()


class DocView:
    """Every text of one file, and the document-wide apostrophe evidence (on first use)."""

    def __init__(self, texts: list[Text], body: str):
        self.texts = texts
        self._body = body  # read for evidence even when the body is not checked

    @functools.cached_property
    def _evidence(self) -> tuple[tuple[int, int], frozenset, frozenset]:
        straight = curly = 0
        pairs, stems = set(), set()
        texts = [text for text in self.texts if text.words and ("'" in text.value or CURLY in text.value)]
        body = [self._body] if "'" in self._body or CURLY in self._body else []
        for prose in [text.prose for text in texts] + body:
            s, c = apostrophe_counts(prose)
            straight, curly = straight + s, curly + c
            for match in POSSESSIVE_EVIDENCE.finditer(prose):
                stems.add(match.group(1).lower())
                pairs.add((match.group(1).lower(), match.group(2).lower()))
        return (straight, curly), frozenset(pairs), frozenset(stems)

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


_LAST: tuple = (None, None)  # (ctx, view) of the file being checked, replaced as one object


def doc_view(ctx) -> DocView:
    """The view of ``ctx``'s file, built on first use by any glitch rule."""
    global _LAST
    last = _LAST
    if last[0] is not ctx:
        last = _LAST = (ctx, _build_view(ctx))
    return last[1]


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
    url = looks_like_url(value) or url_key(key) or _schema_says_url(ctx, pointer)
    markup = key in html_fields or "<" in value and bool(HTML_TAG.search(value))
    return Text(pointer, value, node, -1, key, url, markup, ctx.fm)


def _schema_says_url(ctx, pointer: str) -> bool:
    if ctx.schema is None:
        return False
    from .schemawalk import formats_at

    return bool(formats_at(ctx.schema.schema, pointer) & {"uri", "uri-reference", "iri", "iri-reference", "email"})


def _body(ctx) -> tuple[str, int]:
    """The text after the front matter and its file offset ('' when there is none)."""
    fence = ctx.doc.close_fence
    if fence is None:
        return "", 0
    start = fence.end if ctx.doc.kind == "json" else _LINE_END.match(ctx.doc.text, fence.end).end()
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
    if len(text.value) > MAX_FIX_LENGTH:
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
