"""Tables and text helpers for the encoding-glitch rules (FM603-FM629).

The word tables are the measured ones from ``notes/glitches.md``; each says in a
comment what it is for.  Then pure text helpers: masking URLs and markup, choosing
an apostrophe, the cp1252 reading of a C1 character.  The per-file view the rules
share is ``glitchview``.  No ftfy and no I/O here: it imports fast.
"""

from __future__ import annotations

import bisect
import re

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
# The previous word, on the same line or the line before ("might⏎well be"): searched in the 40 characters before a word.
PREVIOUS_WORD = re.compile(r"([A-Za-z][A-Za-z\-]*)(?:[ \t]+|[ \t]*\r?\n[ \t]*)$")
# A capitalised word standing alone (not "X’s", not part of a longer token): a name in use.
BARE_NAME = re.compile(r"(?<![\w'\u2019\-/@#.])([A-Z][a-z]+[A-Za-z]*)(?![\w'\u2019\-])")
POSSESSIVE_EVIDENCE = re.compile(r"(?<![\w'\u2019])([A-Za-z]{2,})['\u2019]s[ \t]+([A-Za-z]+)")
IN_WORD_APOSTROPHE = re.compile(r"(?<=[A-Za-z])(['\u2019])(?=[A-Za-z])")
# The same test, the apostrophe first: the regex engine then jumps from one to the next
# instead of trying the look-behind at every character (40x faster on a long body).
_STRAIGHT_IN_WORD = re.compile(r"'(?<=[A-Za-z]')(?=[A-Za-z])")
_CURLY_IN_WORD = re.compile(r"\u2019(?<=[A-Za-z]\u2019)(?=[A-Za-z])")
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
LETTERS = re.compile(r"[a-z]+")
STEM = re.compile(r"[A-Za-z]+$")
LINE_END = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_FENCE_OPEN = re.compile(r"([ \t]*)(```|~~~)")
_FENCE_CLOSE = re.compile(r"([ \t]*)(```|~~~)[ \t]*")
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_NOT_BREAK = re.compile(r"[^\r\n]")
_FENCE_LINE = re.compile(r"^[ \t]*(?:```|~~~)", re.MULTILINE)  # where _FENCE_OPEN matches a line


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


# An emoji shortcode (":womens:", ":+1:") is a name, not prose.
_SHORTCODE = re.compile(r"(?<![\w:]):[a-z0-9_+\-]{2,40}:(?![\w:])")


def masked(text: str, markup: bool = False, markdown: bool = False) -> str:
    """``text`` with URLs, emoji shortcodes (and, for markup, code and tags; for a Markdown
    body, indented code blocks too) blanked out, offsets unchanged."""
    original = text
    if markup and ("<" in text or "`" in text or "~~~" in text):
        text = HTML_TAG.sub(_blank, blank_code(text))
    if markdown:
        from fmlint.rules.text.indented_code import blank_indented_code

        text = blank_indented_code(original, text)
    if text.count(":") > 1:  # a shortcode has two; a title's one colon needs no search
        text = _SHORTCODE.sub(_blank, text)
    if "://" in text or "www." in text or "@" in text or "mailto:" in text:
        text = _urls_blanked(text)
    return text


# What every match of _URL_IN_TEXT holds; no match holds a blank.
_URL_TRIGGER = re.compile(r"://|www\.|mailto:|@", re.IGNORECASE)


def _urls_blanked(text: str) -> str:
    """``_URL_IN_TEXT.sub(_blank, text)``, run only on the blank-delimited tokens that hold
    a trigger: no match crosses a blank and a blank fails both look-behinds, so each token
    gives the same matches alone.  The pattern tried at every letter of a long body was
    most of the text rules' cost on the Jekyll docs; each token is visited once (its start
    found in the reversed text, at C speed)."""
    parts, done, backwards = [], 0, None
    for trigger in _URL_TRIGGER.finditer(text):
        at = trigger.start()
        if at < done:
            continue  # inside a token already blanked
        if backwards is None:
            backwards = text[::-1]
        start = at - _NON_BLANKS.match(backwards, len(text) - at).end() + (len(text) - at)
        end = _NON_BLANKS.match(text, trigger.end()).end()
        parts += [text[done:start], _URL_IN_TEXT.sub(_blank, text[start:end])]
        done = end
    return "".join(parts) + text[done:] if parts else text


