"""The real corpus and the seed: the article schema accepts every real news article."""

from __future__ import annotations

import pytest
from conftest import CORPUS, SEED, lint, needs_shared, run_json

NEWS = CORPUS / "_news"


@needs_shared(SEED)
def test_seed_article_passes_the_article_schema():
    assert lint(SEED.read_bytes(), schema="article", path=str(SEED), select=("FM0", "FM1", "FM2")) == []


@needs_shared(NEWS)
def test_every_news_article_passes_the_article_schema():
    code, records = run_json("--schema", "article", "--select", "FM0,FM1,FM2", str(NEWS))
    assert len(list(NEWS.glob("*.md"))) >= 190
    assert (code, records) == (0, [])


@needs_shared(CORPUS)
def test_whole_corpus_reads_and_parses_without_errors():
    """Every real file decodes and parses; schema-independent rules find nothing fatal."""
    code, records = run_json("--select", "FM0,FM1", str(CORPUS))
    assert [r for r in records if r["severity"] == "error"] == []


@needs_shared(NEWS)
@pytest.mark.parametrize("mutation, code", [
    (("title:", "tittle:"), "FM201"),  # the missing title names the typo (issue 17: one problem, one diagnostic)
    (("publishedDateTime: 20", "publishedDateTime: x20"), "FM205"),
    (("heat: ", "heat: hot"), "FM202"),
])
def test_mutated_real_articles_fail(tmp_path, mutation, code):
    source = sorted(NEWS.glob("*.md"))[0].read_text("utf-8")
    assert mutation[0] in source
    codes = {d.code for d in lint(source.replace(*mutation, 1), schema="article")}
    assert code in codes
