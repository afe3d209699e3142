"""FM613's evidence, one kind at a time (context, document, repository, English), the
repository vocabulary (learned, cached, reviewed in a file, `fmlint vocab`), and the
bugs found on real sites (MDX code spans, a word on the previous line, emoji shortcodes,
repeated words in a literal block)."""

from __future__ import annotations

import json
import os

import pytest
from conftest import SHARED, apply_fix, lint, run_cli, run_json

from fmlint.running.vocabulary import RepositoryVocabulary, Vocabulary, learn, learn_repository
from fmlint.running.vocabulary_file import updated_vocabulary_file

APOSTROPHES = ("FM606", "FM610", "FM611", "FM612", "FM613")


class Held:
    """A learned vocabulary, handed to the rules as the config's RepositoryVocabulary would."""

    def __init__(self, *texts: str, accepted=(), rejected=()):
        self.learned = Vocabulary()
        for text in texts:
            self.learned.add(learn(text))
        self.learned.accepted, self.learned.rejected = frozenset(accepted), frozenset(rejected)


def doc(front_matter: str, body: str = "body\n") -> str:
    return f"---\n{front_matter}---\n{body}"


def flags(text: str, vocabulary=None, **options):
    if vocabulary is not None:
        options["vocabulary"] = vocabulary
    return lint(text, select=("FM613",), options={"html_fields": ("featuredContent",), **options})


def tiers(text: str, vocabulary=None, **options) -> list[tuple]:
    """(line, column, tier) per FM613: certain = error + safe fix, likely = unsafe fix, possible = no fix."""
    out = []
    for d in flags(text, vocabulary, **options):
        tier = "certain" if d.severity == "error" else "likely" if d.fix is not None else "possible"
        assert (d.fix is not None) == (tier != "possible") and (d.fix is None or d.fix.applicability ==
                                                                 {"certain": "safe", "likely": "unsafe"}[tier])
        out.append((d.line, d.column, tier))
    return out


SITE = ["Microsoft’s Power Platform grows.", "Microsoft’s new tools ship.", "Read Microsoft’s blog today.",
        "The Contoso’s team builds apps.", "Users love the Contoso’s team and its apps."]

# A site of 60 pages with no possessive evidence: enough files for the learned score.
FILLER = ["A plain page about the harbour."] * 60

# (front matter, vocabulary texts, [(line, column, tier)], words in the first message)
EVIDENCE = [
    pytest.param('title: "Microsofts Power Apps ships"\n', SITE, [(2, 9, "certain")],
                 '"Microsoft’s" appears in 3 files of the site, "microsofts" in 0', id="repository-possessive"),
    pytest.param('title: "The Contosos team ships"\n', SITE, [(2, 13, "certain")],
                 '"Contoso’s team" appears in 2 files of the site', id="repository-pair"),
    pytest.param('title: "Microsofts Power Apps ships"\n', None, [(2, 9, "likely")],
                 'English writes "microsoft’s" 50 times as often as "microsofts"', id="english-frequency"),
    pytest.param('title: "Microsofts are here and Microsofts own data"\n', None, [(2, 33, "likely")],
                 "English writes", id="context-closed-class-next-word-rules-out"),
    pytest.param('title: "Clearview is here"\nexcerpt: "groups see Clearviews tech as a nightmare"\n', None,
                 [(3, 22, "possible")], '"Clearview" is a name in this document and "Clearviews" is not an English word',
                 id="document-name"),
    pytest.param('excerpt: "playing a part in techs lucrative scrum for contracts"\n', None, [(2, 29, "possible")],
                 '"techs lucrative scrum" reads as a possessive', id="context-adjective-noun"),
    pytest.param('excerpt: "improve the users experience in your app"\n', None, [(2, 23, "possible")],
                 '"the users experience" reads as a possessive', id="context-determiner-noun"),
    pytest.param('excerpt: "The Teams app and users need the Actions return value"\n', SITE, [], None,
                 id="plurals-with-no-evidence"),
    pytest.param('title: "The Contosos team ships"\n', SITE[:3] + ["The Contoso’s team builds apps."], [(2, 13, "likely")],
                 '"Contoso’s team" appears in 1 file of the site', id="repository-pair-in-one-file"),
    # One file writing "user's access" is not enough where English writes "users" far more often.
    pytest.param('excerpt: "The app gives users access to records"\n', ["Check the user’s access to a record."],
                 [], None, id="repository-pair-in-one-file-common-plural"),
    # The learned score (possessive_model), for what no measured rule decides: a site's vocabulary needed.
    pytest.param('excerpt: "capture the customers needs accurately"\n', [*FILLER, "See the customer’s guide."],
                 [(2, 23, "likely")], '"the customers needs" reads as a possessive',
                 id="learned-score-context-word-classes"),
    # ... and a site that knows the word: no file writes "customers", "customer’s" or "Customer" (the
    # possessive is then missed), nor "settings" (a false flag before, on the context alone).
    pytest.param('excerpt: "capture the customers needs accurately"\n', FILLER, [], None,
                 id="learned-score-needs-the-site-to-know-the-word"),
    pytest.param('excerpt: "The settings page lists your options."\n', FILLER, [], None,
                 id="learned-score-no-flag-on-context-alone"),
    pytest.param('excerpt: "capture the customers needs accurately"\n', None, [], None,
                 id="learned-score-needs-a-site"),
    pytest.param('excerpt: "the pages use more source code"\n', FILLER, [], None, id="learned-score-plural-then-verb"),
]


