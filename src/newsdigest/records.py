"""The records every stage passes around: plain frozen dataclasses.

Offsets are always Python string indices into ``Article.text`` (end exclusive), so a
quote or a citation can be checked mechanically: ``article.text[q.start:q.end] == q.text``.
Only the storage layer turns these into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone


@dataclass(frozen=True, slots=True)
class Source:
    """An outlet's feed."""

    name: str
    url: str  # the feed URL
    id: int | None = None
    homepage: str = ""
    language: str = "en"
    weight: float = 1.0
    labels: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    last_fetched: datetime | None = None
    last_status: str | None = None  # "ok", "not_modified", "error"
    error_count: int = 0
    last_error: str | None = None
    last_new_articles: int = 0


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What the fetch gate returns for one URL."""

    url: str  # final URL after redirects
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a parsed feed; text fields are plain text (HTML unescaped)."""

    url: str
    title: str = ""
    summary: str = ""  # plain text
    content_html: str = ""  # the feed's full content, if any (HTML)
    author: str = ""
    published: datetime | None = None
    utc_offset_minutes: int | None = None  # the offset ``published`` was written with, when it said one
    guid: str = ""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    link: str
    entries: tuple[FeedEntry, ...]
    bozo_message: str | None = None  # a recoverable parse problem, if any
    skipped: int = 0  # entries after the first max_entries, not read this pass


@dataclass(frozen=True, slots=True)
class Extracted:
    """An article page after extraction."""

    text: str
    title: str = ""
    author: str = ""
    published: datetime | None = None
    canonical_url: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    url: str = ""
    source: str = ""  # outlet name
    title: str = ""
    author: str = ""
    published: datetime | None = None
    fetched: datetime | None = None
    language: str = "en"
    source_id: int | None = None
    duplicate_of: str | None = None
    story_id: int | None = None
    # The outlet's UTC offset when it published (``published`` is UTC): its reporter's
    # "today" is the local date, which is not the UTC one for a US evening article.
    utc_offset_minutes: int | None = None

    @property
    def local_published(self) -> datetime | None:
        """``published`` at the outlet's own offset; as stored (UTC) when that is unknown."""
        if self.published is None or self.utc_offset_minutes is None:
            return self.published
        at = self.published if self.published.tzinfo else self.published.replace(tzinfo=UTC)  # naive is UTC
        return at.astimezone(timezone(timedelta(minutes=self.utc_offset_minutes)))


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, EVENT ...
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote: ``text`` is verbatim ``source_text[start:end]`` (inside the marks)."""

    text: str
    start: int
    end: int
    speaker: str = ""  # full name (pronouns resolved), "" when unknown
    role: str = ""  # e.g. "Kremlin spokesperson"
    verb: str = ""  # attribution verb as written: "said", "warned", "told reporters"
    article_id: str = ""


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the analyse stage finds in one article."""

    article_id: str
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Story:
    id: int
    article_ids: tuple[str, ...]
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    article_count: int = 0
    outlet_count: int = 0  # distinct outlets, wire copies included
    independent_count: int = 0  # articles that are not copies of another
    trend_score: float = 0.0
    status: str = "active"  # active, closed, merged
    title: str = ""


@dataclass(frozen=True, slots=True)
class Citation:
    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class RelevantArticle:
    article_id: str
    title: str
    outlet: str
    url: str
    published: datetime | None = None
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Digest:
    story_id: int
    headline: str
    lede: str
    paragraphs: tuple[Paragraph, ...]  # the body; paragraphs[0] is the lede paragraph
    quotes: tuple[Quote, ...]
    relevant_articles: tuple[RelevantArticle, ...]
    slug: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    version: int = 1
    writer: str = "extractive"
    status: str = "published"
    id: int | None = None
    entities: tuple[str, ...] = ()  # names of the story's main people, places, organisations
    people: tuple[str, ...] = ()  # which of ``entities`` are people (the tagger's PERSON)
    writer_note: str = ""  # e.g. why the LLM draft was refused and the extractive digest published

    @property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)
