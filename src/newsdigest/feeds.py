"""Feed bytes → :class:`~newsdigest.records.ParsedFeed`.

RSS 0.9x/1.0/2.0 and Atom go through feedparser; JSON Feed (1.0/1.1) is read here with
``json`` because feedparser does not know it. feedparser is handed a ``BytesIO``,
never a string or bytes, because given ``bytes`` or ``str`` it first tries them as a
file path or URL.

What comes out is plain: titles, summaries and authors are HTML-unescaped and
tag-stripped; entry links are resolved against the feed URL and must be http(s)
(entries without one are dropped and logged); ``published`` is a UTC datetime from
the feed's own timestamps (published, else updated). ``content_html`` is the richest
HTML the entry carries (full content, else the description) and is *not* sanitised —
it is input for extraction, never for a page.
"""

from __future__ import annotations

import calendar
import io
import json
import logging
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import feedparser

from .errors import FeedError
from .records import FeedEntry, ParsedFeed
from .urls import resolve_href, safe_href

log = logging.getLogger(__name__)

_SKIP_TAGS = frozenset({"script", "style", "template", "noscript"})
_BREAK_TAGS = frozenset(
    {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"}
)
_WS = re.compile(r"\s+")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_HTMLISH = re.compile(rb"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BREAK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        elif tag in _BREAK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def plain_text(value: str | None) -> str:
    """One line of plain text from a feed field that may hold HTML and entities."""
    if not value:
        return ""
    if "<" in value or "&" in value:
        collector = _TextCollector()
        collector.feed(value)
        collector.close()
        value = "".join(collector.parts)
    return _WS.sub(" ", value).strip()


def _utc(struct: Any) -> datetime | None:
    """feedparser's parsed dates are UTC struct_time; keep them aware."""
    if not struct:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        return None
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC)


def parse_feed(content: bytes, url: str, *, max_entries: int = 200) -> ParsedFeed:
    """Parse a feed document; raises FeedError when ``content`` is not a feed.

    A malformed but readable feed still returns its entries, with ``bozo_message``
    saying what was wrong. At most ``max_entries`` entries are kept, in feed order.
    """
    body = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not body:
        raise FeedError(f"feed: empty document: {url}")
    if body[:1] in (b"{", b"["):
        return _parse_json_feed(body, url, max_entries)
    return _parse_xml_feed(content, url, max_entries)


def _repair_utf8(content: bytes) -> tuple[bytes, str | None]:
    """Replace invalid UTF-8 in a feed that is (or claims to be) UTF-8.

    Left alone, feedparser falls back to a legacy 8-bit codec for the whole document and
    turns every correct accented letter into mojibake because of one bad byte.
    """
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content, None  # UTF-16/32 by byte-order mark: feedparser knows these
    decl = _XML_ENCODING.search(content[:200].lstrip(b"\xef\xbb\xbf"))
    declared = decl.group(1).decode("ascii", "replace").lower() if decl else "utf-8"
    if declared.replace("_", "-") not in ("utf-8", "utf8"):
        return content, None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        repaired = content.decode("utf-8", errors="replace").encode("utf-8")
        return repaired, f"invalid UTF-8 replaced ({exc.reason} at byte {exc.start})"
    return content, None


def _parse_xml_feed(content: bytes, url: str, max_entries: int) -> ParsedFeed:
    content, repair_note = _repair_utf8(content)
    # Declaring XML lets feedparser take the charset from the XML declaration (and not
    # flag every feed as bozo for lacking an HTTP Content-Type).
    parsed = feedparser.parse(
        io.BytesIO(content), response_headers={"content-location": url, "content-type": "application/xml"}
    )
    bozo: str | None = None
    if parsed.get("bozo"):
        bozo = str(parsed.get("bozo_exception") or "malformed feed")
    bozo = "; ".join(m for m in (repair_note, bozo) if m) or None
    if not parsed.get("version") and not parsed.entries:
        if _HTMLISH.match(content[:2048]):
            raise FeedError(f"feed: got an HTML page, not a feed: {url}")
        raise FeedError(f"feed: not a feed ({bozo or 'no RSS, Atom or JSON Feed found'}): {url}")
    entries: list[FeedEntry] = []
    for raw in parsed.entries:
        if len(entries) >= max_entries:
            break
        entry = _xml_entry(raw, url)
        if entry is not None:
            entries.append(entry)
    feed = parsed.get("feed", {})
    return ParsedFeed(
        title=plain_text(feed.get("title")),
        link=resolve_href(url, feed.get("link")) or "",
        entries=tuple(entries),
        bozo_message=bozo,
    )


def _xml_entry(raw: Any, feed_url: str) -> FeedEntry | None:
    link = resolve_href(feed_url, raw.get("link"))
    guid = str(raw.get("id") or "")
    if link is None and guid:
        link = safe_href(guid)  # RSS <guid isPermaLink="true"> without <link>; never a relative id
    if link is None:
        log.info("feed: entry without an http(s) link dropped (%r): %s", raw.get("title", ""), feed_url)
        return None
    contents = [c.get("value", "") for c in raw.get("content", []) if c.get("value")]
    summary_html = raw.get("summary", "") or ""
    content_html = max(contents, key=len) if contents else summary_html
    author = raw.get("author") or ", ".join(
        a.get("name", "") for a in raw.get("authors", []) if a.get("name")
    )
    return FeedEntry(
        url=link,
        title=plain_text(raw.get("title")),
        summary=plain_text(summary_html),
        content_html=content_html,
        author=plain_text(author),
        published=_utc(raw.get("published_parsed")) or _utc(raw.get("updated_parsed")),
        guid=guid or link,
    )


def _parse_json_feed(body: bytes, url: str, max_entries: int) -> ParsedFeed:
    try:
        doc = json.loads(body.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"feed: invalid JSON ({exc}): {url}") from None
    version = doc.get("version", "") if isinstance(doc, dict) else ""
    if not (isinstance(version, str) and version.startswith("https://jsonfeed.org/version/")):
        raise FeedError(f"feed: JSON document is not a JSON Feed: {url}")
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedError(f"feed: JSON Feed without an items list: {url}")
    entries: list[FeedEntry] = []
    for item in items:
        if len(entries) >= max_entries:
            break
        if isinstance(item, dict):
            entry = _json_entry(item, url, doc)
            if entry is not None:
                entries.append(entry)
    return ParsedFeed(
        title=plain_text(_str(doc.get("title"))),
        link=resolve_href(url, _str(doc.get("home_page_url"))) or "",
        entries=tuple(entries),
    )


def _str(v: Any) -> str:
    return v if isinstance(v, str) else ""


def _json_author(obj: dict[str, Any]) -> str:
    authors = obj.get("authors")
    if not isinstance(authors, list):
        single = obj.get("author")  # JSON Feed 1.0
        authors = [single] if isinstance(single, dict) else []
    return ", ".join(_str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name"))


def _json_entry(item: dict[str, Any], feed_url: str, doc: dict[str, Any]) -> FeedEntry | None:
    link = resolve_href(feed_url, _str(item.get("url"))) or resolve_href(
        feed_url, _str(item.get("external_url"))
    )
    guid = str(item.get("id") or "")
    if link is None:
        link = safe_href(guid)
    if link is None:
        log.info("feed: JSON Feed item without an http(s) url dropped: %s", feed_url)
        return None
    content_html = _str(item.get("content_html"))
    content_text = _str(item.get("content_text"))
    if not content_html and content_text:
        # Keep paragraphs: the extractor's feed fallback reads <p> blocks.
        content_html = "".join(f"<p>{_escape(p)}</p>" for p in content_text.split("\n") if p.strip())
    if _str(item.get("summary")):
        summary = plain_text(_str(item.get("summary")))
    elif content_text:  # plain text by definition: "<" in it is a character, not a tag
        summary = _WS.sub(" ", content_text).strip()
    else:
        summary = plain_text(content_html)
    return FeedEntry(
        url=link,
        title=plain_text(_str(item.get("title"))),
        summary=summary,
        content_html=content_html,
        author=plain_text(_json_author(item) or _json_author(doc)),
        published=_iso(item.get("date_published")) or _iso(item.get("date_modified")),
        guid=guid or link,
    )


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
