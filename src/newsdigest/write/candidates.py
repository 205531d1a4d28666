"""Source sentences and quotes the writer may use, each kept verbatim or dropped with a reason.

A candidate sentence is a span of ``Article.text`` (offsets kept for provenance) with its
dateline cut off; bylines, boilerplate ("Click here …"), links, captions, headings and
fragments are dropped and counted per reason, so a story's log says what was left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from ..records import Analysis, Article, Quote
from .text import tokens

_DATELINE = (
    # "LONDON (Reuters) - ", "KYIV, Ukraine (AP) — ", "WASHINGTON — ", "KESTREL VALLEY - "
    re.compile(
        r"[A-Z][A-Z.'’\- ]{2,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?\s*(?:\([^()]{2,30}\))?\s*[-–—]{1,2}\s+"
    ),
    # "Nov 25 (Reuters) - ", "(AFP) — "
    re.compile(r"(?:[A-Z0-9][A-Za-z0-9.,'’\- ]{0,40}\s*)?\([A-Z][A-Za-z .&]{1,25}\)\s*[-–—:]{1,2}\s+"),
)
_BOILERPLATE = re.compile(
    r"click here|sign up|read more|subscribe|newsletter|all rights reserved|copyright|©|"
    r"\bphoto(?:graph)?s?\s*(?:by|:)|getty images|\bap photo\b|\(reuters/|\bcredit:|follow us|"
    r"share this|advertisement|reporting by|editing by|additional reporting|"
    r"contributed to this report|this (?:story|article) (?:has been|was) updated|terms of use|"
    r"cookies?\b|download (?:the|our) app|watch (?:the|our) video|listen to (?:the|this)",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:By|Written by|Words by)\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}\b")
_LINK = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
# Markup that extraction or an archive left in the text (an embedded tweet's tags, entities).
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[\w:-]+=\"[^\"]*\")*\s*/?>|&(?:[a-z]+|#\d+);")
_END = re.compile(r"[.!?][\"'”’)\]]*$")
# A splitter that stopped at "Mr." or "J." left half a sentence.
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|St|Jr|Sr|Prof|No|Mt|Ft|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|vs)|\b[A-Z])\.$"
)
_CLOSE_QUOTES = "”\"’'»"
_PERSONAL = re.compile(r"\b(?:you|your|yours|we|our|ours|us|I|me|my)\b", re.IGNORECASE)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")
# Openers that lean on the sentence before: pronouns, and connectives that answer it.
PRONOUN_START = re.compile(
    r"^(He|She|They|It|This|These|Those|His|Her|Their|Its|That|Such|Others|Both|"
    r"And|But|Or|So|Yet|Also|However|Meanwhile|Still|Instead|Moreover|Nevertheless|Then|"
    r"The (?:two|three|four|latter|former|same)|Another|Last (?:week|month|year)|Earlier|Whether|"
    r"Not everyone|Not all)\b"
)
OPEN_QUOTES = "“\"‘'«"
MIN_WORDS, MAX_WORDS = 6, 70


@dataclass(slots=True)
class Sent:
    """One source sentence: its verbatim span, or the reason it cannot be used."""

    article_id: str
    index: int  # position in its article (0 = first sentence)
    start: int
    end: int
    text: str
    row: int = -1  # row in the story's matrices
    reason: str = ""  # "" = usable
    score: float = 0.0  # centrality in [0, 1]
    concepts: tuple[str, ...] = ()  # distinct bigram concepts (see salience.py)

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.index)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(slots=True)
class Story:
    """Everything the writer knows about a story's usable text."""

    articles: dict[str, Article]  # originals only, oldest first
    rank: dict[str, int]  # article order: publication time, then id
    sents: list[Sent]
    quotes: list[tuple[Quote, Sent | None]]  # checked quotes with the sentence holding them
    sim: np.ndarray  # cosine similarity between every two sentences (TF-IDF)
    vectors: csr_matrix
    vectorizer: TfidfVectorizer | None
    places: dict[str, tuple[tuple[int, int], ...]]  # GPE/LOC/FAC spans per article
    persons: dict[str, str]  # a surname → the one full name it stands for in this story
    person_spans: dict[str, frozenset[tuple[int, int]]] = field(default_factory=dict)  # PERSON spans per article
    weights: dict[str, float] = field(default_factory=dict)  # concept → weight
    dropped: Counter[str] = field(default_factory=Counter)

    @property
    def usable(self) -> list[Sent]:
        return [s for s in self.sents if not s.reason]


def time_order(a: Article) -> tuple[bool, float, str]:
    """Oldest first, undated last; naive times are taken as UTC so mixed feeds still sort."""
    if a.published is None:
        return (True, 0.0, a.id)
    p = a.published if a.published.tzinfo else a.published.replace(tzinfo=UTC)
    return (False, p.timestamp(), a.id)


