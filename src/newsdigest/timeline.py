"""A story's dated timeline: the first report, then what each later article added.

Pure functions over records. Articles are walked in time order; everything an article
says joins the "already reported" pool, so a later article only contributes sentences
or quotes that are not near-duplicates of anything earlier. A sentence counts as
already reported when most of its content words appear in one earlier sentence
(containment, which survives reordering and light rewording) or when it brings no
content word the story has not used before. Every item is verbatim:
``article.text[item.start:item.end] == item.text``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .datelines import dateline_length
from .records import Analysis, Article, Quote, Sentence

# A candidate whose content words are this much inside one earlier sentence is a repeat.
CONTAINMENT_THRESHOLD = 0.6
MIN_WORDS = 6  # shorter "sentences" are datelines, bylines, captions
MAX_CHARS = 400  # longer ones are run-ons the splitter missed; unreadable in a list
MIN_QUOTE_WORDS = 4
PER_ARTICLE = 2  # a long article should not swamp the timeline

_WORD = re.compile(r"\w+(?:[’'.,-]\w+)*")
_NUMBER = re.compile(r"\d")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[”\"’']?|$)")
_QUOTED = re.compile(r"[“\"]([^”\"\n]{10,}?)[”\"]")


@dataclass(frozen=True, slots=True)
class TimelineItem:
    when: datetime
    article_id: str
    outlet: str
    title: str
    url: str
    text: str  # verbatim article.text[start:end]
    kind: str  # "first" | "fact" | "quote"
    start: int
    end: int
    speaker: str = ""  # for quotes, when the analysis knows who spoke


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    text: str
    kind: str  # "fact" | "quote"
    speaker: str = ""


def _when(a: Article) -> datetime | None:
    dt = a.published or a.fetched
    if dt is not None and dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)  # naive times are stored as UTC; aware ones must compare
    return dt


def _tokens(text: str) -> set[str]:
    """Content words, lightly normalised so "180,000" == "180000" and "homes" == "home"."""
    out: set[str] = set()
    for w in _WORD.findall(text.lower()):
        w = w.replace("’", "'")
        if _NUMBER.search(w):
            out.add(w.replace(",", "").rstrip("."))
            continue
        if w in ENGLISH_STOP_WORDS or len(w) < 3:
            continue
        if w.endswith("'s"):
            w = w[:-2]
        elif w.endswith("s") and len(w) > 4 and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return out


def _sentences(article: Article, analysis: Analysis | None) -> list[Sentence]:
    if analysis is not None and analysis.sentences:
        return [s for s in analysis.sentences if article.text[s.start : s.end] == s.text]
    # No analysis stored (yet): a plain splitter keeps the timeline usable.
    out = []
    for m in _SENTENCE.finditer(article.text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        start, end = m.start() + lead, m.start() + len(raw.rstrip())
        if end > start:
            out.append(Sentence(start, end, article.text[start:end]))
    return out


def _quotes(article: Article, analysis: Analysis | None) -> list[Quote]:
    if analysis is not None and analysis.sentences:
        return [q for q in analysis.quotes if article.text[q.start : q.end] == q.text]
    return [Quote(m.group(1), m.start(1), m.end(1), article_id=article.id) for m in _QUOTED.finditer(article.text)]


def _candidates(article: Article, analysis: Analysis | None) -> list[_Candidate]:
    """Readable sentences as facts; a sentence holding a quote is represented by the quote."""
    quotes = [q for q in _quotes(article, analysis) if len(q.text.split()) >= MIN_QUOTE_WORDS]
    out: list[_Candidate] = []
    for s in _sentences(article, analysis):
        inside = [q for q in quotes if q.start < s.end and q.end > s.start]
        if inside:
            continue
        if len(s.text.split()) >= MIN_WORDS and len(s.text) <= MAX_CHARS:
            out.append(_Candidate(s.start, s.end, s.text, "fact"))
    out += [_Candidate(q.start, q.end, q.text, "quote", q.speaker) for q in quotes if len(q.text) <= MAX_CHARS]
    out.sort(key=lambda c: c.start)
    return out


class _Seen:
    """Everything reported so far, indexed by word for a fast containment check."""

    def __init__(self) -> None:
        self.index: dict[str, list[int]] = {}
        self.vocab: set[str] = set()
        self.count = 0

    def add(self, tokens: set[str]) -> None:
        for t in tokens:
            self.index.setdefault(t, []).append(self.count)
        self.vocab |= tokens
        self.count += 1

    def containment(self, tokens: set[str]) -> float:
        """The largest share of ``tokens`` found inside one earlier sentence."""
        if not tokens:
            return 1.0
        hits: Counter[int] = Counter()
        for t in tokens:
            hits.update(self.index.get(t, ()))
        return max(hits.values(), default=0) / len(tokens)


def _entity_words(analysis: Analysis | None, start: int, end: int) -> set[str]:
    if analysis is None:
        return set()
    return {e.text.lower() for e in analysis.entities if e.start < end and e.end > start}


def _first_item(article: Article, analysis: Analysis | None, when: datetime) -> TimelineItem | None:
    for s in _sentences(article, analysis):
        if len(s.text.split()) >= MIN_WORDS:
            return _item(article, when, _Candidate(s.start, s.end, s.text, "first"))
    text = article.text.strip()
    if not text:
        return None
    start = article.text.index(text)
    return _item(article, when, _Candidate(start, start + len(text), text, "first"))


def _item(article: Article, when: datetime, c: _Candidate) -> TimelineItem:
    """The item of a candidate, without the dateline an article's first sentence opens with
    ("HOLLINS FORD (BPA) - About 3,000 …" is "About 3,000 …"): the item's time and outlet say it."""
    if c.kind != "quote" and (cut := dateline_length(c.text)):
        c = _Candidate(c.start + cut, c.end, c.text[cut:], c.kind, c.speaker)
    return TimelineItem(
        when=when,
        article_id=article.id,
        outlet=article.source,
        title=article.title,
        url=article.url,
        text=c.text,
        kind=c.kind,
        start=c.start,
        end=c.end,
        speaker=c.speaker,
    )


