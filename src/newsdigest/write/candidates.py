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

In a story of several articles, a sentence whose subject only its own article introduced
("The tweet was a not-so-subtle dig …", "The Ohio governor said …"; ``context.py``) is set
aside with the ``off_topic`` ones (``Story.set_aside``), which count for centrality but are
not chosen (counted as ``needs_context``).

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

from ..datelines import dateline_length
from ..quotes.people import ABBREVIATION_END, TITLE_END, dictionary_words_of
from ..records import Analysis, Article, Quote, Sentence
from .context import context_bound
from .liveblog import live_blog
from .names import story_names, surnames
from .opinion import opinion, verdict
from .quoting import OPEN_QUOTES, in_running_quote, outside_quotes
from .text import DAYS_AND_MONTHS, STOP, WEEKDAYS, tokens
from .topic import off_topic
from .verbs import PASTS_AS_BASE, has_irregular_past, irregular_participles

# The outlet talking to its reader about the outlet, not the news: a call to follow, listen,
# visit or shop ("Follow Newsbeat on Instagram, Facebook …", "Listen to Newsbeat live at 12:45
# …", "Be sure to check out the … Price Guide …", "Shop the rest of today's sale right here."),
# a syndication note ("This article was originally published by Futurism."), a page's widget
# text ("An error has occurred, please try again later."). Not a sentence that says who speaks.
_CALL_TO_ACTION = re.compile(
    r"^(?!.*\b(?:said|says|told|tells|according)\b)"  # someone's words ("Follow the money, she said, …")
    r"(?:(?:be\s+sure\s+to|don['’]t\s+forget\s+to|make\s+sure\s+to)\s+)?"
    r"(?:follow|listen|watch|visit|shop\s+(?:the|now|our|all|today)|subscribe|download|check\s+out|like\s+us|"
    r"join\s+us|tune\s+in|sign\s+up)\s"
    r"(?=.{0,120}\b(?:instagram|facebook|twitter|youtube|tiktok|snapchat|linkedin|podcast|live|here|below|"
    r"guide|app|newsletter|website|online|deals?|sale|@\w+)\b)"
    r"|^this (?:article|story|post|piece) (?:was|is|has been) (?:originally |first )?(?:published|posted|appeared)\b"
    r"|^an error has occurred\b|\bplease try again later\b",
    re.IGNORECASE | re.DOTALL,
)
# A dateline in the place's own case, which local papers and press releases write ("Indianapolis
# – ", "Dekalb, Ill. — ", "New York, NY – "): only on one of the article's first lines, before a dash with
# spaces and a capitalised word (not "Obama — who …").
_TITLE_CASE_DATELINE = re.compile(
    r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}(?:,\s*[A-Z][A-Za-z.]{1,14}(?:\s[A-Z][A-Za-z.]{1,10})?)?\s+[–—―]\s+(?=[A-Z])"
)
_BOILERPLATE = re.compile(
    r"click here|sign up|read more|subscribe|newsletter|all rights reserved|copyright|©|"
    r"\bphoto(?:graph)?s?\s*(?:by|:)|getty images|\bap photo\b|\(reuters/|\bcredit:|follow us|"
    r"share this|advertisement|reporting by|editing by|additional reporting|"
    r"contributed to this report|this (?:story|article) (?:has been|was) updated|terms of use|"
    r"cookies?\b|download (?:the|our) app|watch (?:the|our) video|listen to (?:the|this)|"
    # a link's text: "Pro tip: Get more pre-workout meal ideas here!", "Read the full report here." (the
    # imperative opens the sentence or follows a short label, not "… was simple: find a way to win here.")
    r"^(?:[\w ]{1,12}:\s*)?(?:get|find|read|see|check\s+out|learn|discover|shop|browse|grab|download|watch)\s"
    r"[^.!?]{0,80}\bhere\s*[.!]?$|"
    # a shopping page's disclosure, in the page's own words: "BGR may receive a commission on orders
    # placed through this article", "Prices are subject to change without notice"; not a broker's fee
    # or a fuel price formula
    r"\b(?:may|might|could)\s+(?:receive|earn|get)\s+(?:a\s+|a\s+small\s+|an\s+affiliate\s+)?commission\b"
    r"[^.!?]{0,60}?\b(?:this|our|these)\s+(?:article|page|site|post|story|links?)\b|"
    r"\b(?:this|our)\s+(?:\w+\s+){0,3}(?:contains?|includes?|uses?)\s+affiliate\s+links?\b|"
    r"\bprices?\s+(?:are|is)\s+(?:accurate\s+(?:at|as\s+of)\s+the\s+time|subject\s+to\s+change\s+"
    r"(?:without\s+notice|at\s+any\s+time))|"
    # a footnote's line: "[1] Alarm fatigue: impacts on patient safety, Ruskin KJ …"
    r"^\[\d{1,3}\]|"
    # a post's tag before a name: "#Browns Greedy Williams has been solid …" (not "#MeToo activists …")
    r"^#[A-Za-z]\w*\s+(?-i:[A-Z])",
    re.IGNORECASE,
)
# A sentence pointing at a picture, video or post on the outlet's page, which a digest does
# not carry: "he posted the following picture to his Twitter page", "Watch the clip below",
# "(pictured above)", "The photo is of Clinton walking …", a caption's "(left)". Not "the
# following day".
_MEDIA_REFERENCE = re.compile(
    r"\bthe following\b(?!\s+(?:day|days|week|weeks|month|months|year|years|morning|afternoon|evening|"
    rf"night|weekend|season|decade|spring|summer|fall|autumn|winter|{'|'.join(WEEKDAYS)})\b)"
    r"|\b(?:see|watch|view|listen|pictured|shown|seen|embedded|video|photo|picture|image|clip|tweet|post|chart|"
    r"graphic|map|screenshot|table)s?\s+(?:\w+\s+){0,3}?(?:below|above)\b(?!\s+(?:\$|\d|average|expectations|"
    r"the\b))"
    r"|^(?:The|This|That)\s+(?:photo|picture|image|screenshot)\s+is\s+of\b"
    # what the page shows next, a list, a chart, a statement: "Below are all the teams that qualified
    # …", "Here's the most recent data on drug seizures"
    r"|^(?:Below|Above)\s+(?:are|is)\b|^Here(?:['’]s|\s+is|\s+are)\s+(?:the|a|an|our|all|some|how|what|a\s+look)\b"
    # a caption's places in the picture: "George Zimmerman (left) shot and killed Trayvon Martin
    # (right) …", "(pictured)"; not a party's letter ("Sen. Marco Rubio (R)")
    r"|\((?:left|right|center|centre|far left|far right|from left|left to right|l-r|pictured|above|below|"
    r"inset)\)",
    re.IGNORECASE,
)
# A photo's caption left in the text: a person in the present tense of what the picture shows,
# dated in full or by a year ("Sanford police officer Timothy Smith holds up the gun … during
# the 2013 trial …", "Republican presidential candidate Donald Trump speaks at a campaign rally
# in Greensboro, North Carolina on June 14, 2016."). A report tells a dated act in the past.
_CAPTION_ACT = re.compile(
    r"^(?:[A-Za-z][\w.'’\-]*\s+){0,8}?[A-Z][\w'’\-]+\s+(?:holds(?:\s+up)?|gestures|listens|speaks|waves|"
    r"looks\s+on|arrives|poses|smiles|greets|walks|stands|addresses|attends|hugs|points|reacts|laughs|"
    r"delivers|departs|embraces)\b"
)
_CAPTION_DATE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d{1,2},\s+(?:19|20)\d\d\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+"
    r"\d{1,2},\s+(?:19|20)\d\d\b|\b(?:in|during)\s+(?:the\s+)?(?:19|20)\d\d\b"
)
# A fact-check's claim under review, as a label line over it ("Claim", "The claim:") or
# before it on its line ("Claim: …", "Rumor: …"): what is checked, not what is so.
_CLAIM_LABEL = re.compile(r"(?:the\s+)?(?:claim|rumou?r|what was claimed|viral claim)\s*:?", re.IGNORECASE)
_CLAIM_LEAD = re.compile(r"(?:the\s+)?(?:claims?|rumou?rs?)\s*:\s", re.IGNORECASE)


