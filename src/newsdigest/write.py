"""The default digest writer: extractive, offline, deterministic.

Every sentence of a digest is either a verbatim span of a source article or a quote
sentence built around a verbatim quote; each carries the character offsets it came from
(``Paragraph.citations``). How a story becomes a digest:

    candidates   clean source sentences: datelines cut off, bylines / boilerplate /
                 captions / fragments dropped with a reason (logged per story)
    centrality   LexRank over TF-IDF cosine, plus support across outlets, plus lead position
    headline     the most central source title after cleaning (outlet suffix cut,
                 clickbait penalised); built from the lede when no title is usable
    lede         the most central of each article's first three sentences
    quotes       attributed quotes (speaker known), woven in as "<role> <name> <verb>, “…”"
                 when role, speaker and verb are known, else their verbatim source sentence
    body         MMR over centrality (redundancy across outlets removed); a sentence that
                 opens with a pronoun ("He", "It" …) is used only right after the source
                 sentence it leans on, or with the pronoun replaced by the quote's resolved
                 speaker
    layout       source order (lede's article first, then by publication time; sentence
                 position inside an article), cut into 5–8 paragraphs; fewer when the story
                 has fewer than five usable sentences (one sentence per paragraph then).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from .records import Analysis, Article, Citation, Digest, Paragraph, Quote, RelevantArticle

log = logging.getLogger(__name__)

__all__ = ["slugify", "summarize", "write_digest"]

WRITER = "extractive"

# --- what a usable source sentence looks like -------------------------------------------

_DATELINE = (
    # "LONDON (Reuters) - ", "KYIV, Ukraine (AP) — ", "WASHINGTON — "
    re.compile(
        r"^[A-Z][A-Z.'’\- ]{2,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?\s*(?:\([^()]{2,30}\))?\s*[-–—]{1,2}\s+"
    ),
    # "Nov 25 (Reuters) - ", "(AFP) — "
    re.compile(r"^(?:[A-Z][A-Za-z0-9.,'’\- ]{1,40}\s*)?\([A-Z][A-Za-z .&]{1,25}\)\s*[-–—:]{1,2}\s+"),
)
_BOILERPLATE = re.compile(
    r"click here|sign up|read more|subscribe|newsletter|all rights reserved|copyright|©|"
    r"\bphoto(?:graph)?s?\s*(?:by|:)|getty images|\bap photo\b|\(reuters/|\bcredit:|follow us|"
    r"share this|advertisement|reporting by|editing by|additional reporting|"
    r"contributed to this report|this (?:story|article) (?:has been|was) updated|terms of use|"
    r"cookies?\b|download (?:the|our) app|watch (?:the|our) video|listen to (?:the|this)",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:By|Written by|Words by)\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}\b", re.UNICODE
)
_LINK = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
_END = re.compile(r"[.!?][\"'”’)\]]*$")
# Openers that lean on the sentence before: pronouns, and connectives that answer it.
_PRONOUN_START = re.compile(
    r"^(He|She|They|It|This|These|Those|His|Her|Their|Its|That|Such|Others|Both|"
    r"And|But|Or|So|Yet|Also|However|Meanwhile|Still|Instead|Moreover|Nevertheless|Then)\b"
)
_NAME_PRONOUN = re.compile(r"^(He|She)\b")  # replaceable by a resolved speaker's name
_OPEN_QUOTES = "“\"‘'«"
_WHEN = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:last|this|next) (?:week|month|year|night|morning|evening))\b"
)
MIN_WORDS, MAX_WORDS = 6, 70

# --- headlines --------------------------------------------------------------------------

_TITLE_PREFIX = re.compile(
    r"^(?:breaking(?: news)?|live(?: updates)?|watch|exclusive|updated?|video|opinion|analysis)\s*[:|\-–—]\s*",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(r"\s+(?:[-|–—:]|::)\s+([^-|–—:]{1,40})$")
_CLICKBAIT = re.compile(
    r"you won'?’?t believe|shock(?:ing|ed)?\b|here'?’?s (?:why|what|how)|this is why|what happens next|"
    r"jaw[- ]dropping|must[- ]see|mind[- ]blowing|(?:things|facts) (?:you need )?to know|what we know|"
    r"\bslams?\b|\bdestroys?\b|\bepic\b|\bunbelievable\b|\bgoes viral\b|\bwatch\b|\bexplained\b|\bbombshell\b",
    re.IGNORECASE,
)
_LISTICLE = re.compile(r"^\d+\s+(?:things|ways|reasons|facts|photos|signs)\b", re.IGNORECASE)

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"}
# Verbs that introduce a quoted sentence ("X warned, “…”"); others ("described") do not.
_SPEECH_VERB = re.compile(
    r"^(?:said|says|told|tells|added|adds|warned|warns|noted|notes|insisted|insists|argued|argues|"
    r"stated|explained|declared|announced|wrote|writes|asked|replied|continued|cautioned|stressed|"
    r"remarked|admitted|acknowledged|conceded|claimed|urged|promised|pledged|vowed|recalled|"
    r"predicted|complained|confirmed|emphasi[sz]ed|observed|responded|tweeted|posted)\b"
)


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run of digest text: verbatim source (``start``/``end`` set), or words we add."""

    text: str
    start: int = -1
    end: int = -1
    name: str = ""  # a speaker's full name, rendered full on first mention, surname after
    role_after: bool = False  # with ``name``: ``text`` is the role, said with the full name only


