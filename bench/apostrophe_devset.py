"""The dropped-apostrophe development set, built from the real text in ``shared/corpus/``.

    python bench/apostrophe_devset.py [--out bench/apostrophe_devset-results.md]

Every in-word apostrophe of the corpus (the news site and the Jekyll docs) is a gold
word.  Two situations: **one field** stripped (the seed's: the file's other fields keep
theirs), and **whole files** stripped (front matter and body; the body read with
check-body).  The repository evidence is honest: the vocabulary is learned from every
original file except the one under test, plus that file as stripped (what the site's
tree would hold).  Reported: recall and precision per class (contraction, possessive,
ambiguous its/lets/well/were/...) and per tier (certain = error + safe fix, likely =
warning + unsafe fix, possible = warning), exact repairs (the fix writes the original
word, apostrophe included), false flags on the unstripped originals, and the recall of
possessives with each kind of evidence left out.  Deterministic; reads /work/shared only.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fmlint.reading.frontmatter import read  # noqa: E402
from fmlint.reading.scalars import fm_source  # noqa: E402
from fmlint.rules import catalog  # noqa: E402
from fmlint.rules.engine import Settings, lint_bytes  # noqa: E402
from fmlint.rules.text import glitch_tables as g  # noqa: E402
from fmlint.running.vocabulary import Vocabulary, learn  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
CODES = ("FM606", "FM610", "FM611", "FM612", "FM613")
APOSTROPHE = re.compile(r"(?<=[A-Za-z])(''|['\u2019])(?=[A-Za-z])")
PLAIN_APOSTROPHE = re.compile(r"(?<=[A-Za-z])(['\u2019])(?=[A-Za-z])")
AMBIGUOUS = frozenset("its lets well were cant wont ill id wed shed hell shell".split())
CONTRACTION_S = frozenset("it that what there here who where he she let everyone someone anyone nobody how".split())
EVIDENCE = ("context", "document", "repository", "english")


class Held:
    """A vocabulary handed to the rules as ``running.vocabulary.RepositoryVocabulary`` would."""

    def __init__(self, learned: Vocabulary):
        self.learned = learned


def word_class(word: str) -> str:
    """contraction, possessive, ambiguous (the stripped form is a word too) or other."""
    head, tail = re.split("['\u2019]", word, maxsplit=1)
    head, tail = head.lower(), tail.lower()
    if head + tail in AMBIGUOUS:
        return "ambiguous"
    if tail in ("t", "re", "ve", "ll", "d", "m") or tail == "s" and head in CONTRACTION_S:
        return "contraction"
    return "possessive" if tail == "s" else "other"


def strip_region(text: str, start: int, end: int, markup: bool) -> tuple[str, list]:
    """``text`` with the in-word apostrophes of ``text[start:end]`` removed; gold words as
    (start in the new text, end, original word, class).  Apostrophes inside code spans,
    URLs or tags (what no rule reads as prose) are left alone."""
    region = text[start:end]
    prose = g.masked(region, markup=markup)
    out, gold, last, shift = [], [], 0, 0
    for match in APOSTROPHE.finditer(region):
        if prose[match.start():match.end()] != match.group():
            continue
        left = re.search(r"[A-Za-z]+$", region[:match.start()]).group()
        right = re.match(r"[A-Za-z]+", region[match.end():]).group()
        out.append(region[last:match.start()])
        new_start = start + match.start() - shift - len(left)
        shift += len(match.group())
        original = left + match.group()[0] + right
        gold.append((new_start, new_start + len(left) + len(right), original, word_class(original)))
        last = match.end()
    out.append(region[last:])
    return text[:start] + "".join(out) + text[end:], gold


def one_field_variants(text: str):
    """One variant per prose front-matter field holding an in-word apostrophe."""
    doc, fm = read(text.encode("utf-8"), "x.md")
    if not fm.ok:
        return
    for pointer, value, node in fm.strings:
        if " " not in value or not PLAIN_APOSTROPHE.search(value) or g.looks_like_url(value):
            continue
        span = fm.node_span(node)
        source = fm_source(fm, node)
        if not PLAIN_APOSTROPHE.search(source):
            continue
        stripped, gold = strip_region(text, span.start, span.end, markup=False)
        if gold:
            yield pointer, stripped, gold


def whole_file_variant(text: str):
    stripped, gold = strip_region(text, 0, len(text), markup=True)
    return stripped, gold


def settings(check_body: bool, vocabulary, evidence=EVIDENCE) -> Settings:
    options = {"html_fields": ("featuredContent",), "check_body": check_body, "possessive_evidence": evidence}
    if vocabulary is not None:
        options["vocabulary"] = vocabulary
    return Settings(tuple(catalog.select(CODES)), None, options)


def offset_of(text: str, line: int, column: int, starts: list[int]) -> int:
    return starts[line - 1] + column - 1


def line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n", text):
        starts.append(match.end())
    return starts


def tier(diagnostic) -> str:
    """The rule's tier (bodies get no fix, so the code and message say it, not the fix)."""
    if diagnostic.severity == "error":
        return "certain"
    if diagnostic.code == "FM611" or " is probably " in diagnostic.message:
        return "likely"
    if diagnostic.code == "FM606":
        return "likely" if diagnostic.fix is not None else "possible"
    return "possible"