def prepare(articles: Sequence[Article], analyses: Mapping[str, Analysis], dups: Mapping[str, str]) -> Story:
    originals = [a for a in articles if a.id not in dups and a.id in analyses]
    if not originals:  # every article is a copy: summarise the copies rather than nothing
        originals = [a for a in articles if a.id in analyses]
    dropped: Counter[str] = Counter("no_analysis" for a in articles if a.id not in analyses)
    dropped.update("duplicate" for a in articles if a.id in analyses and a not in originals)
    order = sorted(originals, key=time_order)
    sents: list[Sent] = []
    quotes: list[tuple[Quote, Sent | None]] = []
    for art in order:
        analysis = analyses[art.id]
        own = [clean_sentence(art, i, raw.start, raw.end) for i, raw in enumerate(analysis.sentences)]
        dropped.update(s.reason for s in own if s.reason)
        sents.extend(own)
        for found in analysis.quotes:
            q = checked_quote(art, found, dropped)
            if q is not None:
                host = next((h for h in own if h.start <= q.start and q.end <= h.end), None)
                quotes.append((q, host))
    for row, sent in enumerate(sents):
        sent.row = row
    vectorizer, vectors = _vectorize([s.text for s in sents])
    return Story(
        articles={a.id: a for a in order},
        rank={a.id: i for i, a in enumerate(order)},
        sents=sents,
        quotes=quotes,
        sim=(vectors @ vectors.T).toarray(),
        vectors=vectors,
        vectorizer=vectorizer,
        places={
            a.id: tuple((e.start, e.end) for e in analyses[a.id].entities if e.label in {"GPE", "LOC", "FAC"})
            for a in order
        },
        persons=_surnames(order, analyses, [q for q, _ in quotes]),
        person_spans={
            a.id: frozenset((e.start, e.end) for e in analyses[a.id].entities if e.label == "PERSON") for a in order
        },
        dropped=dropped,
    )


def clean_sentence(art: Article, index: int, start: int, end: int) -> Sent:
    """The usable verbatim span of one source sentence, or the reason it is not usable."""
    text = art.text
    start, end = strip_span(text, start, end)
    if "\n" in text[start:end]:
        # A heading or caption glued to a sentence: keep the last line that is a sentence.
        pos = text.rfind("\n", start, end)
        start, end = strip_span(text, pos + 1, end)
    for pattern in _DATELINE:
        # Matched on the span itself: with a start position, "^" would anchor at the
        # article's first character and a dateline on a later line would survive.
        m = pattern.match(text[start:end])
        if m and not text[start + m.end() : start + m.end() + 1].islower():
            start += m.end()
    span = text[start:end]
    n = len(span.split())
    reason = ""
    if _BYLINE.match(span) and n < 12:
        reason = "byline"
    elif _BOILERPLATE.search(span):
        reason = "boilerplate"
    elif _LINK.search(span):
        reason = "link"
    elif _MARKUP.search(span):
        reason = "markup"
    elif n < MIN_WORDS:
        reason = "too_short"
    elif n > MAX_WORDS:
        reason = "too_long"
    elif not _END.search(span):
        reason = "no_sentence_end"  # headings, captions, cut text
    elif _ABBREVIATION_END.search(span):
        reason = "cut_at_abbreviation"
    elif span.rstrip(_CLOSE_QUOTES).endswith("?"):
        reason = "question"  # a digest reports; questions are the outlets' rhetoric
    elif span[0] in OPEN_QUOTES and span[-1] in _CLOSE_QUOTES and _quoted_whole(span):
        reason = "unattributed_quote"  # no speaker in the sentence itself
    elif _PERSONAL.search(_outside_quotes(span)):
        reason = "personal_voice"  # "you"/"we" outside quotes: the outlet talking, not the news
    elif art.source and _names_outlet(span, art.source):
        reason = "outlet_self_reference"  # "The Gazette will explain …"
    elif span[0].islower() or span[0] in ",;:)]”’":
        reason = "fragment"
    elif not _balanced(span):
        reason = "broken_quote"  # the splitter cut inside a quote
    return Sent(art.id, index, start, end, span, reason=reason)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _outside_quotes(span: str) -> str:
    return _QUOTED.sub(" ", span)


def _names_outlet(span: str, outlet: str) -> bool:
    """The sentence names its own outlet ("The Gazette", "the Daily Clarion")."""
    words = [w for w in re.findall(r"[A-Z][\w'’]+", outlet) if w.lower() not in {"the", "news", "daily"}]
    return bool(words) and re.search(r"\b" + re.escape(words[-1]) + r"\b", span) is not None


def _quoted_whole(span: str) -> bool:
    """True when the whole sentence sits inside one pair of quote marks."""
    inner = span[1:-1]
    return not any(mark in inner for mark in "“”\"")


def _balanced(span: str) -> bool:
    return span.count("“") == span.count("”") and span.count('"') % 2 == 0