def _claim_under_review(text: str, start: int) -> bool:
    """The sentence at ``start`` is a fact-check's claim: its line opens with "Claim:", or the
    line before its paragraph is the label "Claim" (Snopes: "Claim\n\nFormer U.S. ambassador …
    has a net worth of $17 million.\n\nRating\n\nUnproven")."""
    line = text.rfind("\n", 0, start) + 1
    if _CLAIM_LEAD.match(text, line):
        return True
    end = line
    while end > 0 and text[end - 1].isspace():  # the blank lines over the paragraph
        end -= 1
    label = text[text.rfind("\n", 0, end) + 1 : end].strip()
    return bool(label) and _CLAIM_LABEL.fullmatch(label) is not None


# An archive's labels around the outlet's own summary of the article ("ABSTRACT.\n\nMrs.
# Clinton offers messages about stability …\n\nFULL TEXT.\n\nFor Hillary Clinton, …").
_SECTION_LABEL = re.compile(r"^[ \t]*(ABSTRACT|FULL TEXT)\.?[ \t]*$", re.MULTILINE)


def _in_abstract(text: str, start: int) -> bool:
    """The sentence at ``start`` is in the article's abstract: the last section label above it
    is "ABSTRACT." and the body's label ("FULL TEXT.") comes below. The abstract tells again
    what the body reports, in an editor's shorter words: told beside the body it is a fact told
    twice, and as a lede it is one angle of the article, not its news."""
    label = None
    for m in _SECTION_LABEL.finditer(text):
        if m.end() > start:
            return label == "ABSTRACT" and m.group(1) == "FULL TEXT"
        label = m.group(1)
    return False


