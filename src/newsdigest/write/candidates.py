"""Source sentences and quotes the writer may use, each kept verbatim or dropped with a reason.

A candidate sentence is a span of ``Article.text`` (offsets kept for provenance) with its
dateline cut off; bylines, boilerplate ("Click here …"), links, captions, headings and
fragments are dropped and counted per reason, so a story's log says what was left out.
Two sentences the splitter made of one by stopping at a title ("… with Sens." + "Ted Cruz
(R-Texas), Marco Rubio …") are joined again; a numbered list's item heading without a verb
("1) The race to be the next black president.") is dropped as ``list_heading``.

Headings come in three shapes: the article's title or deck repeated in its text (the
title, a "; "-part of it, or a line of its own above the dateline paragraph), and a
newsletter's ALL-CAPS item heading glued to the item's first sentence ("DNC CHAIR … RESIGNS
After months …"), which is cut off the span. In a story of several articles, a sentence
that nothing ties to the other articles — a roundup's other items, an outlet's ownership
line — is dropped as ``off_topic`` (see ``topic.py``).

Quotes run over sentences: a sentence that starts inside a quote opened earlier in its
paragraph ("Limbaugh said, “What has happened … Donald Trump is a liar and …”"), or on a
transcript's speaker line ("A: …"), is someone's words without marks and is dropped as
``inside_quote`` (``quoting.py`` follows a quote across sentences); text garbled by a
wrong decoding ("PeÃ±a") is dropped as ``mojibake``.

A digest tells a sentence away from the one before it in its article, so a sentence that
leans on that one is told only right after it (``leans_on_context``: "At a rally in
Portsmouth, N.H., he knocked Cruz …", "these delegates must vote …", "…, he said", and the
openers of ``refers_back``). In a story of several articles, one whose subject only its
own article introduced ("The tweet was a not-so-subtle dig …", "The Ohio governor said …")
is not told at all: ``context_bound`` sets it aside with the ``off_topic`` ones
(``Story.set_aside``), which count for centrality but are not chosen (counted as
``needs_context``).

An article that argues rather than reports — an op-ed, a column, a letters page, a
first-person essay — is marked in ``Story.opinion`` with the signal that told (see
``opinion.py``); ``select`` keeps its sentences from leading and its claims from being told
as fact.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from ..quotes.people import ABBREVIATION_END, TITLE_END, dictionary_words_of
from ..records import Analysis, Article, Quote, Sentence
from .names import leading_surnames, surnames
from .opinion import opinion, verdict
from .quoting import OPEN_QUOTES, in_running_quote, outside_quotes
from .text import DAYS_AND_MONTHS, STOP, WEEKDAYS, tokens
from .topic import off_topic
from .verbs import PASTS_AS_BASE, has_irregular_past, irregular_participles

_DATELINE = (
    # "LONDON (Reuters) - ", "KYIV, Ukraine (AP) — ", "WASHINGTON — ", "KESTREL VALLEY - ",
    # HuffPost's horizontal bar "WASHINGTON ― ", and the AP/NYT wire's underscore:
    # "PHNOM PENH, Cambodia (AP) _ ", "WASHINGTON _ "
    re.compile(
        r"[A-Z][A-Z.'’\- ]{2,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?\s*(?:\([^()]{2,30}\))?\s*(?:[-–—―]{1,2}|_)\s+"
    ),
    # "Nov 25 (Reuters) - ", "(AFP) — "
    re.compile(r"(?:[A-Z0-9][A-Za-z0-9.,'’\- ]{0,40}\s*)?\([A-Z][A-Za-z .&]{1,25}\)\s*(?:[-–—―:]{1,2}|_)\s+"),
)
_BOILERPLATE = re.compile(
    r"click here|sign up|read more|subscribe|newsletter|all rights reserved|copyright|©|"
    r"\bphoto(?:graph)?s?\s*(?:by|:)|getty images|\bap photo\b|\(reuters/|\bcredit:|follow us|"
    r"share this|advertisement|reporting by|editing by|additional reporting|"
    r"contributed to this report|this (?:story|article) (?:has been|was) updated|terms of use|"
    r"cookies?\b|download (?:the|our) app|watch (?:the|our) video|listen to (?:the|this)",
    re.IGNORECASE,
)
# A sentence pointing at a picture, video or post on the outlet's page, which a digest does
# not carry: "he posted the following picture to his Twitter page", "Watch the clip below",
# "(pictured above)", "The photo is of Clinton walking …". Not "the following day".
_MEDIA_REFERENCE = re.compile(
    r"\bthe following\b(?!\s+(?:day|days|week|weeks|month|months|year|years|morning|afternoon|evening|"
    rf"night|weekend|season|decade|spring|summer|fall|autumn|winter|{'|'.join(WEEKDAYS)})\b)"
    r"|\b(?:see|watch|view|listen|pictured|shown|seen|embedded|video|photo|picture|image|clip|tweet|post|chart|"
    r"graphic|map|screenshot|table)s?\s+(?:\w+\s+){0,3}?(?:below|above)\b(?!\s+(?:\$|\d|average|expectations|"
    r"the\b))"
    r"|^(?:The|This|That)\s+(?:photo|picture|image|screenshot)\s+is\s+of\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:By|Written by|Words by)\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}\b")
_LINK = re.compile(r"https?://|www\.|(?<![^\s<(“\"':;,])[^\s@]{1,64}@[^\s@]{1,255}\.\w")  # bounded: linear on long tokens
# Markup that extraction or an archive left in the text (an embedded tweet's tags, entities).
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[\w:-]+=\"[^\"]*\")*\s*/?>|&(?:[a-z]+|#\d+);")
# UTF-8 text decoded as Windows-1252 somewhere upstream ("PeÃ±a", "Trumpâ€™s", "Â ").
_MOJIBAKE = re.compile(r"Ã|â€|Â")


def garbled(text: str) -> bool:
    """Whether the text holds UTF-8 decoded as Windows-1252 (also when the "Ã" is decomposed)."""
    return _MOJIBAKE.search(unicodedata.normalize("NFC", text)) is not None
_END = re.compile(r"[.!?][\"'”’)\]]*$")
# A splitter's cut after a word or a figure, mid-line: no sentence ends so.
_UNENDED = re.compile(r"[A-Za-z0-9,]$")
# A numbered list's item ("1) The race to be the next black president.", "2. Democrats
# face …"): the number opens its line, in the sentence or split off by the splitter.
_LIST_NUMBER = re.compile(r"\(?\d{1,2}[.)]\s+(?=[A-Z“\"‘'])")
_LIST_NUMBER_LINE = re.compile(r"\s*\(?\d{1,2}[.)]\s*")
# A finite verb, roughly (the writer has no part-of-speech tags): an auxiliary or a modal,
# a past or third-person form, a negation, or a word after a plural subject ("roads lead").
# Errs towards finding one: it only decides whether a list item is a heading.
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|am|has|have|had|does|do|did|will|would|can|could|may|might|must|should|shall)\b"
    r"|\b[a-z]{2,}(?:ed|es)\b|n['’]t\b"
    r"|\b[A-Za-z]{2,}s\s+(?!(?:of|and|or|in|on|at|to|the|a|an|for|with|from|by|as)\b)[a-z]{2,}\b"
    # "Clinton wants to see …", "she's seen as …", "they're"
    r"|\b[a-z]{2,}s\s+to\s+[a-z]{2,}\b|\b(?i:he|she|it|that|there|what|who)['’]s\b|['’](?:re|ve|ll|m)\b"
)


def _finite_verb(text: str) -> bool:
    """A finite verb: ``_FINITE_VERB``'s, or an irregular past ("2. Clinton lost the youth vote")."""
    return _FINITE_VERB.search(text) is not None or has_irregular_past(text)