@dataclass(slots=True)
class _Unit:
    """One digest sentence before layout."""

    article_id: str
    index: int  # position of its source sentence in the article (ordering key)
    pieces: tuple[_Piece, ...]
    row: int  # its source sentence's row in the TF-IDF matrix
    score: float
    quote: Quote | None = None
    chained: bool = False  # opens with a pronoun that leans on the sentence before it

    @property
    def words(self) -> int:
        return sum(len(f"{p.text} {p.name}".split()) for p in self.pieces)


@dataclass(slots=True)
class _Sent:
    article_id: str
    index: int
    start: int
    end: int
    text: str
    row: int = -1
    reason: str = ""  # why it is not a usable body sentence ("" = usable)
    score: float = 0.0


@dataclass(slots=True)
class _Story:
    articles: dict[str, Article]
    rank: dict[str, int]  # article order: by publication time, then id
    sents: list[_Sent]
    quotes: list[tuple[Quote, _Sent | None]]
    vectors: csr_matrix  # l2-normalised TF-IDF rows, one per sentence in ``sents``
    sim: np.ndarray  # cosine similarity between every two sentences
    vectorizer: TfidfVectorizer | None
    places: dict[str, tuple[tuple[int, int], ...]]  # GPE/LOC/FAC entity spans per article
    dropped: Counter[str] = field(default_factory=Counter)


# --- public API -------------------------------------------------------------------------