_BYLINE = re.compile(r"^(?:By|Written by|Words by)\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}\b")
_LINK = re.compile(r"https?://|www\.|(?<![^\s<(“\"':;,])[^\s@]{1,64}@[^\s@]{1,255}\.\w")  # bounded: linear on long tokens
# Markup that extraction or an archive left in the text (an embedded tweet's tags, entities).
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[\w:-]+=\"[^\"]*\")*\s*/?>|&(?:[a-z]+|#\d+);")
# A page's box label glued to the sentence it heads ("Summary Yoga can help …", "Pro tip: …").
# "Tip" and "Note" only with their colon: "Tip O'Neill once said …", "Note Taylor, the treasurer, …" are names.
_BOX_LABEL = re.compile(r"(?:(?:Summary|(?:The )?Bottom line)(?::\s*|\s+)|(?:Note|Pro tip|Tip):\s*)(?=[A-Z“\"])")
# A table's row as a page's text gives it: "| DL | Larry Ogunjobi | 63 | 85% | 1 tackle (1 combined)."
_TABLE_ROW = re.compile(r"^\|\s|\s\|\s(?:[^|]*\s)?\|\s")
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
# "US" in capitals is the United States ("the lives of US troops", as AFP and Reuters write it),
# "Us" a magazine's name ("Us Weekly"), a lower-case "i" no one ("i.e."): "us" and "I" are read
# in their own case only.
_PERSONAL = re.compile(
    r"\b(?i:you|your|yours|we|our|ours|me|my)\b|\b(?:us|I)\b"
    r"|\b(?i:this (?:reporter|writer|correspondent|columnist))\b"
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
    # a surname several people share → their full names ("Bill Clinton", "Hillary Clinton"):
    # a bare one is the person its own article has introduced so far (``names.introduced``)
    namesakes: dict[str, tuple[str, ...]] = field(default_factory=dict)
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
    # A live blog's sentences (``liveblog``): the entry each is in, counted oldest first from 1.
    # Such an article is told entry by entry, oldest first, not in the newest-first order it runs.
    entries: dict[tuple[str, int], int] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)  # what the writer builds once per story

    def reading(self, article_id: str, index: int) -> tuple[int, int]:
        """Where a reader meets the sentence in its article: (entry, index); entry 0 in an
        article that is no live blog."""
        return (self.entries.get((article_id, index), 0), index)

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
    persons, leading, shared = story_names(order, analyses, [q for q, _ in quotes])
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
        persons=persons,
        article_persons={a.id: surnames([a], analyses, [q for q, _ in quotes if q.article_id == a.id]) for a in order},
        leading=leading,
        namesakes=shared,
        person_spans={
            a.id: frozenset((e.start, e.end) for e in analyses[a.id].entities if e.label == "PERSON") for a in order
        },
        datelines={a.id: place for a in order if (place := dateline_place(a.text))},
        dropped=dropped,
        set_aside=aside | bound,
        opinion=voices,
        days={a.id: day for a in order if (day := local_day(a)) is not None},
        entries=_entries(order, sents),
    )


