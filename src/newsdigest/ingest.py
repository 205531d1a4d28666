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

from .errors import ExtractError, FeedError, FetchError, NewsdigestError, PacingError
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


@dataclass
class Carried:
    """What earlier attempts at one source's share of this pass did, kept up to date while
    an attempt runs, so that one cut short (``fetch.HostBusy`` in the distributed mode, the
    task then retried) is carried on by the next: the articles they stored still count as
    new in the outcome and the sources table, and the pages they tried without storing
    anything are not fetched again (a retry exists to spare a crowded host)."""

    stored: list[str] = field(default_factory=list)  # ids of the articles stored as new
    tried: dict[str, dict[str, int]] = field(default_factory=dict)  # page URL → why nothing was stored


def article_id_for(url: str) -> str:
    """Fetched articles are named by their canonical URL, so a re-fetch is the same article."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def _article_from_entry(entry: FeedEntry, url: str, source: Source, fetcher: Fetcher, config: Config,
                        dropped: Counter[str]) -> Article | None:
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
        dropped[f"page_{err.reason}"] += 1  # counted; the feed's own content may still do
        log.info("page failed, using feed content", extra={"source": source.name, "url": url, "reason": err.reason})
    if len(text.split()) < config.min_article_words:
        fallback = text_from_html(entry.content_html) if entry.content_html else entry.summary
        if len(fallback.split()) > len(text.split()):
            text = fallback
            dropped["used_feed_content"] += 1
    if len(text.split()) < config.min_article_words:
        dropped["too_short"] += 1
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
        # The feed's offset goes with the feed's date; a date from the page has none.
        utc_offset_minutes=entry.utc_offset_minutes if published == entry.published else None,
        fetched=datetime.now(UTC),
        language=language,
    )


def ingest_source(storage: Storage, fetcher: Fetcher, source: Source, config: Config,
                  carried: Carried | None = None) -> SourceOutcome:
    """Fetch one source's feed and its new article pages, store the articles.

    ``carried`` is what earlier attempts in this pass did; it is updated as this one goes
    (an exception that is not the source's failure, such as ``HostBusy``, leaves it
    telling the next attempt where to carry on)."""
    carried = carried if carried is not None else Carried()
    earlier = list(carried.stored)
    outcome = SourceOutcome(source.name)
    assert source.id is not None
    try:
        feed_resp = fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified)
        if feed_resp.not_modified:
            outcome.status = "not_modified"
            _count_earlier(outcome, earlier)
            storage.record_fetch(source.id, status="not_modified", new_articles=outcome.new_articles)
            return outcome
        feed = parse_feed(feed_resp.content, feed_resp.url, max_entries=config.fetch_max_entries)
        if feed.bozo_message and not feed.entries:
            raise FeedError(f"feed: unreadable, no entries ({feed.bozo_message}): {feed_resp.url}")
    except (FetchError, FeedError) as err:
        outcome.status, outcome.error = "error", str(err)
        _count_earlier(outcome, earlier)
        storage.record_fetch(source.id, status="error", error=str(err), new_articles=outcome.new_articles)
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
            if url in carried.tried:  # an earlier attempt fetched it and stored nothing: same again
                outcome.dropped.update(carried.tried[url])
                continue
            _store_entry(storage, entry, url, source, fetcher, config, outcome, carried)
    except PacingError:
        raise  # no turn could be taken: the caller puts the whole fetch off (carried keeps its state)
    except NewsdigestError as err:  # storage trouble: record it on the source, keep the run going
        outcome.status, outcome.error = "error", str(err)
    _count_earlier(outcome, earlier)
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


def _store_entry(storage: Storage, entry: FeedEntry, url: str, source: Source, fetcher: Fetcher,
                 config: Config, outcome: SourceOutcome, carried: Carried) -> None:
    """Fetch one entry's page and store its article; what happened is counted in ``outcome``
    and noted in ``carried`` as soon as it is known."""
    dropped: Counter[str] = Counter()
    article = _article_from_entry(entry, url, source, fetcher, config, dropped)
    new = storage.add_articles([article]) if article is not None else []  # one at a time: a kill loses one page
    if article is not None and not new:
        dropped["known"] += 1
    outcome.dropped.update(dropped)
    if new:
        outcome.new_ids.extend(new)
        carried.stored.extend(new)
    else:
        carried.tried[url] = dict(dropped)


def _count_earlier(outcome: SourceOutcome, earlier: list[str]) -> None:
    """Make the outcome's new articles those of this attempt and of the earlier ones (which
    this attempt saw as known), before the count is recorded on the source."""
    if earlier:
        seen = set(earlier)
        mine = [i for i in outcome.new_ids if i not in seen]
        outcome.new_ids = [*earlier, *mine]
        if outcome.dropped["known"]:
            outcome.dropped["known"] = max(0, outcome.dropped["known"] - len(earlier))
    outcome.new_articles = len(outcome.new_ids)