def timeline(
    articles: Sequence[Article], analyses: Mapping[str, Analysis], *, max_items: int = 12
) -> list[TimelineItem]:
    """The story's developments in time order: "first" report, then new facts and quotes.

    Reprints (``duplicate_of`` set) and articles with no date are left out: a reprint
    says nothing new and an undated article cannot be placed. When there are more than
    ``max_items`` developments, the first report stays and the most informative of the
    rest (new numbers, new names, quotes) are kept.
    """
    dated = [(w, a) for a in articles if a.duplicate_of is None and a.text and (w := _when(a)) is not None]
    dated.sort(key=lambda p: (p[0], p[1].id))
    if not dated or max_items <= 0:
        return []
    seen = _Seen()
    seen_entities: set[str] = set()
    first: TimelineItem | None = None
    scored: list[tuple[float, TimelineItem]] = []
    for when, article in dated:
        analysis = analyses.get(article.id)
        if first is None:
            first = _first_item(article, analysis, when)
        else:
            picks: list[tuple[float, TimelineItem]] = []
            for c in _candidates(article, analysis):
                tokens = _tokens(c.text)
                novel = tokens - seen.vocab
                if not novel or seen.containment(tokens) >= CONTAINMENT_THRESHOLD:
                    continue
                new_names = _entity_words(analysis, c.start, c.end) - seen_entities
                # Why this order: a new number or a new quote is the clearest new fact;
                # new names come next; otherwise the share of new words decides.
                score = (
                    2.0 * any(_NUMBER.search(t) for t in novel)
                    + 2.0 * (c.kind == "quote")
                    + 1.5 * bool(new_names)
                    + len(novel) / len(tokens)
                )
                picks.append((score, _item(article, when, c)))
            picks.sort(key=lambda p: -p[0])
            scored += picks[:PER_ARTICLE]
        # The whole article is now "reported", kept or not.
        for s in _sentences(article, analysis):
            seen.add(_tokens(s.text))
        for q in _quotes(article, analysis):
            seen.add(_tokens(q.text))
        seen_entities |= _entity_words(analysis, 0, len(article.text))
    if first is None:
        return []
    scored.sort(key=lambda p: -p[0])
    kept = [it for _, it in scored[: max_items - 1]]
    kept.sort(key=lambda it: (it.when, it.article_id, it.start))
    return [first, *kept]