def slugify(text: str) -> str:
    """ASCII, lowercase, hyphen-separated, at most 80 characters (cut at a word boundary)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > 80:
        cut = slug[:81]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:80]
    return slug.strip("-")


def write_digest(
    story_id: int,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    *,
    words: int = 400,
    now: datetime | None = None,
    duplicate_of: Mapping[str, str] | None = None,
) -> Digest:
    """One digest for a story: about ``words`` words (±10 %) in 5–8 paragraphs.

    ``duplicate_of`` maps a wire copy's id to the article it copies: copies are listed as
    relevant articles but never quoted or summarised twice. ``now`` is the digest's
    publication time; without it the newest article's time is used (so output stays
    deterministic).
    """
    return _write(story_id, articles, analyses, words=words, strict=False, now=now, duplicate_of=duplicate_of)


def summarize(articles: Sequence[Article], analyses: Mapping[str, Analysis], *, words: int) -> Digest:
    """The same writer, cut to at most ``words`` words (whole sentences where they fit)."""
    return _write(0, articles, analyses, words=words, strict=True, now=None, duplicate_of=None)


# --- the writer -------------------------------------------------------------------------


def _write(
    story_id: int,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    *,
    words: int,
    strict: bool,
    now: datetime | None,
    duplicate_of: Mapping[str, str] | None,
) -> Digest:
    dups = {a.id: a.duplicate_of for a in articles if a.duplicate_of}
    dups.update(duplicate_of or {})
    story = _prepare(articles, analyses, dups)
    units = _select(story, words=max(words, 1), strict=strict)
    paragraphs, used_quotes = _layout(story, units)
    if strict:
        paragraphs = _cut(paragraphs, words)
    headline = _headline(story, units)
    if story.dropped:
        log.debug("write: story %s dropped sentences %s", story_id, dict(sorted(story.dropped.items())))
    dated = [a for a in articles if a.published is not None]
    published = now or (max(dated, key=_time_order).published if dated else None)
    return Digest(
        story_id=story_id,
        headline=headline,
        lede=paragraphs[0].text if paragraphs else "",
        paragraphs=tuple(paragraphs),
        quotes=tuple(used_quotes),
        relevant_articles=_relevant(articles, dups),
        slug=slugify(headline) or f"story-{story_id}",
        published=published,
        updated=None,
        writer=WRITER,
        entities=_entities(story, analyses),
    )


def _prepare(
    articles: Sequence[Article], analyses: Mapping[str, Analysis], dups: Mapping[str, str]
) -> _Story:
    originals = [a for a in articles if a.id not in dups and a.id in analyses]
    if not originals:  # every article is a copy: summarise the copies rather than nothing
        originals = [a for a in articles if a.id in analyses]
    dropped: Counter[str] = Counter("no_analysis" for a in articles if a.id not in analyses) + Counter(
        "duplicate" for a in articles if a.id in dups and a not in originals
    )
    order = sorted(originals, key=_time_order)
    rank = {a.id: i for i, a in enumerate(order)}
    sents: list[_Sent] = []
    quotes: list[tuple[Quote, _Sent | None]] = []
    for art in order:
        analysis = analyses[art.id]
        own: list[_Sent] = []
        for i, raw in enumerate(analysis.sentences):
            sent = _clean_sentence(art, i, raw.start, raw.end)
            if sent.reason:
                dropped[sent.reason] += 1
            own.append(sent)
        sents.extend(own)
        for found in analysis.quotes:
            q = _checked_quote(art, found, dropped)
            if q is not None:
                host = next((h for h in own if h.start <= q.start and q.end <= h.end), None)
                quotes.append((q, host))
    vectorizer, vectors = _vectorize([s.text for s in sents])
    for row, sent in enumerate(sents):
        sent.row = row
    story = _Story(
        articles={a.id: a for a in order},
        rank=rank,
        sents=sents,
        quotes=quotes,
        vectors=vectors,
        sim=(vectors @ vectors.T).toarray(),
        vectorizer=vectorizer,
        places={
            a.id: tuple((e.start, e.end) for e in analyses[a.id].entities if e.label in {"GPE", "LOC", "FAC"})
            for a in order
        },
        dropped=dropped,
    )
    _score(story)
    return story


def _time_order(a: Article) -> tuple[bool, float, str]:
    """Oldest first, undated last; naive times are taken as UTC so mixed feeds still sort."""
    if a.published is None:
        return (True, 0.0, a.id)
    p = a.published if a.published.tzinfo else a.published.replace(tzinfo=UTC)
    return (False, p.timestamp(), a.id)


def _clean_sentence(art: Article, index: int, start: int, end: int) -> _Sent:
    """The usable verbatim span of one source sentence, or the reason it is not usable."""
    text = art.text
    start, end = _strip_span(text, start, end)
    if "\n" in text[start:end]:
        # A heading or caption glued to a sentence: keep the last line that is a sentence.
        pos = text.rfind("\n", start, end)
        start, end = _strip_span(text, pos + 1, end)
    for pattern in _DATELINE:
        m = pattern.match(text, start, end)
        if m:
            start = m.end()
    span = text[start:end]
    n = len(span.split())
    reason = ""
    if _BYLINE.match(span) and n < 12:
        reason = "byline"
    elif _BOILERPLATE.search(span):
        reason = "boilerplate"
    elif _LINK.search(span):
        reason = "link"
    elif n < MIN_WORDS:
        reason = "too_short"
    elif n > MAX_WORDS:
        reason = "too_long"
    elif not _END.search(span):
        reason = "no_sentence_end"  # headings, captions, cut text
    elif span[0].islower() or span[0] in ",;:)]”’":
        reason = "fragment"
    elif not _balanced(span):
        reason = "broken_quote"  # the splitter cut inside a quote
    return _Sent(art.id, index, start, end, span, reason=reason)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _balanced(span: str) -> bool:
    return span.count("“") == span.count("”") and span.count('"') % 2 == 0


def _checked_quote(art: Article, q: Quote, dropped: Counter[str]) -> Quote | None:
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
    start, end = _strip_span(art.text, q.start, q.end)
    while end > start and art.text[end - 1] in ",;:":
        end -= 1
    start, end = _strip_span(art.text, start, end)
    n = len(art.text[start:end].split())
    if not 4 <= n <= 60:
        dropped["quote_length"] += 1
        return None
    return Quote(art.text[start:end], start, end, q.speaker, q.role, q.verb, art.id)


_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SUFFIXES = ("ing", "ed", "es", "s")


def _tokens(text: str) -> list[str]:
    """Lowercase words with a light suffix strip, so "fires"/"fire" and "reported"/"report" meet."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        tok = re.sub(r"['’]s$", "", tok)
        if tok in ENGLISH_STOP_WORDS or len(tok) < 2:
            continue
        for suffix in _SUFFIXES:
            if tok.endswith(suffix) and len(tok) - len(suffix) >= 4:
                tok = tok[: -len(suffix)]
                break
        out.append(tok)
    return out


def _vectorize(texts: list[str]) -> tuple[TfidfVectorizer | None, csr_matrix]:
    try:
        vectorizer = TfidfVectorizer(
            tokenizer=_tokens, token_pattern=None, lowercase=False, sublinear_tf=True
        )
        return vectorizer, csr_matrix(vectorizer.fit_transform(texts))  # l2-normalised rows
    except ValueError:  # no sentence, or only stop words
        return None, csr_matrix((len(texts), 1))


def _score(story: _Story) -> None:
    """Centrality: LexRank + support from other outlets + lead position, each in [0, 1]."""
    usable = [s for s in story.sents if not s.reason]
    if not usable:
        return
    rows = [s.row for s in usable]
    sim = story.sim[np.ix_(rows, rows)]
    n = len(usable)
    weights = np.where(sim > 0.05, sim, 0.0)
    np.fill_diagonal(weights, 0.0)
    sums = weights.sum(axis=1, keepdims=True)
    trans = np.divide(weights, sums, out=np.full_like(weights, 1.0 / n), where=sums > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(100):  # power iteration; converges in a few dozen steps
        new = 0.15 / n + 0.85 * rank @ trans
        if np.abs(new - rank).sum() < 1e-9:
            break
        rank = new
    lexrank = rank / rank.max()
    # Support: the share of other articles that carry a sentence close to this one.
    ids = sorted({s.article_id for s in usable})
    owner = np.array([ids.index(s.article_id) for s in usable])
    onehot = np.zeros((n, len(ids)))
    onehot[np.arange(n), owner] = 1.0
    close = ((sim >= 0.2).astype(float) @ onehot) > 0  # sentence × article
    close[np.arange(n), owner] = False
    support = close.sum(axis=1) / max(1, len(story.articles) - 1)
    for i, s in enumerate(usable):
        position = 1.0 / (1.0 + s.index / 2.0)
        s.score = 0.45 * float(lexrank[i]) + 0.35 * float(support[i]) + 0.20 * position


# --- choosing what to say ---------------------------------------------------------------


def _select(story: _Story, *, words: int, strict: bool) -> list[_Unit]:
    usable = [s for s in story.sents if not s.reason]
    if not usable:
        return []
    lede = _lede(story, usable)
    quote_hosts = {(h.article_id, h.index) for _, h in story.quotes if h is not None}
    chosen: list[_Unit] = [_plain_unit(lede)]
    limit = words if strict else int(words * 1.1)
    if chosen[0].words > limit:
        return chosen  # cut to a prefix by _cut in strict mode
    taken = {(lede.article_id, lede.index)}

    def fits(u: _Unit) -> bool:
        return sum(c.words for c in chosen) + u.words <= limit

    def redundancy(u: _Unit) -> float:
        return max(float(story.sim[u.row, c.row]) for c in chosen)

    # Quotes first: a digest quotes people, and quotes rank low on centrality alone.
    max_quotes = min(3, words // 130)
    speakers: set[str] = set()
    for unit in _quote_units(story):
        if sum(1 for c in chosen if c.quote) >= max_quotes:
            break
        key = (unit.article_id, unit.index)
        if key in taken or unit.quote is None or not fits(unit) or redundancy(unit) > 0.5:
            continue
        if unit.quote.speaker in speakers and len(speakers) < 2:
            continue  # a second speaker before a second quote from the same one
        chosen.append(unit)
        taken.add(key)
        speakers.add(unit.quote.speaker)

    # Then body sentences by MMR, until the budget is met.
    pool = [s for s in usable if (s.article_id, s.index) not in quote_hosts]
    top = max(s.score for s in usable) or 1.0
    while sum(c.words for c in chosen) < (words if strict else words * 0.9):
        best: tuple[float, _Unit] | None = None
        for s in pool:
            if (s.article_id, s.index) in taken:
                continue
            candidate = _body_unit(story, s, taken)
            if candidate is None or not fits(candidate):
                continue
            red = redundancy(candidate)
            if red > 0.6:  # the same fact from another outlet
                continue
            mmr = 0.7 * s.score / top - 0.3 * red
            if best is None or mmr > best[0]:
                best = (mmr, candidate)
        if best is None:
            break
        chosen.append(best[1])
        taken.add((best[1].article_id, best[1].index))
    return chosen


def _lede(story: _Story, usable: list[_Sent]) -> _Sent:
    """The most central lead sentence: among each article's first three, a plain statement."""

    def lead_like(s: _Sent) -> bool:
        n = len(s.text.split())
        return (
            s.index < 3
            and 10 <= n <= 55
            and not s.text.rstrip("”’\"'").endswith("?")
            and s.text[0] not in _OPEN_QUOTES
            and not _PRONOUN_START.match(s.text)
        )

    def who_where_when(s: _Sent) -> float:
        # A lede says where and when: a place named in it, a day or date in it.
        places = story.places.get(s.article_id, ())
        where = any(s.start <= a and b <= s.end for a, b in places)
        return 0.1 * where + 0.1 * bool(_WHEN.search(s.text))

    candidates = [s for s in usable if lead_like(s)] or [
        s for s in usable if not _PRONOUN_START.match(s.text)
    ]
    candidates = candidates or usable
    return max(candidates, key=lambda s: (s.score + who_where_when(s), -story.rank[s.article_id], -s.index))


def _plain_unit(s: _Sent) -> _Unit:
    return _Unit(s.article_id, s.index, (_Piece(s.text, s.start, s.end),), s.row, s.score)


def _body_unit(story: _Story, s: _Sent, taken: set[tuple[str, int]]) -> _Unit | None:
    """A body sentence, or None when it opens with a pronoun it cannot stand without."""
    if not _PRONOUN_START.match(s.text):
        return _plain_unit(s)
    if (s.article_id, s.index - 1) in taken:
        unit = _plain_unit(s)
        unit.chained = True
        return unit
    return None


def _quote_units(story: _Story) -> list[_Unit]:
    """Quote sentences, best first, one per quote text (outlets often carry the same quote)."""
    seen: list[set[str]] = []
    units: list[_Unit] = []
    ranked = sorted(
        story.quotes,
        key=lambda qh: (-_quote_score(story, *qh), story.rank[qh[0].article_id], qh[0].start),
    )
    for q, host in ranked:
        tokens = set(re.findall(r"\w+", q.text.lower()))
        if any(len(tokens & other) / max(1, min(len(tokens), len(other))) > 0.6 for other in seen):
            continue
        unit = _quote_unit(story, q, host)
        if unit is not None:
            seen.append(tokens)
            units.append(unit)
    return units


def _quote_score(story: _Story, q: Quote, host: _Sent | None) -> float:
    surname = q.speaker.split()[-1]
    mentions = sum(1 for a in story.articles.values() if surname in a.text)
    prominence = mentions / max(1, len(story.articles))
    centrality = host.score if host is not None else 0.0
    return centrality + 0.3 * prominence + (0.1 if q.role else 0.0)


def _quote_unit(story: _Story, q: Quote, host: _Sent | None) -> _Unit | None:
    """“<role> <speaker> <verb>, “…”” when all are known, else the verbatim source sentence."""
    index = host.index if host is not None else 0
    row = host.row if host is not None else 0
    score = host.score if host is not None else 0.0
    verb = q.verb.strip()
    # Only a whole quoted sentence can follow "<speaker> <verb>,"; a fragment ("a tram to
    # nowhere") needs the source sentence around it.
    speakable = _SPEECH_VERB.match(verb) is not None and q.text[0].isupper()
    if q.role and speakable:
        return _Unit(q.article_id, index, _built_quote(q, verb), row, score, quote=q)
    if host is not None and not host.reason and host.text[0] not in ",;:":
        m = _NAME_PRONOUN.match(host.text)
        if m:  # "He said …" → "<speaker> said …"
            rest = host.start + m.end() + 1  # after the pronoun and its space
            pieces = (
                _Piece("", name=q.speaker),
                _Piece(" "),
                _Piece(host.text[m.end() + 1 :], rest, host.end),
            )
            return _Unit(q.article_id, index, pieces, row, score, quote=q)
        if not _PRONOUN_START.match(host.text) and _names_speaker(host.text, q.speaker):
            return _Unit(q.article_id, index, (_Piece(host.text, host.start, host.end),), row, score, quote=q)
    if speakable:
        return _Unit(q.article_id, index, _built_quote(q, verb), row, score, quote=q)
    return None


def _names_speaker(text: str, speaker: str) -> bool:
    return speaker.split()[-1] in text


def _built_quote(q: Quote, verb: str) -> tuple[_Piece, ...]:
    role = q.role.strip()
    lead: list[_Piece] = []
    if role and len(role.split()) <= 5:
        lead = [_Piece(role[0].upper() + role[1:] + " ", name=q.speaker)]
    elif role:
        lead = [_Piece(f", {role},", name=q.speaker, role_after=True)]
    else:
        lead = [_Piece("", name=q.speaker)]
    joiner = f" {verb}, “"
    close = "”" if q.text[-1] in ".!?" else "”."
    return (*lead, _Piece(joiner), _Piece(q.text, q.start, q.end), _Piece(close))


# --- layout -----------------------------------------------------------------------------


def _layout(story: _Story, units: list[_Unit]) -> tuple[list[Paragraph], list[Quote]]:
    if not units:
        return [], []
    lede, body = units[0], units[1:]
    # The lede's article leads; then articles by time, sentences by position.
    first = lede.article_id
    body.sort(key=lambda u: (u.article_id != first, story.rank[u.article_id], u.index))
    ordered = [lede, *body]
    groups = _paragraph_groups(ordered)
    paragraphs: list[Paragraph] = []
    mentioned: set[str] = set()
    quotes: list[Quote] = []
    for group in groups:
        texts: list[str] = []
        cites: list[Citation] = []
        for unit in group:
            text, unit_cites = _render(
                unit, mentioned, " ".join(p.text for p in paragraphs) + " ".join(texts)
            )
            texts.append(text)
            cites.extend(unit_cites)
            if unit.quote is not None:
                quotes.append(unit.quote)
        paragraphs.append(Paragraph(" ".join(texts), tuple(cites)))
    return paragraphs, quotes


def _render(unit: _Unit, mentioned: set[str], before: str) -> tuple[str, list[Citation]]:
    out, cites = [], []
    for p in unit.pieces:
        if p.name:
            # First mention: role and full name; after that the surname alone.
            if p.name not in mentioned and p.name not in before:
                out.append(p.name + p.text if p.role_after else p.text + p.name)
            else:
                out.append(p.name.split()[-1])
            mentioned.add(p.name)
        else:
            out.append(p.text)
            if p.start >= 0:
                cites.append(Citation(unit.article_id, p.start, p.end))
    text = "".join(out)
    return text[0].upper() + text[1:] if text else text, cites


def _paragraph_groups(units: list[_Unit]) -> list[list[_Unit]]:
    """Cut the ordered sentences into 5–8 paragraphs of similar length (fewer if too few).

    A paragraph never starts with a sentence that leans on the one before it; paragraphs
    that mix two articles cost a little more. Exact by dynamic programming (n is small).
    """
    n = len(units)
    cuts_allowed = [j for j in range(1, n) if not units[j].chained]
    total = sum(u.words for u in units)
    want = min(8, max(5, round(total / 60)), len(cuts_allowed) + 1)
    target = total / want
    inf = float("inf")

    def cost(i: int, j: int) -> float:
        w = sum(u.words for u in units[i:j])
        mixed = len({u.article_id for u in units[i:j]}) > 1
        return (w - target) ** 2 + (0.25 * target * target if mixed else 0.0)

    allowed = set(cuts_allowed) | {0, n}
    best = [[inf] * (n + 1) for _ in range(want + 1)]
    back = [[0] * (n + 1) for _ in range(want + 1)]
    best[0][0] = 0.0
    for k in range(1, want + 1):
        for j in range(1, n + 1):
            if j not in allowed:
                continue
            for i in range(j):
                if i in allowed and best[k - 1][i] < inf:
                    c = best[k - 1][i] + cost(i, j)
                    if c < best[k][j]:
                        best[k][j], back[k][j] = c, i
    groups: list[list[_Unit]] = []
    j = n
    for k in range(want, 0, -1):
        i = back[k][j]
        groups.append(units[i:j])
        j = i
    return groups[::-1]


def _cut(paragraphs: list[Paragraph], words: int) -> list[Paragraph]:
    """Hard word cap: only ever bites when the lede alone is longer than ``words``."""
    out: list[Paragraph] = []
    left = words
    for p in paragraphs:
        n = len(p.text.split())
        if n <= left:
            out.append(p)
            left -= n
            continue
        if left > 0 and len(p.citations) == 1:
            c = p.citations[0]
            tokens = list(re.finditer(r"\S+", p.text))
            keep = p.text[: tokens[left - 1].end()].rstrip(",;:")
            # The kept words are a verbatim prefix of the cited span (plain sentences only).
            out.append(Paragraph(keep + "…", (Citation(c.article_id, c.start, c.start + len(keep)),)))
        break
    return out


# --- headline, entities, sources --------------------------------------------------------


def clean_title(title: str, outlet: str = "") -> str:
    """A source title without the outlet's name, section prefix or trailing period."""
    t = " ".join(title.split())
    t = _TITLE_PREFIX.sub("", t)
    for _ in range(2):
        m = _TITLE_SUFFIX.search(t)
        if not m:
            break
        tail = m.group(1).strip()
        looks_like_name = all(w[:1].isupper() or not w[:1].isalpha() for w in tail.split())
        known = outlet and (tail.lower() in outlet.lower() or outlet.lower() in tail.lower())
        if known or (looks_like_name and len(tail.split()) <= 4):
            t = t[: m.start()].rstrip()
    return t.rstrip(" .")


def _title_penalty(title: str) -> float:
    words = title.split()
    penalty = 0.0
    if "?" in title or "!" in title:
        penalty += 1.0
    if _CLICKBAIT.search(title) or _LISTICLE.match(title):
        penalty += 1.0
    caps = [w for w in words if sum(c.isalpha() for c in w) >= 4 and w.isupper()]
    if words and len(caps) / len(words) > 0.3:
        penalty += 1.0
    elif caps:
        penalty += 0.2 * len(caps)
    if title[:1] in _OPEN_QUOTES:
        penalty += 0.3  # a quote as headline takes one side's words
    if len(words) < 4:
        penalty += 0.5
    elif len(words) > 18:
        penalty += 0.3
    return penalty


def _headline(story: _Story, units: list[_Unit]) -> str:
    titles = []
    for art in story.articles.values():
        t = clean_title(art.title, art.source)
        if t:
            titles.append((t, art.id))
    if titles and story.vectorizer is not None:
        tv = story.vectorizer.transform([t for t, _ in titles]).toarray()
        usable = [s.row for s in story.sents if not s.reason] or list(range(len(story.sents)))
        centroid = np.asarray(story.vectors[usable].mean(axis=0)).ravel()
        centroid = centroid / (np.linalg.norm(centroid) or 1.0)
        scored = []
        for i, (t, aid) in enumerate(titles):
            peers = [float(tv[i] @ tv[j]) for j in range(len(titles)) if j != i]
            central = float(tv[i] @ centroid) + (sum(peers) / len(peers) if peers else 0.0)
            scored.append((central - _title_penalty(t), -story.rank[aid], t))
        best = max(scored)
        if best[0] > -0.5:
            return _tidy_headline(best[2])
    elif titles:
        return _tidy_headline(min(titles, key=lambda ta: (_title_penalty(ta[0]), story.rank[ta[1]]))[0])
    return _headline_from_lede(units)


def _tidy_headline(title: str) -> str:
    words = title.split()
    caps = [w for w in words if sum(c.isalpha() for c in w) >= 4 and w.isupper()]
    if words and len(caps) / len(words) > 0.3:  # only shouting titles were left
        title = title.lower()
        title = title[0].upper() + title[1:]
    return title.rstrip("!?. ").strip() or title


_CLAUSE_BREAK = re.compile(
    r",\s|;\s|\s[-–—]\s|\s(?:after|as|when|while|because|which|who|but|following|amid|despite|since|until)\s"
)
_WEAK_END = {
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "and",
    "or",
    "by",
    "with",
    "from",
    "its",
    "their",
}


def _headline_from_lede(units: list[_Unit]) -> str:
    """No usable title: the lede's main clause (up to 14 words, not ending on a small word)."""
    if not units:
        return ""
    text = "".join(p.text if not p.name else p.name for p in units[0].pieces)
    words = text.split()
    for m in _CLAUSE_BREAK.finditer(text):
        clause = text[: m.start()].split()
        if 5 <= len(clause) <= 14:
            words = clause
            break
    if len(words) > 14:  # cut before the last small word, not inside a phrase ("4.2 billion")
        words = words[:14]
        weak = [i for i in range(6, 14) if words[i].lower() in _WEAK_END]
        words = words[: weak[-1]] if weak else words
    while len(words) > 4 and words[-1].lower().strip(",;:") in _WEAK_END:
        words.pop()
    return " ".join(words).rstrip(",;:.!?")


def _entities(story: _Story, analyses: Mapping[str, Analysis]) -> tuple[str, ...]:
    """Main names: mentioned by the most articles, then most often; surnames fold into full names."""
    per_article: dict[str, set[str]] = {}
    count: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}
    persons: set[str] = set()
    for aid in story.articles:
        for e in analyses[aid].entities:
            if e.label not in _ENTITY_LABELS:
                continue
            name = re.sub(r"^the\s+", "", e.text.strip(), flags=re.IGNORECASE)
            name = re.sub(r"['’]s$", "", name).strip()
            if len(name) < 2:
                continue
            if e.label == "PERSON":
                persons.add(name)
            count[name] += 1
            per_article.setdefault(name, set()).add(aid)
            first.setdefault(name, (story.rank[aid], e.start))
    full_names = [p for p in persons if len(p.split()) > 1]
    for name in list(count):
        owners = [f for f in full_names if f.split()[-1] == name and f != name]
        if len(name.split()) == 1 and len(owners) == 1:
            full = owners[0]
            count[full] += count.pop(name)
            per_article[full] |= per_article.pop(name)
    need = 2 if len(story.articles) > 1 else 1
    ranked = sorted(count, key=lambda n: (-len(per_article[n]), -count[n], first.get(n, (0, 0)), n))
    keep = [n for n in ranked if len(per_article[n]) >= need or count[n] >= 2]
    return tuple(keep[:8])


def _relevant(articles: Sequence[Article], dups: Mapping[str, str]) -> tuple[RelevantArticle, ...]:
    ordered = sorted(articles, key=_time_order)
    return tuple(
        RelevantArticle(
            article_id=a.id,
            title=" ".join(a.title.split()),
            outlet=a.source,
            url=a.url,
            published=a.published,
            duplicate_of=dups.get(a.id),
        )
        for a in ordered
    )