@pytest.mark.parametrize("front_matter, site, expected, why", EVIDENCE)
def test_each_kind_of_evidence(front_matter, site, expected, why):
    vocabulary = Held(*site) if site else None
    text = doc(front_matter)
    assert tiers(text, vocabulary) == expected
    if expected:
        assert why in flags(text, vocabulary)[0].message


def test_the_learned_score_never_makes_a_safe_fix_and_names_its_evidence():
    from fmlint.rules.text import possessive_model as model

    assert {model.tier(score, place) for score in (5.0, 50.0) for place in model.PLACES} <= {"likely", "possible"}
    assert model.tier(-50.0, "body") is None
    evidence = model.Evidence("Clearviews", "see", "tech", "as", 0.0, 0.0, 14, 0, 0, 0, False)
    assert model.strongest({"r_possessive": 4.0, "e_possessive": 0.1}) == "repository"
    assert model.explain("repository", evidence, False) == '"Clearview’s" appears in 14 files of the site, "clearviews" in 0'
    assert model.explain("context", evidence, False) == '"see Clearviews tech" reads as a possessive'


def test_word_classes_come_from_the_lexicon():
    from fmlint.rules.text.word_classes import classes

    assert classes("tech").startswith("N") and classes("lucrative") == "J" and classes("gets") == "Z"
    assert classes("Power")[0] == "N" and classes("zzqxv") == ""


def test_a_file_with_no_candidate_word_loads_no_table(tmp_path):
    import subprocess
    import sys

    def loaded(title: str) -> str:
        code = ("import sys\nfrom fmlint.rules import catalog\nfrom fmlint.rules.engine import Settings, lint_bytes\n"
                f"lint_bytes(b'---\\ntitle: {title}\\n---\\nBody.\\n', 'a.md', "
                "Settings(tuple(catalog.select(('FM6',))), None, {}))\n"
                "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.endswith(('_table', 'possessive_model'))))\n")
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()

    assert loaded("It is what it is") == "[]"
    assert loaded("Microsofts Power Apps") == "['english_table']"  # a candidate: the measured rules' table


def test_the_vocabulary_file_accepts_and_rejects():
    text = doc('excerpt: "We like Clearviews tech and the Teams channel"\n')
    assert tiers(text, Held(accepted={"clearview"})) == [(2, 19, "certain")]
    assert "the vocabulary file lists" in flags(text, Held(accepted={"clearview"}))[0].message
    rejected = Held(*SITE, rejected={"microsofts"})
    assert tiers(doc('title: "Microsofts Power Apps"\n'), rejected) == []


def test_a_repair_is_exact_and_uses_the_sites_apostrophe():
    """No apostrophe in the field or the document: the site's own (straight here) is inserted."""
    text = doc('title: "Microsofts Power Apps ships"\n')
    site = Held("Microsoft's Power Platform.", "Microsoft's tools.", "Microsoft's blog.", "It's new.")
    found = flags(text, site)
    assert found[0].message.startswith('missing possessive apostrophe: "Microsofts" should be "Microsoft\'s"')
    assert apply_fix(text, found[0].fix) == doc('title: "Microsoft\'s Power Apps ships"\n')