_CLOSE_QUOTES = "”\"’'»"
# The outlet's own voice: "you"/"we", and a reporter who writes of themself in the third
# person ("This reporter was on the scene Tuesday …").
_PERSONAL = re.compile(
    r"\b(?:you|your|yours|we|our|ours|us|I|me|my)\b|\bthis (?:reporter|writer|correspondent|columnist)\b",
    re.IGNORECASE,
)
# Openers that lean on the sentence before: pronouns, connectives that answer it ("Nor is
# there …", "Neither are …", "Similarly, …"), the steps of a list ("First, …", "Finally, …"),
# a noun that names what was just said ("The implication, according to …") and the rest of
# a group or a list ("As for the others, …", "The second is that …").
PRONOUN_START = re.compile(
    r"^(He|She|They|It|This|These|Those|His|Her|Their|Its|That|Such|Others|Both|"
    r"And|But|Or|So|Yet|Also|However|Meanwhile|Still|Instead|Moreover|Nevertheless|Then|"
    r"The (?:two|three|four|latter|former|same|others)|Another|Last (?:week|month|year)|Earlier|Whether|"
    # An ordinal standing for a noun said before: "The first is a fight for territory …".
    r"The (?:first|second|third|fourth|last)(?= (?:is|was|are|were)\b)|As for the others?|"
    r"Not everyone|Not all|"
    # A time or a group the sentence before set: "Around that time, 47 percent said …", "Later
    # that day, …", "Since then, …", "Of those, 996 were …", "At the time, Cruz told NBC …",
    # "Moments later, …".
    r"(?:Around|At|Since|Until|By|Before|After|Later|Earlier|Even|Up to|Just|Only) (?:that|then)|"
    r"Of (?:those|them|these)|At the time(?=,)|"
    r"(?:Moments|Minutes|Hours|Days|Weeks|Months|A day|A week|Shortly|Soon|Not long) "
    r"(?:later|after|afterwards?)(?=,)|"
    r"Nor(?=\s)|Neither(?= (?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b)|"
    r"Furthermore|Nonetheless|Conversely|Therefore|Hence|Thus(?! far)|"
    # Not before a comma they name something ("Similarly priced homes", "Indeed Partners").
    r"(?:Likewise|Similarly|Consequently|Accordingly|Additionally|Indeed|Otherwise|Rather)(?=,)|"
    r"(?:First|Firstly|Second|Secondly|Third|Thirdly|Finally|Lastly|Next|In addition|By contrast|"
    r"In contrast|Even so|After all|As a result|In turn|On the other hand|Besides|Further|Again|"
    r"Specifically|In particular|For example|For instance|In fact)(?=,)|"
    r"The (?:implication|upshot))\b"
)
MIN_WORDS, MAX_WORDS = 6, 70
# A list item's bullet ("~ Two former college punters died …").
_BULLET = re.compile(r"[~•·*▪■►»◆●–—-]\s+")
_EDGE_PUNCT = "\"'`“”‘’«»()[]{},.;:!?…–—-/|"
_OPENERS = "“\"‘'`«([“"
# Heading words are ALL-CAPS; at least one of them a long word, so that a run of acronyms
# ("CNN, NBC, ABC News …") is not taken for one.
HEADING_CAPS_WORDS = 3
_HEADING_LONG_WORD = 5
# Where a title splits into a headline and a deck ("Candidates vie …; Trump and Clinton …").
_TITLE_PARTS = re.compile(r"\s*;\s+|\s+[|–—-]\s+")
_DECK_TOP_LINES = 3  # a deck sits among the text's first lines …
_DECK_MAX_WORDS = 30  # … and is short
_DECK_MIN_WORDS = 3  # shorter: a label ("ABSTRACT."), dropped as too short
_HEADLINE_MAX_WORDS = 20  # a deck in headline style, without a dateline below (``_headline_line``)


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
    # The same per article: a surname two people of the story share ("Bernie Sanders",
    # "Felicia Sanders") stands for the one its own article names in full.
    article_persons: dict[str, dict[str, str]] = field(default_factory=dict)
    # a surname several people share → the one the sources name far more often ("Trump" for
    # Donald Trump beside "Melania Trump"): called by it after a full first mention
    leading: dict[str, str] = field(default_factory=dict)
    person_spans: dict[str, frozenset[tuple[int, int]]] = field(default_factory=dict)  # PERSON spans per article
    weights: dict[str, float] = field(default_factory=dict)  # concept → weight
    dropped: Counter[str] = field(default_factory=Counter)
    # Usable sentences the writer does not choose, though they count for centrality: ones
    # nothing ties to the story's other articles (see ``topic.py``), and ones only their own
    # article's context makes clear (``context_bound``, counted as "needs_context").
    set_aside: frozenset[tuple[str, int]] = frozenset()
    # The place of an article's dateline, as its text writes it ("MIAMI — …" → "Miami"): where
    # its "here" is.
    datelines: dict[str, str] = field(default_factory=dict)
    # Articles that argue rather than report (see ``opinion.py``), with the signal that told:
    # their sentences do not lead, and their own claims are not told as fact.
    opinion: dict[str, str] = field(default_factory=dict)
    # Each dated article's day where its outlet is (``Article.local_published``): what its
    # reporter's "today" and "last night" are.
    days: dict[str, date] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)  # what the writer builds once per story

    @property
    def usable(self) -> list[Sent]:
        return [s for s in self.sents if not s.reason]