def _entries(order: Sequence[Article], sents: Sequence[Sent]) -> dict[tuple[str, int], int]:
    """``Story.entries``: each live blog's sentences placed in their entries."""
    blogs = {a.id: blog for a in order if (blog := live_blog(a.text)) is not None}
    return {s.key: blog.place(s.start) for s in sents if (blog := blogs.get(s.article_id)) is not None}


def sentence_spans(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """The analyse stage's sentences as (start, end), a sentence the splitter cut in two joined
    again: cut after a title ("… with Sens." + "Ted Cruz (R-Texas), Marco Rubio …") or
    where no sentence ends, inside a line ("… 44 percent would back" + "Trump, while …", "…
    channel’s" + "“Sunday Morning Futures,” Rep. Darrell Issa said …")."""
    spans: list[tuple[int, int]] = []
    for raw in sentences:
        if spans:
            start, end = spans[-1]
            before = text[max(start, end - 40) : end].rstrip()  # the end is enough: joins stay linear
            joined = "\n" not in text[end : raw.start] and (
                (TITLE_END.search(before) is not None and text[raw.start : raw.end].lstrip()[:1].isupper())
                or (_UNENDED.search(before) is not None and _opens_on_word(text[raw.start : raw.end].strip()))
            )
            if joined:
                spans[-1] = (start, raw.end)
                continue
        spans.append((raw.start, raw.end))
    return spans


def _opens_on_word(text: str) -> bool:
    """A word or a quote mark opens it: a continuation when the text before did not end (the
    splitter cut "Sunday on Fox News channel’s" + "“Sunday Morning Futures,” Rep. Darrell
    Issa said …")."""
    return text[:1].isalnum() or text[:1] in OPEN_QUOTES


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
    start += dateline_length(text[start:end])
    if m := _BOX_LABEL.match(text, start, end):
        start = m.end()  # "Summary Yoga can help …", "Note: The bundle includes …": a page's box label
    at_line = start == 0 or text[start - 1] == "\n"
    if at_line and text.count("\n", 0, start) < _DECK_TOP_LINES and (m := _TITLE_CASE_DATELINE.match(text, start, end)):
        start = m.end()  # "Indianapolis – Several thousand teachers …", "Dekalb, Ill. — Mike Glass …"
    start, all_caps = _cut_caps_heading(text, start, end)
    span = text[start:end]
    n = len(span.split())
    reason = ""
    if all_caps or _is_title(span, art.title) or _is_deck(text, start, end) or _title_case_line(span):
        reason = "heading"
    elif _headline_line(text, start, end, art.title):
        reason = "deck"  # "Lack of attention to Democratic race hurting rivals Sanders, O'Malley."
    elif _in_abstract(text, start):
        reason = "abstract"  # the outlet's summary of its own article, which the body tells
    elif _claim_under_review(text, start):
        reason = "claim"  # a fact-check's claim: told as fact it would be the falsehood checked
    elif _BYLINE.match(span) and n < 12:
        reason = "byline"
    elif _BOILERPLATE.search(span) or (
        _CALL_TO_ACTION.search(span.lstrip("\"“‘'( ")) and not _MEDIA_REFERENCE.search(span)
    ):
        reason = "boilerplate"
    elif _MEDIA_REFERENCE.search(outside_quotes(span)) or (_CAPTION_ACT.match(span) and _CAPTION_DATE.search(span)):
        reason = "media_reference"
    elif _LINK.search(span):
        reason = "link"
    elif _MARKUP.search(span) or _TABLE_ROW.search(span) or text.startswith("| ", text.rfind("\n", 0, start) + 1):
        reason = "markup"  # a tag, an entity; a table's row, or a sentence of one ("1 sack, 1 TFL. |")
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


# A small word capitalised inside a line: Title Case, as a page's link list writes its
# headlines ("Related:" then "Rand Paul Scores Direct Hit On Donald Trump.").
_TITLE_SMALL = re.compile(r"(?<=\s)(?:Of|On|A|An|The|To|In|At|For|And|With|By|From|Is|As|Are|Be)\b")


def _title_case_line(span: str) -> bool:
    """Every word capitalised (four or more, quotes left out), a small word among them: a
    headline in Title Case, not a sentence."""
    plain = outside_quotes(span)
    words = re.findall(r"[A-Za-z][\w'’\-]*", plain)
    return len(words) >= 4 and all(w[0].isupper() for w in words) and _TITLE_SMALL.search(plain) is not None


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
    return dateline_length(line) > 0


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