def test_its_possessives_are_never_possessive_candidates():
    text = doc('excerpt: "Its somewhat mysterious software allows it; ban it for its police department"\n')
    assert lint(text, select=APOSTROPHES, options={"vocabulary": Held(*SITE)}) == []


# -- the bugs found on real sites ---------------------------------------------------------

def test_inline_code_is_no_evidence_for_the_word_after_it():
    """Astro's docs: "action's `data`" made "Actions return" look like "Action's return"."""
    body = "Actions return an object. Read the action's `data` return value.\n"
    text = doc('title: "Actions return an object"\n', body)
    assert tiers(text) == [] and tiers(text, check_body=True) == []
    assert tiers(doc('title: "Actions return an object"\n', "The action's return value.\n")) == [(2, 9, "certain")]


def test_a_blocking_word_on_the_previous_line_counts():
    text = doc("excerpt: |\n  It might\n  well be for you. In this video\n  well see it.\n")
    found = lint(text, select=("FM612",))
    assert [(d.line, d.column) for d in found] == [(5, 3)]  # "might⏎well be" is not flagged


def test_emoji_shortcodes_are_not_prose():
    text = doc('excerpt: "Happy :womens: day, :todays: news"\n')
    assert lint(text, select=APOSTROPHES) == []
    assert [d.code for d in lint(doc('excerpt: "Happy womens day"\n'), select=APOSTROPHES)] == ["FM613"]


def test_a_repeated_word_in_a_literal_block_is_reported_at_each_place():
    text = doc("summary: |\n  The build isnt slow.\n  It isnt new\n")
    found = lint(text, select=("FM610",))
    assert [(d.line, d.column, d.end_column) for d in found] == [(3, 13, 17), (4, 6, 10)]
    assert apply_fix(text, found[0].fix) == doc("summary: |\n  The build isn’t slow.\n  It isn’t new\n")


def test_folded_block_positions_follow_the_folds():
    text = doc("summary: >\n  The build\n  isnt slow.\n\n  It isnt new\n")
    assert [(d.line, d.column) for d in lint(text, select=("FM610",))] == [(4, 3), (6, 6)]


# -- the repository's vocabulary from the CLI ---------------------------------------------

def _site(tmp_path, config='vocabulary = ".fmlint-vocab.txt"\n'):
    (tmp_path / ".fmlint.toml").write_text(config, "utf-8")
    for index, sentence in enumerate(SITE):
        (tmp_path / f"other{index}.md").write_text(doc(f'title: "{sentence}"\n'), "utf-8")
    changed = tmp_path / "changed.md"
    changed.write_text(doc('title: "Microsofts Power Apps and Clearviews tech ship"\n'), "utf-8")
    return changed


def test_pre_commit_passes_one_file_and_the_repository_evidence_is_there(tmp_path):
    changed = _site(tmp_path)
    code, records = run_json("changed.md", cwd=tmp_path)
    assert code == 1 and [(r["code"], r["severity"], r["column"]) for r in records] == [("FM613", "error", 9)]
    assert "appears in 3 files of the site" in records[0]["message"]
    assert (tmp_path / ".fmlint_cache" / "vocabulary.json").is_file()
    for index in range(3):  # the evidence goes away with the files that gave it: the cache proves no more
        (tmp_path / f"other{index}.md").write_text(doc('title: "Nothing here"\n'), "utf-8")
    code, records = run_json("changed.md", cwd=tmp_path)
    assert [(r["code"], r["severity"]) for r in records] == [("FM613", "warning")]  # English evidence only
    assert changed.exists()


def test_vocab_writes_the_file_and_keeps_reviewed_lines(tmp_path):
    _site(tmp_path)
    vocabulary = tmp_path / ".fmlint-vocab.txt"
    vocabulary.write_text("Clearview’s  # reviewed\n!Teams\n", "utf-8")
    code, _, err = run_cli("vocab", str(tmp_path))
    assert code == 0 and "2 words added" in err
    lines = vocabulary.read_text("utf-8").splitlines()
    assert lines[:2] == ["Clearview’s  # reviewed", "!Teams"]
    assert lines[2:] == ["Microsoft’s  # 3 files write it, 1 the bare microsofts",
                         "Contoso’s  # 2 files write it, 0 the bare contosos"]
    code, records = run_json("changed.md", cwd=tmp_path)
    assert [(r["column"], r["severity"]) for r in records] == [(9, "error"), (35, "error")]  # Clearviews: reviewed
    assert "the vocabulary file lists" in records[1]["message"]
    assert run_cli("vocab", str(tmp_path))[2].count("0 words added") == 1  # idempotent