# Without the outlet's own offset (none given, or "GMT" that a US outlet also writes), the UTC
# time says the local day only where every offset from -8 h (US Pacific) to +9 h (Tokyo)
# falls on the same date; a date without a time (00:00:00, as the PolNeAR metadata and
# date-only feeds give it) is the outlet's own date.
_SAFE_UTC_HOURS = range(8, 15)


def local_day(a: Article) -> date | None:
    """The day an article was published where its outlet is, or None when that is not sure
    (a reporter's "tonight" is then left as written rather than given the wrong weekday)."""
    when = a.local_published
    if when is None:
        return None
    if a.utc_offset_minutes:  # a known offset other than 0
        return when.date()
    if (when.hour, when.minute, when.second) == (0, 0, 0) or when.hour in _SAFE_UTC_HOURS:
        return when.date()
    return None


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
        spans = sentence_spans(art.text, analysis.sentences)
        own = [clean_sentence(art, i, start, end) for i, (start, end) in enumerate(spans)]
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
    sim = (vectors @ vectors.T).toarray()
    aside = frozenset(sents[row].key for row in off_topic(sents, sim, order, analyses))
    dropped.update("off_topic" for _ in aside)
    # "The tweet was a not-so-subtle dig …": which tweet, only its article said. Such a sentence
    # is still the story's text (it counts for centrality) but not the digest's to tell. A lone
    # article's digest tells its sentences in their order, from its opening: what they lean on
    # is told too.
    bound = frozenset(s.key for s in context_bound(sents, aside)) if len(order) > 1 else frozenset()
    dropped.update("needs_context" for _ in bound)
    voices = {a.id: signal for a in order if (signal := opinion(a))}
    return Story(
        articles={a.id: a for a in order},
        rank={a.id: i for i, a in enumerate(order)},
        sents=sents,
        quotes=quotes,
        sim=sim,
        vectors=vectors,
        vectorizer=vectorizer,
        places={
            a.id: tuple((e.start, e.end) for e in analyses[a.id].entities if e.label in {"GPE", "LOC", "FAC"})
            for a in order
        },
        persons=surnames(order, analyses, [q for q, _ in quotes]),
        article_persons={a.id: surnames([a], analyses, [q for q, _ in quotes if q.article_id == a.id]) for a in order},
        leading=leading_surnames(order, analyses, [q for q, _ in quotes]),
        person_spans={
            a.id: frozenset((e.start, e.end) for e in analyses[a.id].entities if e.label == "PERSON") for a in order
        },
        datelines={a.id: place for a in order if (place := dateline_place(a.text))},
        dropped=dropped,
        set_aside=aside | bound,
        opinion=voices,
        days={a.id: day for a in order if (day := local_day(a)) is not None},
    )


