"""What a draft is checked against: the facts given to the model and the story's sources,
indexed once per story; and the draft and verdict the check passes between writer and verifier."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from ..quotes import find_marked_spans
from ..records import Analysis, Article, Paragraph, Quote
from .numbers import NumberPlace, _number_contexts, find_numbers, number_places
from .text import _clean_name, _name_form, _norm, _span_pattern


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing the model may use: a verbatim source span, with its speaker for a quote."""

    id: str  # "F3" for a sentence, "Q2" for a quote
    article_id: str
    start: int
    end: int
    text: str  # == article.text[start:end]
    outlet: str = ""
    speaker: str = ""
    role: str = ""
    verb: str = ""

    @property
    def is_quote(self) -> bool:
        return self.id.startswith("Q")


@dataclass(frozen=True, slots=True)
class Draft:
    """The model's answer, parsed: a headline and paragraphs with the fact ids they cite."""

    headline: str
    paragraphs: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of :func:`verify`: reasons (empty = accepted) and the provenance found."""

    reasons: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...] = ()
    quotes: tuple[Quote, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.reasons


@dataclass
class Evidence:
    """The story's sources, indexed for the checks."""

    articles: dict[str, Article]
    norm_texts: dict[str, str]  # article id -> typography-folded text (same offsets)
    facts: dict[str, Fact]
    quotes: list[Quote]  # every attributed quote the analyses found in the story
    allowed: str  # facts + speakers, roles, outlets, titles: where names and numbers may come from
    allowed_numbers: set[float]
    # value -> (kind, words around it) wherever the facts give it
    number_contexts: dict[float, list[tuple[str, frozenset[str]]]]
    fact_numbers: dict[str, list[NumberPlace]]  # fact id -> its numbers and their words
    other_numbers: set[float]  # values given outside the facts: roles, outlets, titles, dates
    names_text: str  # ``allowed`` plus every article and known speaker, in :func:`_name_form`
    all_words: set[str]  # every word of every source article and title (case kept)
    lower_words: set[str]  # the words the sources write in lower case ("commuters")
    people: list[str]  # known people's names, longest first
    marked: dict[str, list[tuple[int, int]]]  # article id -> spans the source itself puts in quotes
    # quotes the analyses attribute (a verb, a role: "Sanders’ campaign called …") to no named person
    unnamed: list[Quote] = field(default_factory=list)

    @classmethod
    def build(
        cls, articles: Sequence[Article], analyses: Mapping[str, Analysis], facts: Sequence[Fact]
    ) -> Evidence:
        quotes = [
            replace(q, article_id=q.article_id or a.id, speaker=_clean_name(q.speaker))
            for a in articles
            if a.id in analyses
            for q in analyses[a.id].quotes
            if q.speaker
        ]
        people = {q.speaker for q in quotes}
        for a in articles:
            for e in analyses[a.id].entities if a.id in analyses else ():
                if e.label == "PERSON":
                    people.add(_clean_name(e.text))
        pieces = [f.text for f in facts]
        # The verb too: "told the BBC" names an outlet the writer may repeat.
        pieces += [f"{f.role} {f.speaker} {f.verb}" for f in facts if f.is_quote]
        pieces += [f"{a.source}. {a.title}. {_date_words(a.published)}" for a in articles]
        allowed = _norm("\n".join(pieces))
        others = _norm("\n".join(pieces[len(facts) :]))
        words: set[str] = set()
        for a in articles:
            source = f"{a.title} {a.source} {a.text} {_date_words(a.published)}"
            words.update(_WORDS.findall(source))
            words.update(_WORDS.findall(_name_form(source)))  # "US" for "U.S."
        words.update(part for w in list(words) if "-" in w for part in w.split("-"))  # "runner-up"
        names = [allowed, *(a.text for a in articles), *sorted(people)]
        return cls(
            articles={a.id: a for a in articles},
            norm_texts={a.id: _norm(a.text) for a in articles},
            facts={f.id: f for f in facts},
            quotes=quotes,
            allowed=allowed,
            allowed_numbers={v for m in find_numbers(allowed) for v in m.values},
            number_contexts=_number_contexts(allowed),
            fact_numbers={f.id: number_places(f.text) for f in facts},
            other_numbers={v for m in find_numbers(others) for v in m.values},
            names_text="\n".join(_name_form(line) for piece in names for line in piece.splitlines()),
            all_words=words,
            lower_words={w for w in words if w.islower()},
            people=sorted((p for p in people if p), key=len, reverse=True),
            marked={a.id: [(m.start, m.end) for m in find_marked_spans(a.text)[0]] for a in articles},
            unnamed=[
                replace(q, article_id=q.article_id or a.id)
                for a in articles
                if a.id in analyses
                for q in analyses[a.id].quotes
                if not q.speaker and (q.role or q.verb)
            ],
        )

    def find(
        self, text: str, *, loose_first: bool = False, titles: bool = False
    ) -> list[tuple[str, int, int]]:
        """Every verbatim occurrence (typography aside) of ``text`` in the source articles
        (and, with ``titles``, in their titles, reported with offsets -1)."""
        pattern = _span_pattern(text, loose_first=loose_first)
        if pattern is None:
            return []
        hits = [(aid, m.start(), m.end()) for aid, t in self.norm_texts.items() for m in pattern.finditer(t)]
        if titles:
            hits += [(a.id, -1, -1) for a in self.articles.values() if pattern.search(_norm(a.title))]
        return hits

    def speakers_of(self, hits: Iterable[tuple[str, int, int]]) -> list[Quote]:
        """The analysed quotes that contain (overlap) each occurrence."""
        return _overlapping(self.quotes, hits)

    def unnamed_of(self, hits: Iterable[tuple[str, int, int]]) -> list[Quote]:
        """The analysed quotes attributed to no named person that overlap each occurrence."""
        return _overlapping(self.unnamed, hits)


def _overlapping(quotes: Sequence[Quote], hits: Iterable[tuple[str, int, int]]) -> list[Quote]:
    """Per occurrence ``(article id, start, end)``, in order, the quotes of ``quotes`` overlapping it."""
    return [q for aid, s, e in hits for q in quotes if q.article_id == aid and q.start < e and s < q.end]


_WORDS = re.compile(r"\w+(?:-\w+)*")


def _date_words(when: datetime | None) -> str:
    """An article's date as the prompt gives it, so "on Monday 4 May 2026" may be written."""
    return f"{when:%A} {when.day} {when:%B %Y}" if when else ""