def test_vocab_without_a_config_writes_at_the_folder_and_says_how_to_use_it(tmp_path):
    (tmp_path / "a.md").write_text(doc('title: "Contoso’s team"\n'), "utf-8")
    (tmp_path / "b.md").write_text(doc('title: "Contoso’s app"\n'), "utf-8")
    code, _, err = run_cli("vocab", str(tmp_path))
    assert code == 0 and 'vocabulary = ".fmlint-vocab.txt"' in err
    assert "Contoso’s  # 2 files write it" in (tmp_path / ".fmlint-vocab.txt").read_text("utf-8")


@pytest.mark.parametrize("setting, message", [('vocabulary = "../outside.txt"\n', "is outside"),
                                              ("vocabulary = 3\n", "vocabulary")])
def test_a_bad_vocabulary_setting_is_a_config_error(tmp_path, setting, message):
    _site(tmp_path, setting)
    code, out, err = run_cli("check", "changed.md", cwd=tmp_path)
    assert code == 2 and message in err and "Traceback" not in err


def test_vocabulary_false_learns_nothing(tmp_path):
    _site(tmp_path, "vocabulary = false\n")
    code, records = run_json("changed.md", cwd=tmp_path)
    assert [r["severity"] for r in records] == ["warning"]
    assert not (tmp_path / ".fmlint_cache" / "vocabulary.json").exists()


def test_a_forged_or_broken_vocabulary_cache_is_relearned(tmp_path):
    _site(tmp_path)
    cache = tmp_path / ".fmlint_cache" / "vocabulary.json"
    learned = learn_repository(str(tmp_path))
    assert learned.possessive["microsoft"] == 3 and cache.is_file()
    data = json.loads(cache.read_text("utf-8"))
    entry = data["entries"]["other0.md"]
    entry[1][0] = ["forged"]  # the seal no longer matches
    cache.write_text(json.dumps(data), "utf-8")
    summary = tmp_path / ".fmlint_cache" / "vocabulary-summary.json"
    summary.unlink()  # so the per-file entries are used
    again = learn_repository(str(tmp_path))
    assert again.possessive["forged"] == 0 and again.possessive["microsoft"] == 3
    for broken in (cache, summary):
        broken.write_text("{not json", "utf-8")
        assert learn_repository(str(tmp_path)).possessive["microsoft"] == 3


def test_an_edit_updates_the_summary_to_what_a_fresh_learning_gives(tmp_path):
    _site(tmp_path)
    learn_repository(str(tmp_path))
    (tmp_path / "other0.md").write_text(doc('title: "Fabrikam’s tools and the Fabrikam’s team"\n'), "utf-8")
    (tmp_path / "other1.md").unlink()
    (tmp_path / "new.md").write_text(doc('title: "Contoso’s team"\n'), "utf-8")
    updated = learn_repository(str(tmp_path))
    fresh = learn_repository(str(tmp_path), cache_folder=str(tmp_path / "elsewhere"))
    assert updated == fresh and updated.possessive["microsoft"] == 1 and updated.pairs["contoso team"] == 3


def test_the_cache_key_follows_the_evidence_not_every_edit(tmp_path):
    _site(tmp_path)
    before = RepositoryVocabulary(str(tmp_path)).digest()
    other = tmp_path / "other4.md"
    other.write_text(other.read_text("utf-8").replace("love", "like"), "utf-8")
    os.utime(other, ns=(10**18, 10**18))
    assert RepositoryVocabulary(str(tmp_path)).digest() == before  # no possessive evidence changed
    other.write_text(doc('title: "Fabrikam’s tools"\n'), "utf-8")
    assert RepositoryVocabulary(str(tmp_path)).digest() != before