_NON_BLANKS = re.compile(r"\S*")


def blank_code(text: str) -> str:
    """``text`` with fenced code blocks and inline code spans blanked, in one pass.

    A block runs from a line opening with ```` ``` ```` or ``~~~`` to the next line that is
    the same indentation and fence alone; an opening without such a line is no block.  The
    closing lines of each (indentation, fence) are indexed first, so many unclosed
    openings cost one lookup each (a regex with a lazy ``.*?`` rescanned to the end of the
    text for each: quadratic).  Only the lines that start with a fence are visited; the
    lines between blocks are one substitution each run (a code span never crosses a line).
    """
    if "```" not in text and "~~~" not in text:
        return _INLINE_CODE.sub(_blank, text) if "`" in text else text
    lines = text.split("\n")
    fence_lines = _fence_lines(text)
    closers: dict[tuple[str, str], list[int]] = {}
    for number in fence_lines:
        close = _FENCE_CLOSE.fullmatch(lines[number])
        if close:
            closers.setdefault(close.groups(), []).append(number)
    pieces, plain = [], 0  # plain: the first line not yet written
    for number in fence_lines:
        candidates = closers.get(_FENCE_OPEN.match(lines[number]).groups(), [])
        if number < plain or not candidates or candidates[-1] <= number:
            continue  # inside a block already written, or an opening without a closing line
        end = candidates[bisect.bisect_right(candidates, number)]
        if plain < number:
            pieces.append(_INLINE_CODE.sub(_blank, "\n".join(lines[plain:number])))
        pieces.append(_blank_text("\n".join(lines[number:end + 1])))
        plain = end + 1
    if plain < len(lines):
        pieces.append(_INLINE_CODE.sub(_blank, "\n".join(lines[plain:])))
    return "\n".join(pieces)


def _fence_lines(text: str) -> list[int]:
    """The numbers of the lines (split at ``\\n``) that start with a fence, in order."""
    numbers, line, last = [], 0, 0
    for match in _FENCE_LINE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        numbers.append(line)
    return numbers


def _blank_text(text: str) -> str:
    """``text`` as spaces, its line breaks kept (so offsets and lines do not move)."""
    if "\n" not in text and "\r" not in text:
        return " " * len(text)
    return _NOT_BREAK.sub(" ", text)


def _blank(match: re.Match) -> str:
    return _blank_text(match.group())


def with_apostrophe(word: str, form: str, mark: str) -> str:
    """``word`` spelled like ``form`` (which has a straight apostrophe), keeping its case."""
    index = form.index("'")
    return word[:index] + mark + word[index:]


def apostrophe_counts(text: str) -> tuple[int, int]:
    """(straight, curly) apostrophes standing between two letters in ``text`` (counted in C:
    a long body has hundreds)."""
    if "'" not in text and CURLY not in text:
        return 0, 0
    return len(_STRAIGHT_IN_WORD.findall(text)), len(_CURLY_IN_WORD.findall(text))


def has_in_word_apostrophe(text: str) -> bool:
    """``IN_WORD_APOSTROPHE.search(text) is not None``, the apostrophe found first (as above)."""
    return "'" in text and _STRAIGHT_IN_WORD.search(text) is not None \
        or CURLY in text and _CURLY_IN_WORD.search(text) is not None


def choose_apostrophe(field: tuple[int, int], document: tuple[int, int], site: tuple[int, int] = (0, 0)) -> str:
    """The field's majority, else the document's, else the site's, else the curly one (91% right, measured)."""
    for straight, curly in (field, document, site):
        if straight != curly:
            return "'" if straight > curly else CURLY
    return CURLY


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
