"""Shared helpers for the writer tests that write their analyses by hand: sentence spans
as a splitter gives them, entities tagged by name, quotes found in the text, and the
cleaned sentence at a place.

Hand-made analyses make the sentence spans and entity tags exactly the ones each case
needs; every kept span must stay verbatim (``article.text[start:end] == text``).
"""

from __future__ import annotations

import re

from newsdigest.records import Analysis, Article, Entity, Quote, Sentence
from newsdigest.write.candidates import Sent, clean_sentence


def spans(text: str) -> list[tuple[int, int]]:
    """Sentences as a splitter gives them: per line, at ". " after a word (closing quote
    marks stay with their sentence; a heading glued by a non-breaking space stays in its
    sentence, as on the real pages)."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        for m in re.finditer(r".+?(?:(?<=\w\w)[.!?][”’\"']*(?= |$)|$)", line.group()):
            s, e = line.start() + m.start(), line.start() + m.end()
            while s < e and text[s] == " ":
                s += 1
            if s < e:
                out.append((s, e))
    return out


def hand_analysis(art: Article, names: dict[str, str], quotes: tuple[Quote, ...] = ()) -> Analysis:
    """The analysis of ``art``: its ``spans``, every occurrence of each name tagged with its label."""
    ents = [Entity(name, label, m.start(), m.end())
            for name, label in names.items() for m in re.finditer(rf"\b{re.escape(name)}\b", art.text)]
    ents.sort(key=lambda e: e.start)
    sentences = tuple(Sentence(s, e, art.text[s:e]) for s, e in spans(art.text))
    return Analysis(art.id, sentences, tuple(ents), quotes)


def hand_quote(art: Article, words: str, speaker: str, role: str = "", verb: str = "said") -> Quote:
    """``art``'s quote of ``words``, cited at the first place they stand in its text, as the
    analyse stage cites a quote; words the text does not hold fail the test here rather than
    as a wrong span further on. A test with a bare text wraps it: ``Article("a", text)``."""
    start = art.text.find(words)
    if start < 0:
        raise AssertionError(f"{words!r} is not in the text of article {art.id!r}")
    return Quote(words, start, start + len(words), speaker, role, verb, art.id)


def clean_at(art: Article, startswith: str) -> Sent:
    """The cleaned sentence whose raw span starts with ``startswith``; its provenance checked."""
    for i, (s, e) in enumerate(spans(art.text)):
        if art.text[s:e].startswith(startswith):
            sent = clean_sentence(art, i, s, e)
            assert art.text[sent.start : sent.end] == sent.text  # provenance stays exact
            return sent
    raise AssertionError(f"no sentence starts with {startswith!r}")


def led_by(articles: list[Article], analyses: dict[str, Analysis], opening: str) -> tuple[object, list]:
    """The story of ``articles`` and its selected units, with the sentence starting with
    ``opening`` set as the lede by hand (which sentence leads is ``select``'s choice, not the
    headline's)."""
    from newsdigest.write import prepare, score, selection
    from newsdigest.write.units import plain_unit

    story = prepare(articles, analyses, {})
    score(story)
    units = selection.select(story, words=400, strict=False)
    lede = plain_unit(next(s for s in story.sents if s.text.startswith(opening)))
    return story, [lede, *(u for u in units if u.key != lede.key)]