def test_only_a_file_whose_rules_ask_learns_the_vocabulary_and_is_keyed_by_it(tmp_path):
    """The result cache does not key every file by the site's vocabulary: a file with no
    candidate word never learns it (pre-commit's one file pays nothing); a file whose lint
    read it records it as an input, and is checked again when the evidence changes."""
    changed = _site(tmp_path)
    plain = tmp_path / "plain.md"
    plain.write_text(doc('title: "A quiet day"\n'), "utf-8")
    vocabulary_cache = tmp_path / ".fmlint_cache" / "vocabulary.json"
    for _ in range(2):  # the first run and the warm one
        code, records = run_json("plain.md", cwd=tmp_path)
        assert (code, records) == (0, []) and not vocabulary_cache.exists()
    assert (tmp_path / ".fmlint_cache" / "results-v1.json").is_file()
    code, records = run_json("changed.md", "plain.md", cwd=tmp_path)
    assert [(r["code"], r["severity"]) for r in records] == [("FM613", "error")] and vocabulary_cache.is_file()
    entries = json.loads((tmp_path / ".fmlint_cache" / "results-v1.json").read_text("utf-8"))["entries"]
    assert "vocabulary:" in entries["changed.md"][3] and "vocabulary:" not in entries["plain.md"][3]
    for index in range(3):  # the evidence goes: the entry that read it is not reused
        (tmp_path / f"other{index}.md").write_text(doc('title: "Nothing here"\n'), "utf-8")
    code, records = run_json("changed.md", "plain.md", cwd=tmp_path)
    assert [(r["code"], r["severity"]) for r in records] == [("FM613", "warning")]
    assert changed.exists()


def test_a_cached_result_is_what_a_fresh_run_gives_when_the_site_grows(tmp_path):
    """The learned score needs a site of ``MIN_SITE_FILES`` files, and messages print counts:
    the vocabulary's digest holds them exactly, so a cached verdict never outlives them."""
    from fmlint.rules.text.possessive_features import MIN_SITE_FILES

    (tmp_path / ".fmlint.toml").write_text("check-body = true\n", "utf-8")
    (tmp_path / "c.md").write_text(doc('title: "C"\n', "\nRead the authors guide first.\n"), "utf-8")
    (tmp_path / "a.md").write_text(doc('title: "A"\n', "\nAn author’s note.\n"), "utf-8")  # the site knows the word
    for index in range(MIN_SITE_FILES - 3):
        (tmp_path / f"f{index}.md").write_text(doc('title: "Filler"\n', "\nHello.\n"), "utf-8")
    first = run_json(".", cwd=tmp_path)
    (tmp_path / "f-last.md").write_text(doc('title: "Filler"\n', "\nHello.\n"), "utf-8")
    fresh = run_json("--no-cache", ".", cwd=tmp_path)
    assert run_json(".", cwd=tmp_path) == fresh and fresh != first


def test_a_links_text_is_the_next_word():
    """``the projects [open issues](…)``: the word after the possessive is the link's text."""
    site = Held("See the Contoso’s open issues.", "Read the Contoso’s open issues first.")
    text = doc('title: "Help"\n', "Comment on the Contosos [open issues](https://example.com/issues) now.\n")
    found = flags(text, site, check_body=True)
    assert [(d.line, d.column, d.severity) for d in found] == [(4, 16, "error")]
    assert '"Contoso’s open" appears in 2 files of the site' in found[0].message
    assert flags(text.replace("[open issues]", "(open issues)"), site, check_body=True) == []


def test_the_word_inside_emphasis_or_a_tag_is_the_next_word():
    """``the files *basename*``, ``your sites <code>source</code>``: the word inside is the
    next word (a code tag reads as a code span); a list's ``*`` on the next line is not."""
    from fmlint.rules.text import glitch_tables as g
    import re

    from fmlint.rules.text.possessive_candidates import next_word

    def after(text):
        prose = g.masked(text, markup=True)
        return next_word(text, prose, re.search(r"[a-z]s(?![a-z])", text).end())

    assert after("the files *basename* decides") == "basename"
    assert after("the files _basename_ decides") == "basename"
    assert after("the posts **url** value") == "url"
    assert after("your sites <code>source</code>, not") == "`source`"
    assert after('a layouts <em class="x">front</em> matter') == "front"
    assert after("the documents `content` field") == "`content`"
    assert after("the files\n* basename") == ""
    assert after("the files<br>basename") == ""
    site = Held(*FILLER, "The Contoso’s source is open.", "Read the Contoso’s source first.")
    text = doc('title: "Help"\n', "See the Contosos *source* now.\n")
    assert [d.line for d in flags(text, site, check_body=True)] == [4]