def sentence_spans(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """The analyse stage's sentences as (start, end), a sentence the splitter cut in two joined
    again: cut after a title ("… with Sens." + "Ted Cruz (R-Texas), Marco Rubio …") or
    where no sentence ends, inside a line ("… 44 percent would back" + "Trump, while …")."""
    spans: list[tuple[int, int]] = []
    for raw in sentences:
        if spans:
            start, end = spans[-1]
            before = text[max(start, end - 40) : end].rstrip()  # the end is enough: joins stay linear
            joined = "\n" not in text[end : raw.start] and (
                (TITLE_END.search(before) is not None and text[raw.start : raw.end].lstrip()[:1].isupper())
                or (_UNENDED.search(before) is not None and text[raw.start : raw.end].strip()[:1].isalnum())
            )
            if joined:
                spans[-1] = (start, raw.end)
                continue
        spans.append((raw.start, raw.end))
    return spans


def clean_sentence(art: Article, index: int, start: int, end: int) -> Sent:
    """The usable verbatim span of one source sentence, or the reason it is not usable."""
    text = art.text
    start, end = strip_span(text, start, end)
    if "\n" in text[start:end]:
        # A heading or caption glued to a sentence: keep the last line that is a sentence.
        pos = text.rfind("\n", start, end)
        start, end = strip_span(text, pos + 1, end)
    if m := _BULLET.match(text, start, end):
        start = m.end()
    numbered = _LIST_NUMBER_LINE.fullmatch(text, text.rfind("\n", 0, start) + 1, start) is not None
    if m := _LIST_NUMBER.match(text, start, end):
        start, numbered = m.end(), True
    start += _dateline_length(text[start:end])
    start, all_caps = _cut_caps_heading(text, start, end)
    span = text[start:end]
    n = len(span.split())
    reason = ""
    if all_caps or _is_title(span, art.title) or _is_deck(text, start, end):
        reason = "heading"
    elif _headline_line(text, start, end, art.title):
        reason = "deck"  # "Lack of attention to Democratic race hurting rivals Sanders, O'Malley."
    elif _BYLINE.match(span) and n < 12:
        reason = "byline"
    elif _BOILERPLATE.search(span):
        reason = "boilerplate"
    elif _MEDIA_REFERENCE.search(outside_quotes(span)):
        reason = "media_reference"
    elif _LINK.search(span):
        reason = "link"
    elif _MARKUP.search(span):
        reason = "markup"
    elif garbled(span):
        reason = "mojibake"  # UTF-8 read as Windows-1252 ("PeÃ±a"): a verbatim span cannot be repaired
    elif n < MIN_WORDS:
        reason = "too_short"
    elif n > MAX_WORDS:
        reason = "too_long"
    elif numbered and not _finite_verb(outside_quotes(span)):
        reason = "list_heading"  # "1) The race to be the next black president."
    elif not _END.search(span):
        reason = "no_sentence_end"  # headings, captions, cut text
    elif ABBREVIATION_END.search(span):
        reason = "cut_at_abbreviation"
    elif span.rstrip(_CLOSE_QUOTES).endswith("?"):
        reason = "question"  # a digest reports; questions are the outlets' rhetoric
    elif span[0] in OPEN_QUOTES and span[-1] in _CLOSE_QUOTES and _quoted_whole(span):
        reason = "unattributed_quote"  # no speaker in the sentence itself
    elif in_running_quote(text, start):
        reason = "inside_quote"  # a middle sentence of a quote: someone's words, without marks
    elif _PERSONAL.search(outside_quotes(span)):
        reason = "personal_voice"  # "you"/"we" outside quotes: the outlet talking, not the news
    elif art.source and _names_outlet(span, art.source):
        reason = "outlet_self_reference"  # "The Gazette will explain …"
    elif verdict(outside_quotes(span)):
        reason = "evaluative"  # "its inexplicable decision": the outlet's verdict, not reported (opinion.py)
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


_CALENDAR_WORDS = frozenset(DAYS_AND_MONTHS) | {"Today", "Yesterday", "Tonight"}


def _cut_caps_heading(text: str, start: int, end: int) -> tuple[int, bool]:
    """Cut a leading run of ALL-CAPS words (a roundup's item heading) off the span.

    Returns the new start, and True when the whole span is such a heading. The run is cut
    only when a capitalised word follows it (the item's sentence starts there); a run
    followed by a lower-case word is the sentence's own subject ("NATO, EU and UN
    officials …") and stays.
    """
    caps = longest = 0
    for m in re.finditer(r"\S+", text[start:end]):
        letters = [c for c in m.group().strip(_EDGE_PUNCT) if c.isalpha()]
        if not letters:
            continue  # "1.", "16", "—": neither heading words nor sentence words
        if any(c.islower() for c in letters):
            word = m.group().lstrip(_OPENERS)
            # "THE SUPREME COURT Tuesday ruled …": a day or month after the run means the run
            # is the sentence's own subject, written in capitals.
            dated = word.strip(_EDGE_PUNCT) in _CALENDAR_WORDS
            if caps >= HEADING_CAPS_WORDS and longest >= _HEADING_LONG_WORD and word[:1].isupper() and not dated:
                return start + m.start(), False
            return start, False
        if len(letters) >= 2:
            caps += 1
            longest = max(longest, len(letters))
    return start, caps >= HEADING_CAPS_WORDS and longest >= _HEADING_LONG_WORD


def _normal(s: str) -> str:
    return " ".join(re.sub(r"[“”\"‘’'`]", "", s).casefold().split()).rstrip(" .!?:;,")


def _is_title(span: str, title: str) -> bool:
    """The article's title, or a part of it (headline or deck), repeated in its text."""
    if not title.strip():
        return False
    norm = _normal(span)
    return any(norm == _normal(part) for part in (title, *_TITLE_PARTS.split(title)) if part.strip())


def _is_deck(text: str, start: int, end: int) -> bool:
    """A short line of its own at the top of the text, above the paragraph that opens with
    the dateline ("Curfew lifted, but city still in limbo …" before "CHARLOTTE - Nearly …"):
    the page's subtitle, not the story's first sentence."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False  # shares its line with other text
    if len(text[start:end].split()) > _DECK_MAX_WORDS:
        return False
    above = [line for line in text[:line_start].splitlines() if line.strip()]
    if len(above) >= _DECK_TOP_LINES:
        return False
    below = [line.strip() for line in text[line_end:].splitlines() if line.strip()][:2]
    return any(_opens_with_dateline(line) for line in below)


def _headline_line(text: str, start: int, end: int, title: str) -> bool:
    """A deck without a dateline below it: the text's first line (after the title, if the text
    repeats it), a short paragraph of its own written as a headline — no full stop at its end
    ("Trump leads pack; terrorism a top issue;"), or no finite verb ("Lack of attention to
    Democratic race hurting rivals Sanders, O'Malley.", printed above "Amid the din of the
    Republican race …"), or a headline's bare subject (``_bare_subject``: "Protest is set as
    Jewish leaders consider qualms about GOP front-runner."). Another one-line opening with a
    verb ("Curfew ends, but the port city stays on edge …", "Turnout was high …") may be the
    lede: it stays."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0 or not text[line_end:].strip():
        return False  # nothing below it: it is the text
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False  # shares its line with other text
    if not _DECK_MIN_WORDS <= len(text[start:end].split()) <= _HEADLINE_MAX_WORDS:
        return False
    if any(not _is_title(line, title) for line in text[:line_start].splitlines() if line.strip()):
        return False
    span = text[start:end]
    return not _END.search(span) or not _finite_verb(outside_quotes(span)) or _bare_subject(span, text)


# Headlinese drops the article a sentence gives its subject: "Protest is set as …", "Campaign
# criticizes …", "Plan would create …", "Senator from Texas says …", "Presumptive GOP nominee
# overshadows agenda."
_BARE_SUBJECT_MAX_WORDS = 7
_SUBJECT_WORD = re.compile(r"[A-Za-z][a-z-]*|[A-Z]{2,}")  # a word, or an acronym ("GOP")
_SUBJECT_LINKS = frozenset(
    "and of from in within among on at for with over to by about after before under into against".split()
)
_MODALS = frozenset("would will could can may might must should".split())
# Abstract and mass nouns go bare in a real sentence too ("Security is tight …", "Fairness
# demands …"); their endings tell most of them.
_MASS_NOUN_END = re.compile(r"(?:ty|ness|cy|ism|ence|ance|ing|age)$")


def _bare_subject(span: str, text: str) -> bool:
    """A headline's subject: a singular common noun without an article or a determiner, its
    modifiers and a prepositional phrase ("Small group of rich donors"), then a headline's verb
    (``_headline_verb``). A name ("Clinton wins …", "Underdog conservative Assemblywoman Claudia
    Tenney defeated …"), a plural ("Candidates scramble …"), an adjective ("Progressive groups
    …"), a mass noun and a past tense ("Turnout was high …") are a sentence's subject. The
    first word is a common noun only if the text writes it in lower case too ("the protest")."""
    words = span.split()
    subject: list[str] = []
    for i, word in enumerate(words[: _BARE_SUBJECT_MAX_WORDS + 1]):
        if subject and subject[-1] not in _SUBJECT_LINKS and _headline_verb(words, i):
            break
        if _SUBJECT_WORD.fullmatch(word) is None:
            return False  # a quote, a figure, a comma: not a headline's plain subject
        if word.lower() in STOP and not (subject and word in _SUBJECT_LINKS):
            return False  # an article, a pronoun, an auxiliary ("Secrecy is not a stranger …")
        subject.append(word)
    else:
        return False
    cut = next((k for k, w in enumerate(subject) if k and w in _SUBJECT_LINKS), len(subject))
    if any(w[0].isupper() and not w.isupper() for w in subject[1:cut]):
        return False  # a name
    head = subject[cut - 1].lower()
    if cut == 1 and re.search(rf"\b{head}\b", text) is None:
        return False  # written in capitals only: a name ("Spain struggles …")
    return (
        (not head.endswith("s") or head.endswith("ss"))
        and head in dictionary_words_of("noun")
        and head not in dictionary_words_of("adj")
        and _MASS_NOUN_END.search(head) is None
    )


def _headline_verb(words: Sequence[str], i: int) -> bool:
    """A headline's present tense at ``words[i]``: a modal ("would create"), a passive or a
    perfect ("is set", "has offered"), or a third-person form ("criticizes", "says"); not "is"
    with an adjective ("Security is tight"), nor a plural noun before the verb ("Record river
    levels force …")."""
    word = words[i]
    after = words[i + 1] if i + 1 < len(words) else ""
    if word in _MODALS:
        return True
    if word in ("is", "has"):
        return after.endswith("ed") or after in irregular_participles() or after in PASTS_AS_BASE
    if not (word.isalpha() and word.islower() and word.endswith("s")) or word.endswith("ss"):
        return False
    bases = {word[:-1]}
    if word.endswith("es"):
        bases |= {word[:-2], word[:-3] + "y"}  # "pushes", "tries"
    verbs = [b for b in bases if b in dictionary_words_of("verb")]
    # A noun's plural too ("levels", "vows"): the verb unless a verb follows it ("Record river
    # levels force …"). "says" is the press's verb, never "a say"'s plural.
    if word != "says" and any(b in dictionary_words_of("noun") for b in verbs):
        return not (after in dictionary_words_of("verb") or after.endswith("ing"))
    return bool(verbs)


_DATELINE_PLACE = re.compile(r"[A-Z][A-Z.'’\- ]*[A-Z.]")


def dateline_place(text: str) -> str:
    """The place of the dateline that opens one of the text's first lines ("KYIV, Ukraine (AP)
    — …" → "Kyiv"), in the mixed case the text writes it elsewhere; "" when there is none or
    the text never writes the place but in capitals."""
    for line in text.splitlines()[:6]:
        line = line.strip()
        if not _opens_with_dateline(line):
            continue
        m = _DATELINE_PLACE.match(line)
        if m is None:
            return ""
        place = re.compile(rf"\b{re.escape(m.group(0))}\b", re.IGNORECASE)
        return next((w.group(0) for w in place.finditer(text) if not w.group(0).isupper()), "")
    return ""


def _opens_with_dateline(line: str) -> bool:
    return _dateline_length(line) > 0


def _dateline_length(span: str) -> int:
    """How many characters of datelines open the span (0 when none): each pattern in turn,
    on what the one before left, and only when a sentence follows (not a lower-case word)."""
    cut = 0
    for pattern in _DATELINE:
        # Matched on the rest itself: with a start position, "^" would anchor at the
        # article's first character and a dateline on a later line would survive.
        m = pattern.match(span[cut:])
        if m and not span[cut + m.end() : cut + m.end() + 1].islower():
            cut += m.end()
    return cut


def _names_outlet(span: str, outlet: str) -> bool:
    """The sentence names its own outlet ("The Gazette", "the Daily Clarion")."""
    words = [w for w in re.findall(r"[A-Z][\w'’]+", outlet) if w.lower() not in {"the", "news", "daily"}]
    return bool(words) and re.search(r"\b" + re.escape(words[-1]) + r"\b", span) is not None


def _quoted_whole(span: str) -> bool:
    """True when the whole sentence sits inside one pair of quote marks."""
    inner = span[1:-1]
    return not any(mark in inner for mark in "“”\"")


def _balanced(span: str) -> bool:
    curly = span.count("“") == span.count("”") and span.count('"') % 2 == 0
    return curly and span.count("``") <= span.count("''")  # the wire's ``…''; '' alone is a typewriter pair


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
    if garbled(f"{q.speaker} {q.text}"):
        dropped["quote_mojibake"] += 1  # "PeÃ±a Nieto said, …": the name or the words garbled
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


# A pronoun early in a sentence points at someone named before it ("No deaths had been
# reported, she said"); such a sentence needs its predecessor.
_EARLY_PRONOUN = re.compile(r"\b(?:he|she|they|him|her|them)\b", re.IGNORECASE)


# Early in a sentence, a word that points back at what was just said: a pronoun after a
# preposition ("Asked a direct question about this in the debate, …"; not "to those in
# attendance") or "such" before a noun ("Making a final effort to effect such change, …";
# not "such as", "such a big …").
_BACK_REFERENCE = re.compile(
    r"\b(?:about|on|of|over|to|with|for|by|from|after|before|despite|like)\s+"
    r"(?:this(?=\s*[,.;:—–]|\s+(?:in|at|on|to|for|with|by|from|during|after|before|as|is|was)\b)"
    r"|(?:these|those)(?=\s*[,.;:—–]))"
    r"|\bsuch\s+(?:an?\s+)?(?!as\b)[a-z]+(?=\s*[,;:.]|\s+(?:is|was|were|are|would|could|will|has|have|had|"
    r"in|on|at|to|of|for)\b)"
)
_HEAD_WORDS = 8
# Anywhere in the sentence, a demonstrative that ends its phrase points back: "… has done
# anything close to that, even though …", "… like this."
_BACK_REFERENCE_END = re.compile(
    r"\b(?:about|on|of|over|to|with|for|from|after|before|despite|like|than|beyond)\s+"
    r"(?:that|this|these|those)(?=\s*[,.;:!—–]|\s*$)"
)


# Mid-sentence, a demonstrative points back at something its article said before: "these
# delegates must vote …", "a town hall in this Wisconsin town", "discount either of those
# outcomes", "all this is taking". Not the present ("this week", "this year's", "at this
# point", "this Republican race": the reader's own time and race), nor "those" standing for people
# described on the spot ("those who …", "those in the middle", "those surveyed").
_NOW = (
    r"week|weekend|month|year|morning|afternoon|evening|night|summer|fall|autumn|winter|spring|season|"
    r"term|time|moment|point|past|coming|cycle|century|decade|election|campaign|race|country|administration|"
    + "|".join(DAYS_AND_MONTHS)
)
_DEMONSTRATIVE = re.compile(
    rf"\b(?:this|these)\s+(?!(?:[\w\-]+\s+){{0,2}}(?:{_NOW})\b)[A-Za-z0-9]"
    rf"|\bthose\s+(?!(?:{_NOW}|who|whom|whose|which|that|with|without|in|of|on|at|for|from|by|before|after|"
    r"still|less|more|most|under|over|among|already|not|outside|inside|living|like)\b)"
    r"(?![a-z]+(?:ing|ed)\b)[a-z0-9]"
)


def refers_back(text: str) -> bool:
    """True when a word of the sentence (quotes left out) points back at what the sentence
    before said: an opening pronoun or connective, "about this" or "such change" early on,
    "close to that," or a demonstrative ("these delegates") anywhere."""
    if PRONOUN_START.match(text):
        return True
    plain = outside_quotes(text)
    if _BACK_REFERENCE_END.search(plain) or _DEMONSTRATIVE.search(plain):
        return True
    head = re.match(r"\s*(?:\S+\s+){0,%d}" % (_HEAD_WORDS - 1), plain)
    m = _BACK_REFERENCE.search(plain)
    return m is not None and head is not None and m.start() < head.end()


# A pronoun subject after an opening phrase that names no one ("At a rally in Portsmouth,
# N.H., he knocked Cruz …", "In the closing days of the race, he turned out …"): the source's
# sentence before says who; after another person's sentence a reader takes the wrong one.
# "After"/"Before"/"Since"/"Until" before a name open a clause whose subject the pronoun
# stands for ("After Hewitt suggested …, he …"); a participle opens a phrase ("Speaking in
# Ohio, he …").
_OPENING_PHRASE = (
    r"(?:(?:At|In|On|During|Toward|Towards|By|Following|Over|Around|For|Of|With|Without|Despite|"
    r"Throughout|Amid|Amidst|Inside|Outside|Under|Within|Across|Through|From|Upon|Near|Unlike|Like|"
    r"Along|Among|Against|Depending|According)\s|(?:After|Before|Since|Until)\s+(?![A-Z])|"
    r"[A-Z][a-z]+ing\s|(?:Asked|Pressed|Questioned|Interviewed)\s)"
    r"(?:\S+\s+){0,12}?\S+,\s+"
)
_OPENER_PRONOUN = re.compile(rf"^{_OPENING_PHRASE}(?:he|she|they)\s")
# He, she, a speaking "it": someone the sentence does not name before it ("Around 30 to 70
# people would show up to each event, he said", "The drawn-out race … helped to certify him",
# "In cases of abortion, it said, …"); not after an opening phrase that the name follows
# ("In his Sunday interviews, Carson …").
_PERSON_PRONOUN = re.compile(
    r"\b(?:he|she|him|her|his|hers)\b|\bit(?=\s+(?:said|says|added|adds|wrote|writes|noted|stated|argued)\b)"
)
# "Though stopping short of suspending his campaign, retired neurosurgeon Ben Carson told …"
_NAME_AFTER_COMMA = re.compile(r",\s+(?:[a-z][\w\-]*\s+){0,3}(?:[A-Z][\w.'’\-]*\s+)*?[A-Z][\w'’\-]*[a-z]")
# A person the sentence names by a role rather than a name, in the epithets of political
# news ("The Vermont senator", "the New York billionaire", "The GOP front-runner").
_EPITHET_NOUNS = (
    "candidate|nominee|front-runner|frontrunner|billionaire|businessman|businesswoman|mogul|magnate|tycoon|"
    "developer|neurosurgeon|senator|governor|mayor|congressman|congresswoman|lawmaker|chief|director|"
    "chairman|chairwoman|spokesman|spokeswoman|secretary|minister|justice|judge|speaker|official|officer|"
    "aides|advisers|advisors"  # whose, the article said: "The aides, led by campaign manager …"
)
_ROLE = re.compile(_EPITHET_NOUNS)
# Who a he/she can stand for without a name: an epithet, or a person the sentence describes
# ("The wife of a man fatally shot by police … includes her pleading", "a sitting vice
# president quickly sewed up his party's nomination").
_PERSON_NOUN = re.compile(
    rf"\b(?:{_EPITHET_NOUNS}|president|man|woman|wife|husband|child|boy|girl|mother|father|son|daughter)\b",
    re.IGNORECASE,
)
# A subject that names someone by an epithet: "The Ohio governor said …", "The billionaire
# businessman only narrowly edged out …", "The senator's advisers …", "The aides, led by …".
# Not a role followed by the name ("The conservative writer David Frum …") or by a clause
# that says who ("The officer who shot Scott …"), nor "The president" (the sitting one) or a
# plural of a role anyone may hold ("The candidates took questions …").
_EPITHET = re.compile(
    rf"The\s+(?:(?!(?:of|for|to|in|on|at|by|with|from|the|a|an|and|or)\s)[\w\-.’']+\s+){{0,4}}?"
    rf"(?!president\b)(?:{_EPITHET_NOUNS})(?:['’]s)?\b(?![\w\-])"
    r"(?!\s*,?\s+(?:[A-Z]|of\s+[A-Z]|who\b|whom\b|whose\b|that\b))"
)
# The name in commas after the epithet's phrase ("The third remaining Republican candidate
# for president, Ohio Gov. John Kasich, …"), or the name of someone of theirs ("The
# candidate's glamorous wife Melania Trump …").
_APPOSITIVE_NAME = re.compile(
    r"[^,.;:]{0,40},\s+(?:[A-Z][\w.'’\-]*\s+){1,4}?[A-Z][\w'’\-]*[a-z],"
    r"|(?<=s)\s+(?:[a-z][\w\-]*\s+){0,2}[A-Z][a-z]"
)


def _unnamed_pronoun(plain: str) -> bool:
    """A he/she the sentence names no one for before it: no capitalised word (but an opening
    function word, "On", "The") and no person noun ("the wife …", "a young child …") ahead of
    it, and no name after a comma that it looks ahead to."""
    m = _PERSON_PRONOUN.search(plain)
    if m is None:
        return False
    before = plain[: m.start()].split()
    if any(w[:1].isupper() and not (i == 0 and w.lower() in STOP) for i, w in enumerate(before)):
        return False
    if _PERSON_NOUN.search(plain, 0, m.start()):
        return False
    return _NAME_AFTER_COMMA.search(plain, m.end()) is None


# "The state", "the county", "the district" as a noun: the place its source's sentence
# before named ("Clinton and Trump are tied in the state today", "Clinton beat rival Sanders
# in the state's Democratic caucuses Saturday" where the source meant Nevada). Not "the
# state of Arizona" or "the state of the race", nor the word as a modifier ("the state
# party", "the state Supreme Court", "on the state and local level"), nor "the country": the
# reader's own. The sentence names the place itself when it writes a US state (for "the
# state") or a capitalised word after a preposition of place ("In Iowa, the state's
# caucuses …") or before "State", "City", "Mayor" ("the Badger State governor"). A place
# that is only the sentence's subject ("As Israel moves …, it has enabled the state to …")
# is taken for unnamed: a capitalised word alone does not tell a place from a person.
# "The city" is left out: a story is mostly about one city, whose "the city" its lede names
# ("the city's tram network stopped running" in a blackout's story); whether a story speaks
# of several states or cities only the story can tell, not the sentence.
_PLACE_NOUN = re.compile(r"\bthe\s+(?:state|county|district)(?![\w\-])(?!\s+of\b)")
_POSSESSIVE = re.compile(r"['’]s\b")
_NEXT_WORD = re.compile(r"\s+([\w\-]+)")
_LEVELS = re.compile(r"\s*(?:and|or|,)\s+(?:local|federal|national|county|city|municipal|district|state)\b")
_WHEN = frozenset("today tonight yesterday tomorrow".split())
_US_STATES = re.compile(
    r"\b(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|"
    r"Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    r"Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|"
    r"North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|"
    r"Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|"
    # the wire's abbreviations: "Portsmouth, N.H.", "(R-Tex.)"
    r"Ala|Ariz|Ark|Calif|Colo|Conn|Fla|Ill|Kan|Ky|Md|Mass|Mich|Minn|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|"
    r"Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Tex|Vt|Va|Wash|W\.Va|Wis|Wyo)\b"
)
_PLACE_NAMED = re.compile(
    r"\b(?i:in|of|at|from|into|about|across|throughout|near|outside|around)\s+"
    rf"(?!(?:{'|'.join(DAYS_AND_MONTHS)}|Super|State)\b)[A-Z][a-z]"
    # "Boston Mayor Marty Walsh", "the Badger State governor", "the Queen City"
    r"|\b[A-Z][a-z]+\s+(?:State|City|County|Mayor|mayor)\b"
)


def unnamed_place(text: str) -> bool:
    """True when the sentence (quotes left out) speaks of "the state", "the county" or "the
    district" as a place it does not name itself: its source's sentence before did."""
    plain = outside_quotes(text)
    nouns = dictionary_words_of("noun")
    for m in _PLACE_NOUN.finditer(plain):
        if not _POSSESSIVE.match(plain, m.end()):
            if _LEVELS.match(plain, m.end()):
                continue  # "on the state and local level": a kind of government
            nxt = _NEXT_WORD.match(plain, m.end())
            word = nxt.group(1) if nxt else ""
            low = word.lower()
            if word[:1].isupper() and word not in DAYS_AND_MONTHS:
                continue  # "the state Supreme Court", "the district GOP"; not "the state Tuesday"
            modifier = low not in STOP and low not in _WHEN and not low.endswith(("ed", "ly"))
            if modifier and (low in nouns or _singular(low) in nouns):
                continue  # "the state party", "the district court"; not "the state today"
        state = m.group().endswith("state")
        return _PLACE_NAMED.search(text) is None and not (state and _US_STATES.search(text))
    return False


def leans_on_context(text: str) -> bool:
    """True when the sentence needs its source's sentence before it: it points back (see
    ``refers_back``), has a pronoun in its first words or a he/she it names no one for, or a
    pronoun subject after an opening phrase ("At a rally in Portsmouth, N.H., he …"), says
    "the state" of a state it does not name (``unnamed_place``), or gives a share with no group
    or poll ("Sixty-six percent said …", ``_BARE_SHARE``)."""
    if refers_back(text):
        return True
    plain = outside_quotes(text)
    head = " ".join(plain.split()[:6])
    if _EARLY_PRONOUN.search(head) is not None:
        return True
    if _BARE_SHARE.match(plain) and not _POLLED.search(plain):
        return True  # "Sixty-six percent said it made no difference to them.": of whom, asked what?
    return _OPENER_PRONOUN.match(plain) is not None or _unnamed_pronoun(plain) or unnamed_place(text)


# A share for a subject with no group after it and no poll named ("Some 22 percent said they
# would back Trump", "Less than 1 percent chose …"): the sentence before says whom a poll
# asked what.
_BARE_SHARE = re.compile(
    r"\s*(?:(?:About|Nearly|Almost|Just|Only|Some|More than|Less than|Fewer than|Roughly|Around)\s+)?"
    r"(?:[A-Z][a-z]+(?:-[a-z]+)?|\d+(?:\.\d+)?)\s*(?:percent|per cent|%)\s+"
    r"(?:said|say|says|believe|believed|think|thought|chose|picked|want|wanted|agreed|disagreed|approve|"
    r"approved|disapprove|disapproved|preferred|prefer|support|supported|opposed|oppose|named|cited)\b"
)
_POLLED = re.compile(r"\b(?:poll|polls|polling|survey|surveyed|respondents)\b", re.IGNORECASE)


# A sentence whose subject is a bare definite noun phrase — "The" and a noun, nothing after
# it to say which ("The tweet was a not-so-subtle dig at …", "The objection comes at a time
# when …", "The chief, Paul Manafort, suggested …") — speaks of something its article
# introduced before. The story's other articles establish it when
# their openings speak of "the deal", "the vote", "the attack" too: then it is the story's
# own event, which the digest's lede tells ("The deal was signed …" stays). A noun with its
# own description ("The rise of Donald Trump", "The officer who shot …", "The lawsuit being
# filed …"), a superlative or "only" ("The most unlikely candidate …") and a noun that looks
# ahead ("The big question is whether …") say which by themselves.
_OPENING = 3  # an article's first sentences: where it says what its story is (as ``select``'s lede)
_LEDE = 2  # its lede: a noun there the first sentence did not name is one of the story's own
_DEFINITE_START = re.compile(r"The\s+")
# Words after the noun phrase: a verb, an auxiliary, an adverb, or punctuation ends it.
_PHRASE_END = frozenset(
    "is are was were has have had will would can could may might must should shall did does do said says "
    "told also still now already then later just never not only first again a an the".split()
)
# Words after it that describe it: a preposition, a relative, a participle, "here".
_DESCRIBED = frozenset(
    "of in on for from to between against at with behind over about among that who whom which whose where "
    "when here under during after before into by as near around across inside outside within without "
    "like".split()
)
_DETERMINERS = frozenset("this these those that a an the his her its their our my your some any".split())
_UNIQUE_MODIFIERS = frozenset("only most least current next last main".split())
# Nouns there is one of for the reader too: "The media gathered …", "The press …", "The
# stakes are high …".
_ONE_OF_A_KIND = frozenset(
    "media press public electorate economy nation country world government stakes".split()
)
_LOOKS_AHEAD = re.compile(r"\s*(?:is|was)\s+(?:whether|that|how|why|what|who|to)\b|\s*(?:is|was)?\s*:")


def definite_subject(text: str) -> str:
    """The words of a bare definite subject the sentence opens on, after "The" ("The tweet was
    …" → "tweet", "The aides, led by …" → "aides", "The past two winners rose …" → "past two
    winners"), or "" when it opens otherwise or the phrase says which by itself."""
    m = _DEFINITE_START.match(text)
    if m is None:
        return ""
    words_after = text[m.end() :].split()
    phrase: list[str] = []
    after = ""  # the word after the phrase
    for i, word in enumerate(words_after):
        core = word.rstrip(",;:—–")
        low = core.lower()
        if low in _DETERMINERS:
            return ""  # "The longer those criticisms go unanswered …"
        following = words_after[i + 1].lower() if i + 1 < len(words_after) else ""
        if phrase and following != "of" and _verb_after(phrase[-1], low):
            break  # "The root causes of …" is a noun
        if not re.fullmatch(r"[a-z][a-z\-]*", core) or len(phrase) == 3:
            return ""  # a name ("The Clinton campaign"), a long phrase
        if phrase and (low in _DESCRIBED or low.endswith("ing")):
            return ""  # "The rise of …", "The lawsuit being filed …": it says which
        phrase.append(core)
        if core != word:  # a comma or a dash closes it: "The aides, led by …"
            break
        if _plural_noun(low):
            after = following  # a plural ends the phrase ("The dueling speeches offer …",
            break  # "The figures include …") unless a description follows ("The good news for …")
    else:
        return ""
    if after in _DESCRIBED or (after.endswith("ing") and after not in _PHRASE_END):
        return ""
    first, noun = phrase[0], phrase[-1]
    if first in _UNIQUE_MODIFIERS or (first.endswith("est") and len(phrase) > 1) or noun in _ONE_OF_A_KIND:
        return ""
    rest = text[m.end() :].split(phrase[-1], 1)[-1]
    return "" if _LOOKS_AHEAD.match(rest) else " ".join(phrase)


def _plural_noun(word: str) -> bool:
    """A plural of a noun of the lemmatizer's dictionary: "figures", "caucuses"."""
    return _singular(word) != word


def _singular(word: str) -> str:
    """The noun of the lemmatizer's dictionary a plural is of ("caucuses" → "caucus", "aides"
    → "aide"), else the word."""
    nouns = dictionary_words_of("noun")
    if word.endswith("es") and word[:-2] in nouns:
        return word[:-2]
    return word[:-1] if word.endswith("s") and word[:-1] in nouns else word


def _verb_after(before: str, word: str) -> bool:
    """Whether ``word``, after the phrase's word ``before``, is its verb or an adverb that
    ends the phrase: an auxiliary, "-ed", "-ly", an irregular past ("The decision left …"),
    or an "-s" form after a noun ("The objection comes …") or of a verb that is no noun
    ("The routine begins …"); a plural after an adjective is the noun ("The dueling
    speeches …")."""
    if word in _PHRASE_END or word.endswith(("ly", "n't", "n’t")) or re.fullmatch(r"[a-z]+ed", word):
        return True
    if has_irregular_past(word):
        return True
    if not re.fullmatch(r"[a-z][a-z\-]*s", word):
        return False
    nouns, verbs = dictionary_words_of("noun"), dictionary_words_of("verb")
    modifier = (
        before in dictionary_words_of("adj")
        or (before.endswith(("ing", "ed")) and before not in nouns)
        or (bool(nouns) and before not in nouns)
    )
    if not modifier:
        return True
    base = word[:-2] if word.endswith("es") and word[:-2] in verbs else word[:-1]
    return base in verbs and base not in nouns


def context_bound(sents: Sequence[Sent], aside: frozenset[tuple[str, int]] = frozenset()) -> list[Sent]:
    """Usable sentences (not ``aside``) that only their own article's context makes clear and
    that nothing marks as leaning on the sentence before (``leans_on_context``: ``units``
    tells those only after it). ``sents`` are each article's in order.

    - an epithet for a subject ("The Ohio governor said …"): who it is, the article said before.
    - a bare definite subject (``definite_subject``) the story has not introduced: "The tweet
      was a not-so-subtle dig …" where only a later sentence of its article told of a tweet.
      The story introduces it when another article's opening speaks of "the …" noun ("The
      vote was 9-4" where the reports open on the vote), or when the sentence's own
      article's lede names it ("The apology was signed by …" after "… issued a formal
      apology", "The tweets …" after "Trump … tweeted an image …"). An article's first
      sentence introduces its own subject; its second one may name one of the story's own
      that the first did not ("The authority has offered 4 per cent …" after a port
      strike's lede). A name in commas says which ("The ferry operator, Westsound Lines,
      said …"), but not after a lone title ("The chief, Paul Manafort, …": chief of what,
      the article said); "The other …" stands apart from something its article said, unless
      it names them ("The other two, John Kasich and …").
    """
    openings: dict[str, list[str]] = {}
    ledes: dict[str, str] = {}  # each article's first usable sentence
    for s in sents:
        if s.index < _OPENING and s.key not in aside:
            openings.setdefault(s.article_id, []).append(s.text)
        if not s.reason and s.key not in aside:
            ledes.setdefault(s.article_id, s.text)
    earlier: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}  # per article: the other articles' openings
    out = []
    for s in sents:
        told_before = earlier.setdefault(s.article_id, [])
        if not s.reason and s.key not in aside and not leans_on_context(s.text):
            if s.article_id not in others:
                others[s.article_id] = [
                    t for aid, texts in openings.items() if aid != s.article_id for t in texts
                ]
            if _unintroduced(s, others[s.article_id], told_before, ledes[s.article_id]):
                out.append(s)
        told_before.append(s.text)
    return out