def evaluate(text: str, gold: list, path: str, setting: Settings, tally: dict, known: frozenset = frozenset()) -> None:
    """Match each diagnostic to a gold word (by position) and count it.  A flag the
    original file has too (``known``: its code and the text from it on) is a real glitch
    of the corpus, not a false flag of the stripping: counted apart."""
    diagnostics = lint_bytes(text.encode("utf-8"), path, setting)
    starts = line_starts(text)
    by_start = {}
    for d in diagnostics:
        by_start.setdefault(offset_of(text, d.line, d.column, starts), []).append(d)
    hit_offsets = set()
    for start, end, original, kind in gold:
        found = [d for offset in range(start, end) for d in by_start.get(offset, ())]
        tally["gold", kind] += 1
        if not found:
            tally["missed", kind, original.lower()] += 1
            continue
        hit_offsets.update(offset for offset in range(start, end) if offset in by_start)
        best = min(found, key=lambda d: ("certain", "likely", "possible").index(tier(d)))
        tally["hit", kind] += 1
        tally["hit", kind, tier(best)] += 1
        tally["tier", tier(best), "true"] += 1
        if best.fix is not None:
            tally["fixed", kind] += 1
            tally["exact", kind] += repaired(text, best.fix, start, end) == original
    for offset, found in by_start.items():
        if offset not in hit_offsets:
            for d in found:
                if (d.code, text[offset:offset + 24]) in known:
                    tally["known"] += 1
                    continue
                tally["false", tier(d)] += 1
                tally["false-word", d.code, text[offset:offset + 24].split("\n")[0]] += 1


def repaired(text: str, fix, start: int, end: int) -> str:
    """The word at [start, end) after the fix's edits that touch it."""
    edits = sorted((e for e in fix.edits if start <= e.start <= end), key=lambda e: e.start)
    word, shift = text[start:end], 0
    for edit in edits:
        a, b = edit.start - start + shift, edit.end - start + shift
        word = word[:a] + edit.content + word[b:]
        shift += len(edit.content) - (edit.end - edit.start)
    return word


def corpus_files() -> list[Path]:
    files = [p for p in sorted(CORPUS.rglob("*")) if p.suffix in (".md", ".markdown") and p.is_file()]
    return [p for p in files if p.name.lower() != "readme.md" or "jekyll-docs" in str(p.parent)]


def run(evidence=EVIDENCE, situations=("one-field", "whole-file")) -> dict:
    files = corpus_files()
    texts = {p: p.read_text("utf-8", "replace") for p in files}
    learned = {p: learn(t) for p, t in texts.items()}
    total = Vocabulary()
    for contribution in learned.values():
        total.add(contribution)
    tallies = {situation: Counter() for situation in situations}
    for path, text in texts.items():
        variants = []
        if "one-field" in situations:
            variants += [("one-field", stripped, gold, False) for _, stripped, gold in one_field_variants(text)]
        if "whole-file" in situations:
            stripped, gold = whole_file_variant(text)
            if gold:
                variants.append(("whole-file", stripped, gold, True))
        known = original_flags(text, str(path), total) if variants else frozenset()
        for situation, stripped, gold, body in variants:
            vocabulary = Vocabulary(total.possessive.copy(), total.plain.copy(), total.names.copy(),
                                    total.pairs.copy(), total.files, total.apostrophes)
            vocabulary.add(learned[path], -1)
            vocabulary.add(learn(stripped))
            evaluate(stripped, gold, str(path), settings(body, Held(vocabulary), evidence), tallies[situation], known)
    return {"tallies": tallies, "texts": texts, "total": total}