def test_a_word_flagged_at_two_places_supports_its_third(monkeypatch):
    """Second pass: where the text flags ``Contosos`` twice, a third ``Contosos`` the score left
    just under its threshold is looked at again, lifted by ``SUPPORT_MARGIN`` (possible at most)."""
    from fmlint.rules.text import possessive_features

    site = Held(*FILLER, "The Contoso’s team moved to the Contoso’s office.")
    body = "See the Contosos team.\nVisit the Contosos office.\nAnd then Contosos quietly grew.\n"
    text = doc('title: "News"\n', body)
    monkeypatch.setattr(possessive_features, "SUPPORT_MARGIN", 0.0)
    assert [d.line for d in flags(text, site, check_body=True)] == [4, 5]
    monkeypatch.setattr(possessive_features, "SUPPORT_MARGIN", 50.0)
    found = flags(text, site, check_body=True)
    assert [(d.line, d.severity) for d in found] == [(4, "warning"), (5, "warning"), (6, "warning")]
    assert found[2].message.endswith('("Contosos" is flagged at 2 other places of this text)')
    assert flags(text.replace("Visit the Contosos office", "Visit the office"), site, check_body=True)[1:] == []


def test_no_cache_travels_with_the_vocabulary_to_a_spawned_worker(tmp_path):
    """A spawned worker (no fork) inherits no module state: --no-cache must be in the pickle."""
    import pickle

    from fmlint.running.vocabulary import cache_disabled

    _site(tmp_path)
    with cache_disabled():
        shipped = pickle.dumps(RepositoryVocabulary(str(tmp_path)))
    received = pickle.loads(shipped)  # as the worker sees it: outside the parent's context
    assert received.learned.possessive["microsoft"] >= 1
    assert not (tmp_path / ".fmlint_cache").exists()
    RepositoryVocabulary(str(tmp_path)).learned  # noqa: B018 - with the cache on, it is written
    assert (tmp_path / ".fmlint_cache").exists()


def test_updated_vocabulary_file_skips_contractions_and_plurals():
    learned = Vocabulary()
    for text in ["Here's Contoso’s app", "Here's Contoso’s team", "the user’s guide", "users", "user’s"]:
        learned.add(learn(text))
    text, added = updated_vocabulary_file(learned, "", min_files=2)
    assert added == ["Contoso’s  # 2 files write it, 0 the bare contosos"]
    assert text.startswith("# fmlint vocabulary")


# -- the real corpus, as a repository ------------------------------------------------------

CORPUS_ROOT = SHARED / "corpus" / "smartable"
DOCS_ROOT = SHARED / "corpus" / "jekyll-docs"


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory):
    """A writable copy of the news site (the corpus itself is read-only), with a config."""
    return _site_copy(tmp_path_factory, CORPUS_ROOT)


@pytest.fixture(scope="module")
def docs_copy(tmp_path_factory):
    """A writable copy of Jekyll's documentation, with a config."""
    return _site_copy(tmp_path_factory, DOCS_ROOT)


def _site_copy(tmp_path_factory, source):
    import shutil

    if not source.exists():
        pytest.skip(f"{source} is not present (shared data lives outside the repo)")
    root = tmp_path_factory.mktemp("site") / source.name
    shutil.copytree(source, root)
    for folder, _, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    (root / ".fmlint.toml").write_text("check-body = true\n", "utf-8")
    return root


def test_the_corpus_as_a_repository_keeps_its_real_glitches_and_few_warnings(corpus_copy):
    code, records = run_json("--no-cache", "--select", ",".join(APOSTROPHES), ".", cwd=corpus_copy)
    errors = sorted((r["code"], r["message"].split('"')[1]) for r in records if r["severity"] == "error")
    assert errors == [("FM610", "DONT"), ("FM610", "Whats"), ("FM610", "dont"), ("FM610", "dont"),
                      ("FM613", "todays")]  # the real glitches notes/glitches.md lists
    warned = sorted(r["message"].split('"')[1] for r in records if r["code"] == "FM613" and r["severity"] == "warning")
    # Measured: "a drivers license" x2 (real glitches: driver's), "Beginners Tutorial" (a plural:
    # an unsafe fix, for review).  "gives users access" is no longer flagged: one file writing
    # "user's access" is not enough where English writes "users" far more than "user's".
    # The learned score (possessive_model) adds two, measured: "a kudos solution" (kudos is
    # singular) and "the users manager" (a real glitch): warnings, for review.  "the contributors
    # submits" is no longer flagged: no other file of the site writes "contributors" or its possessive.
    assert warned == ["Beginners", "drivers", "drivers", "kudos", "users"]


