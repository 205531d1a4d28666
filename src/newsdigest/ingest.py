"""One source's share of a pass: feed → entries → pages → articles.

Every outcome is counted: a dropped entry carries a reason (``known``, ``too_short``,
``robots``, ``blocked`` …) and a broken feed is an error on its source, never an
exception out of the run.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .errors import ExtractError, FeedError, FetchError, NewsdigestError
from .extract import extract_article, text_from_html
from .feeds import parse_feed
from .fetch import Fetcher
from .records import Article, FeedEntry, Source
from .settings import Config
from .storage import Storage
from .urls import canonicalize_url, safe_href

log = logging.getLogger(__name__)


@dataclass
class SourceOutcome:
    name: str
    status: str = "ok"  # ok, not_modified, error
    entries: int = 0
    new_articles: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    error: str | None = None
    new_ids: list[str] = field(default_factory=list)


def article_id_for(url: str) -> str:
    """Fetched articles are named by their canonical URL, so a re-fetch is the same article."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def _article_from_entry(entry: FeedEntry, url: str, source: Source, fetcher: Fetcher, config: Config,
                        outcome: SourceOutcome) -> Article | None:
    text, title, author, published, canonical = "", entry.title, entry.author, entry.published, url
    language = source.language or "und"  # the page's own lang, when it has one, wins
    try:
        page = fetcher.get(url)
        extracted = extract_article(page.content, page.url, content_type=page.content_type)
        text = extracted.text
        title = title or extracted.title
        author = author or extracted.author
        published = published or extracted.published
        language = extracted.language or language
        if extracted.canonical_url:
            canonical = canonicalize_url(extracted.canonical_url) or url
    except (FetchError, ExtractError) as err:
        outcome.dropped[f"page_{err.reason}"] += 1  # counted; the feed's own content may still do
        log.info("page failed, using feed content", extra={"source": source.name, "url": url, "reason": err.reason})
    if len(text.split()) < config.min_article_words:
        fallback = text_from_html(entry.content_html) if entry.content_html else entry.summary
        if len(fallback.split()) > len(text.split()):
            text = fallback
            outcome.dropped["used_feed_content"] += 1
    if len(text.split()) < config.min_article_words:
        outcome.dropped["too_short"] += 1
        return None
    return Article(
        id=article_id_for(canonical),
        text=text,
        url=canonical,
        source=source.name,
        source_id=source.id,
        title=title,
        author=author,
        published=published,
        fetched=datetime.now(UTC),
        language=language,
    )


def ingest_source(storage: Storage, fetcher: Fetcher, source: Source, config: Config) -> SourceOutcome:
    """Fetch one source's feed and its new article pages, store the articles."""
    outcome = SourceOutcome(source.name)
    assert source.id is not None
    try:
        feed_resp = fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified)
        if feed_resp.not_modified:
            outcome.status = "not_modified"
            storage.record_fetch(source.id, status="not_modified")
            return outcome
        feed = parse_feed(feed_resp.content, feed_resp.url, max_entries=config.fetch_max_entries)
        if feed.bozo_message and not feed.entries:
            raise FeedError(f"feed: unreadable, no entries ({feed.bozo_message}): {feed_resp.url}")
    except (FetchError, FeedError) as err:
        outcome.status, outcome.error = "error", str(err)
        storage.record_fetch(source.id, status="error", error=str(err))
        return outcome

    outcome.entries = len(feed.entries)
    if feed.skipped:  # a feed longer than fetch_max_entries: only its first entries are read
        outcome.dropped["over_max_entries"] += feed.skipped
    urls: dict[str, FeedEntry] = {}
    for entry in feed.entries:
        url = canonicalize_url(entry.url) if entry.url else None
        if not url:
            outcome.dropped["no_link"] += 1
        elif safe_href(url) is None:
            outcome.dropped["bad_link"] += 1  # javascript:, data:, relative junk: never fetched or shown
        elif url in urls:
            outcome.dropped["repeated_entry"] += 1
        else:
            urls[url] = entry
    known = storage.known_urls(urls)
    outcome.dropped["known"] += len(known)
    try:
        for url, entry in urls.items():
            if url in known:
                continue
            article = _article_from_entry(entry, url, source, fetcher, config, outcome)
            if article is None:
                continue
            new = storage.add_articles([article])  # one at a time: a kill loses at most one page's work
            if new:
                outcome.new_ids.extend(new)
            else:
                outcome.dropped["known"] += 1
    except NewsdigestError as err:  # storage trouble: record it on the source, keep the run going
        outcome.status, outcome.error = "error", str(err)
    outcome.new_articles = len(outcome.new_ids)
    if feed.bozo_message and outcome.status == "ok":
        outcome.dropped["feed_warning"] += 1
    storage.record_fetch(
        source.id,
        status=outcome.status,
        error=outcome.error,
        etag=feed_resp.etag,
        last_modified=feed_resp.last_modified,
        new_articles=outcome.new_articles,
    )
    return outcome