def original_flags(text: str, path: str, total: Vocabulary) -> frozenset:
    starts = line_starts(text)
    return frozenset((d.code, text[offset_of(text, d.line, d.column, starts):][:24])
                     for d in lint_bytes(text.encode("utf-8"), path, settings(True, Held(total))))


def false_flags_on_originals(texts: dict, total: Vocabulary) -> Counter:
    found = Counter()
    for path, text in texts.items():
        for d in lint_bytes(text.encode("utf-8"), str(path), settings(True, Held(total))):
            starts = line_starts(text)
            offset = offset_of(text, d.line, d.column, starts)
            found[d.code, tier(d), text[offset:offset + 30].split("\n")[0]] += 1
    return found


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


def report(result: dict, ablations: dict, originals: Counter, seconds: float) -> str:
    lines = ["# Dropped apostrophes: the development set", "",
             "Built by `bench/apostrophe_devset.py` from `shared/corpus/` (smartable and jekyll-docs). "
             f"{len(result['texts'])} files; {seconds:.0f} s.", ""]
    for situation, tally in result["tallies"].items():
        lines += [f"## {situation} strip", "", "| class | gold | found | recall | certain | likely | possible "
                  "| fixed | exact repair |", "|---|---|---|---|---|---|---|---|---|"]
        for kind in ("contraction", "possessive", "ambiguous", "other"):
            gold, hit = tally["gold", kind], tally["hit", kind]
            lines.append(f"| {kind} | {gold} | {hit} | {ratio(hit, gold)} | {tally['hit', kind, 'certain']} | "
                         f"{tally['hit', kind, 'likely']} | {tally['hit', kind, 'possible']} | {tally['fixed', kind]} | "
                         f"{ratio(tally['exact', kind], tally['fixed', kind])} |")
        lines += ["", "| tier | true flags | false flags | precision |", "|---|---|---|---|"]
        for name in ("certain", "likely", "possible"):
            true, false = tally["tier", name, "true"], tally["false", name]
            lines.append(f"| {name} | {true} | {false} | {ratio(true, true + false)} |")
        true = sum(tally["tier", name, "true"] for name in ("certain", "likely", "possible"))
        false = sum(tally["false", name] for name in ("certain", "likely", "possible"))
        lines += [f"| all | {true} | {false} | {ratio(true, true + false)} |", "",
                  f"Flags at the corpus's own glitches (flagged in the original too, not counted): {tally['known']}", ""]
        false_words = sorted(((n, k[1], k[2]) for k, n in tally.items() if k[0] == "false-word"), reverse=True)[:15]
        lines += ["False flags (most frequent): " + ", ".join(f"{c} `{w.strip()}` ×{n}" for n, c, w in false_words), ""]
        missed = sorted(((n, k[2]) for k, n in tally.items() if k[0] == "missed" and k[1] == "possessive"),
                        reverse=True)[:25]
        lines += ["Possessives missed (most frequent): " + ", ".join(f"`{w}` ×{n}" for n, w in missed), ""]
    lines += ["## Possessive recall and precision with one kind of evidence left out", "",
              "| evidence | one-field recall | one-field precision (FM613) | whole-file recall | "
              "whole-file precision (FM613) |", "|---|---|---|---|---|"]
    for name, tallies in ablations.items():
        cells = []
        for situation in ("one-field", "whole-file"):
            tally = tallies[situation]
            false = sum(n for k, n in tally.items() if k[0] == "false-word" and k[1] == "FM613")
            hit = tally["hit", "possessive"]
            cells += [ratio(hit, tally["gold", "possessive"]), ratio(hit, hit + false)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "## Flags on the unstripped originals (check-body on)", "",
              "| code | tier | text | count |", "|---|---|---|---|"]
    for (code, level, text), n in sorted(originals.items()):
        lines.append(f"| {code} | {level} | `{text.strip()}` | {n} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "bench" / "apostrophe_devset-results.md"))
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is not present")
    started = time.perf_counter()
    result = run()
    ablations = {"all": result["tallies"]}
    for left_out in EVIDENCE:
        ablations[f"without {left_out}"] = run(tuple(e for e in EVIDENCE if e != left_out))["tallies"]
    originals = false_flags_on_originals(result["texts"], result["total"])
    text = report(result, ablations, originals, time.perf_counter() - started)
    Path(args.out).write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