def test_the_jekyll_docs_as_a_repository_flag_their_real_glitches_only(docs_copy):
    """The second real site: every apostrophe flag on its 111 files (the body read too) is one
    of the docs' own dropped apostrophes, reviewed by hand (``REAL_GLITCHES`` of the bench)."""
    code, records = run_json("--no-cache", "--select", ",".join(APOSTROPHES), ".", cwd=docs_copy)
    found = sorted((r["code"], r["severity"], r["message"].split('"')[1], r["message"].split('"')[-2])
                   for r in records)
    assert code == 1 and found == [
        ("FM610", "error", "Dont", "Don't"),  # "Dont write static files from unrendered collection"
        ("FM611", "warning", "its", "a"),  # "its a requirement that"
        ("FM611", "warning", "its", "an"),  # "its an incremental build"
        ("FM611", "warning", "its", "finished"),  # "once its finished."
        ("FM611", "warning", "its", "the"),  # "its the 'FontAwesome' library"
        ("FM611", "warning", "lets", "say"),  # "lets say you have a datafile"
        ("FM613", "error", "authors", "author's page"),  # "## Link to authors page", above "author's page"
    ]


def test_one_changed_file_with_a_stripped_field_is_repaired_from_the_sites_words(corpus_copy):
    """Pre-commit's case: one file passed, with every apostrophe of it dropped (so the document
    is no evidence); the other 828 files of the site are."""
    import re

    news = sorted((corpus_copy / "_news").glob("*.md"))
    for path in news:
        text = path.read_text("utf-8")
        match = re.search(r"^excerpt: \"(.*\b(Microsoft)['’]s .*)\"$", text, re.MULTILINE)
        if match:
            break
    else:
        pytest.skip("no excerpt with Microsoft’s in this corpus")
    stripped = re.sub(r"(?<=[A-Za-z])['’](?=[A-Za-z])", "", text)
    path.write_text(stripped, "utf-8")
    try:
        code, records = run_json("--no-cache", "--select", "FM613", str(path.relative_to(corpus_copy)),
                                 cwd=corpus_copy)
        hit = [r for r in records if r["message"].startswith('missing possessive apostrophe: "Microsofts"')]
        assert code == 1 and hit and "files of the site" in hit[0]["message"]
    finally:
        path.write_text(text, "utf-8")


SEEDS = SHARED / "seeds"


def test_the_seed_pair_from_the_cli_finds_seven_of_seven(tmp_path):
    """The seed's article, its text (apostrophes dropped) added as a literal ``summary``: every
    dropped apostrophe is reported at its own line and column; the two correct possessives
    ("Its somewhat mysterious ... allows", "its police department") are not."""
    stripped, front = SEEDS / "article-as-text-apostrophes-dropped.txt", SEEDS / "article-front-matter.md"
    if not stripped.exists() or not front.exists():
        pytest.skip(f"{SEEDS} is not present (shared data lives outside the repo)")
    lines = stripped.read_text("utf-8").splitlines()
    block = "summary: |\n" + "".join(f"  {line}\n" if line.strip() else "\n" for line in lines)
    path = tmp_path / "seed.md"
    path.write_text(front.read_text("utf-8").replace("---\n", "---\n" + block, 1), "utf-8")
    code, records = run_json("--no-cache", "--select", ",".join(APOSTROPHES), str(path))
    text = path.read_text("utf-8").splitlines()
    words = sorted(text[r["line"] - 1][r["column"] - 1:r["end_column"] - 1] for r in records)
    assert code == 1 and words == ["Clearviews", "Clearviews", "administrations", "isnt", "its", "techs", "thats"]
    assert not any(text[r["line"] - 1][r["column"] - 1:].startswith(("Its somewhat", "its police")) for r in records)


@pytest.mark.parametrize("body", ["Relative to your sites `source` directory.\n", "The sites\n`source` dir\n",
                                  "Microsofts `x` tools and Microsofts\n", "Users `a` `b` `c`\n"])
def test_code_spans_after_a_candidate_are_read_without_error(body):
    found = lint(doc('title: "Fine"\n', body), select=("FM",), options={"check_body": True})
    assert [d.code for d in found if d.code == "FM009"] == []