def checked_quote(art: Article, q: Quote, dropped: Counter[str]) -> Quote | None:
    """A quote we may print: verbatim at its offsets, a speaker named in the article."""
    if not q.speaker.strip():
        dropped["quote_no_speaker"] += 1
        return None
    if art.text[q.start : q.end] != q.text:
        dropped["quote_not_verbatim"] += 1
        return None
    if q.speaker.split()[-1] not in art.text:
        dropped["quote_speaker_not_in_source"] += 1
        return None
    # A trailing comma belongs to the sentence around the quote, not to the words quoted.
    start, end = strip_span(art.text, q.start, q.end)
    while end > start and art.text[end - 1] in ",;:":
        end -= 1
    start, end = strip_span(art.text, start, end)
    n = len(art.text[start:end].split())
    if not 4 <= n <= 60:
        dropped["quote_length"] += 1
        return None
    return Quote(art.text[start:end], start, end, q.speaker, q.role, q.verb, art.id)


def _vectorize(texts: list[str]) -> tuple[TfidfVectorizer | None, csr_matrix]:
    try:
        vectorizer = TfidfVectorizer(tokenizer=tokens, token_pattern=None, lowercase=False, sublinear_tf=True)
        return vectorizer, csr_matrix(vectorizer.fit_transform(texts))  # l2-normalised rows
    except ValueError:  # no sentence, or only stop words
        return None, csr_matrix((len(texts), 1))


def _surnames(order: Sequence[Article], analyses: Mapping[str, Analysis], quotes: Sequence[Quote]) -> dict[str, str]:
    """Surname → full name, for surnames that stand for exactly one person in the story
    (people the entity tagger found, and quote speakers the analyse stage resolved).

    Left out: a surname two people share anywhere in the sources ("Michelle Obama" and
    "Barack Obama", even when one of them is written but not tagged), and a "full name" that
    is not plausibly one — a token that the sources use as a common word ("Lube Live", the
    tagger running a name into the next word).
    """
    texts = [a.text for a in order]
    common = _common_words(texts)
    full: dict[str, set[str]] = {}
    names = [e.text for art in order for e in analyses[art.id].entities if e.label == "PERSON"]
    for raw in [*names, *(q.speaker for q in quotes)]:
        parts = re.sub(r"['’]s$", "", " ".join(raw.split())).split()
        while len(parts) > 2 and parts[0].lower().rstrip(".") in _TITLE_WORDS:
            parts = parts[1:]  # "Governor Isabel Carrow" → "Isabel Carrow"
        name = " ".join(parts)
        if 2 <= len(parts) <= 4 and all(p[:1].isupper() for p in parts):
            full.setdefault(parts[-1], set()).add(name)
    out = {}
    for last, names in full.items():
        # "Governor Isabel Carrow" and "Isabel Carrow" are one person: keep the shortest form.
        core = {n for n in names if not any(o != n and n.endswith(" " + o) for o in names)}
        if len(core) != 1:
            continue
        name = next(iter(core))
        if any(p.lower() in common for p in name.split()):
            continue
        if _other_first_names(texts, last, name.split()[-2], common):
            continue
        out[last] = name
    return out


_WORD = re.compile(r"[A-Za-z][\w'’\-]*")


def _common_words(texts: Sequence[str]) -> set[str]:
    """Words the sources write in lower case ("live", "when"): capitalised, such a word opens
    a sentence or a name of a thing, it is not a first name."""
    return {w for t in texts for w in _WORD.findall(t) if w[0].islower()}


def _other_first_names(texts: Sequence[str], last: str, first: str, common: set[str]) -> bool:
    """True when the sources write the surname after another first name ("Barack Obama"
    beside "Michelle Obama") that the tagger did not report as a person."""
    pattern = re.compile(rf"\b([A-Z][\w'’\-]+)\s+{re.escape(last)}\b")
    for t in texts:
        for m in pattern.finditer(t):
            word = m.group(1)
            if word != first and word.lower() not in common and word.lower().rstrip(".") not in _TITLE_WORDS:
                return True
    return False


# Titles written before a surname ("President Obama", "Governor Carrow"): not first names.
_TITLE_WORDS = frozenset(
    """mr mrs ms miss dr prof president vice sen senator rep representative gov governor mayor
    judge justice gen general col lt sgt capt adm secretary minister chancellor premier king
    queen prince princess pope rev father sister brother sir dame lord lady chairman
    chairwoman ceo speaker attorney chief director commissioner coach captain officer
    inspector detective sheriff councillor councilor ambassador bishop cardinal rabbi imam""".split()
)


# A pronoun early in a sentence points at someone named before it ("No deaths had been
# reported, she said"); such a sentence needs its predecessor.
_EARLY_PRONOUN = re.compile(r"\b(?:he|she|they|him|her|them)\b", re.IGNORECASE)


def leans_on_context(text: str) -> bool:
    if PRONOUN_START.match(text):
        return True
    head = " ".join(_outside_quotes(text).split()[:6])
    return _EARLY_PRONOUN.search(head) is not None