def _unintroduced(s: Sent, openings: Sequence[str], earlier: Sequence[str], lede: str) -> bool:
    """Whether the sentence opens on an epithet or on a definite noun that neither ``openings``
    (the other articles') speak of nor its own article's ``lede`` names, given the sentences
    of its article ``earlier``."""
    plain = outside_quotes(s.text)
    epithet = _EPITHET.match(plain)
    if epithet is not None:
        return _APPOSITIVE_NAME.match(plain, epithet.end()) is None
    phrase = definite_subject(s.text) if s.index > 0 else ""
    if not phrase:
        return False
    noun = phrase.split()[-1]
    named = re.match(r",\s+[A-Z]", s.text[s.text.index(noun) + len(noun) :]) is not None
    if phrase.startswith("other "):
        return not named
    forms = rf"{re.escape(_singular(noun))}(?:s|es)?\b"
    if s.index < _LEDE and not any(re.search(rf"\b{forms}", t, re.IGNORECASE) for t in earlier):
        return False
    if noun != _singular(noun) and _ROLE.fullmatch(_singular(noun)):
        return False  # "The candidates took questions …": the story's own, all of them
    if named and (" " in phrase or not _ROLE.fullmatch(noun)):
        return False  # "The ferry operator, Westsound Lines, said …"; not "The chief, Paul Manafort, …"
    if lede != s.text and re.search(rf"\b{re.escape(_singular(noun))}\w{{0,3}}\b", lede, re.IGNORECASE):
        return False  # "The apology was signed by …" after "… issued a formal apology …"; "tweeted"
    told = re.compile(rf"\b(?:the|this|that|these|those)\s+(?:[\w\-]+\s+){{0,2}}?{forms}", re.IGNORECASE)
    return not any(told.search(t) for t in openings)
