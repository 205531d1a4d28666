"""Feed bytes → :class:`~newsdigest.records.ParsedFeed`.

RSS 0.9x/1.0/2.0 and Atom go through feedparser; JSON Feed (1.0/1.1) is read here with
``json`` because feedparser does not know it. feedparser is handed a ``BytesIO``,
never a string or bytes, because given ``bytes`` or ``str`` it first tries them as a
file path or URL.

What comes out is plain: titles, summaries and authors are HTML-unescaped and
tag-stripped; entry links are resolved against the feed URL and must be http(s)
(entries without one are dropped and logged); ``published`` is a UTC datetime from
the feed's own timestamps (published, else updated), with the UTC offset the feed wrote
it with in ``utc_offset_minutes`` (a reporter's "today" is that local date). ``content_html`` is the richest
HTML the entry carries (full content, else the description) and is *not* sanitised —
it is input for extraction, never for a page.

Bounds, because a feed is written by whoever runs the server:

* entity expansion: a DTD that declares entities which could expand (nested
  references, parameter or external entities, long values) is refused before
  feedparser sees it — feedparser's own DOCTYPE filter is a line-based regex that a
  one-line "billion laughs" slips past, and only expat's amplification limit (expat ≥
  2.4, seconds and tens of MB later) stopped it. Declarations of single characters
  (``<!ENTITY nbsp "&#160;">``) are harmless and kept;
* entry count: entries after the first ``max_entries`` are cut from the bytes before
  parsing — feedparser's time and memory grow with every entry (6 s and 60 MB for a
  3.4 MB feed of 100,000 items, 0.14 s and 1 MB cut), and a pass reads only
  ``max_entries`` anyway. How many were cut is
  ``ParsedFeed.skipped``.
"""

from __future__ import annotations

import calendar
import email.utils
import io
import json
import logging
import pyexpat
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
# Start and end tags of an RSS item or Atom entry (any namespace prefix). Used only to
# cut surplus entries out of the bytes; feedparser does the real parsing.
_ENTRY_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]")
_ENTRY_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>")
_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),  # compressed twice, or without its Content-Encoding
)
# How UTF-16/32 XML starts without a byte-order mark: NUL bytes that are not binary.
_WIDE_XML = (b"<\0", b"\0<")
# A declared entity longer than this is refused: N references would expand to N times it.
_MAX_ENTITY_CHARS = 16


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


def _offset(written: Any) -> int | None:
    """Minutes east of UTC that a feed's date string says (RFC 822 in RSS, RFC 3339 in Atom
    and JSON Feed), or None when it says none ("-0000", no zone, unreadable)."""
    if not isinstance(written, str) or not written.strip():
        return None
    try:
        dt = email.utils.parsedate_to_datetime(written)
    except (TypeError, ValueError, IndexError):
        try:
            dt = datetime.fromisoformat(written.strip().replace("z", "Z"))
        except ValueError:
            return None
    offset = dt.utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


def _first_date(*candidates: tuple[datetime | None, Any]) -> tuple[datetime | None, int | None]:
    """The first (UTC time, the string it was read from) that has a time, with the offset that
    string was written with: feedparser's parsed dates are UTC and drop it."""
    for when, written in candidates:
        if when is not None:
            return when, _offset(written)
    return None, None


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
    kind = _binary_kind(body)
    if kind is not None:
        raise FeedError(f"feed: got {kind}, not a feed: {url}")
    return _parse_xml_feed(content, url, max_entries)


def _binary_kind(body: bytes) -> str | None:
    """What a binary body is (so the source's error says it), or None for text."""
    for magic, kind in _BINARY_MAGIC:
        if body.startswith(magic):
            return kind
    head = body[:1024]
    wide = head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in _WIDE_XML
    return "binary data" if b"\0" in head and not wide else None


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


class _RootReached(Exception):
    """Raised by the prolog scan at the first element: the DTD, if any, is behind us."""


def _risky_entity(content: bytes) -> str | None:
    """Name of the first entity the document's DTD declares that could expand, or None.

    expat reads only the prolog (it stops at the root element), so comments and quoted
    strings cannot hide a declaration from it. The encoding is forced to one where
    every byte is valid (markup is ASCII in every encoding feeds use), except for
    UTF-16, which is decoded first (with or without a byte-order mark).
    """
    wide = _utf16_codec(content)
    head = content.decode(wide, errors="replace").encode("utf-8") if wide else content
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    found: list[str] = []

    def on_entity(name: str, is_parameter: int, value: str | None, *_: object) -> None:
        if is_parameter or value is None or "&" in value or "%" in value or len(value) > _MAX_ENTITY_CHARS:
            found.append(name)
            raise _RootReached  # one is enough

    def on_start(*_: object) -> None:
        raise _RootReached

    parser = pyexpat.ParserCreate(encoding="utf-8" if wide else "iso-8859-1")
    parser.EntityDeclHandler = on_entity
    parser.StartElementHandler = on_start
    try:
        parser.Parse(head, True)
    except _RootReached:
        pass
    except pyexpat.ExpatError:
        # Unreadable before the root: feedparser rewrites the prolog and may read what
        # expat could not, so any declaration at all is refused.
        if b"<!ENTITY" in head:
            return "(in a prolog expat cannot read)"
    return found[0] if found else None


def _utf16_codec(content: bytes) -> str | None:
    """The codec of a UTF-16 document (by byte-order mark or by its first "<"), else None."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return {b"<\0": "utf-16-le", b"\0<": "utf-16-be"}.get(content[:2])


def _cut_entries(content: bytes, max_entries: int) -> tuple[bytes, int]:
    """The document without the entries after the first ``max_entries``; how many went.

    The surplus entries are one run of sibling elements, so the document stays
    well-formed: what precedes the first surplus entry, then what follows the last one.
    """
    cut, count = 0, 0
    for count, m in enumerate(_ENTRY_START.finditer(content), start=1):  # ms for 100,000
        if count == max_entries + 1:
            cut = m.start()
    surplus = count - max_entries
    if surplus <= 0:
        return content, 0
    last_end = None
    for m in _ENTRY_END.finditer(content, cut):
        last_end = m.end()
    tail = content[last_end:] if last_end is not None else b""  # truncated: nothing to close
    return content[:cut] + tail, surplus


def _parse_xml_feed(content: bytes, url: str, max_entries: int) -> ParsedFeed:
    risky = _risky_entity(content)
    if risky is not None:
        raise FeedError(
            f"feed: refused, its DTD declares an expanding entity {risky} (entity expansion): {url}"
        )
    content, skipped = _cut_entries(content, max_entries)
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
    skipped += max(0, len(parsed.entries) - max_entries)  # any the byte cut did not see
    for raw in parsed.entries[:max_entries]:
        entry = _xml_entry(raw, url)
        if entry is not None:
            entries.append(entry)
    if skipped:
        log.info("feed: %d entries over the %d read per pass skipped: %s", skipped, max_entries, url)
    feed = parsed.get("feed", {})
    return ParsedFeed(
        title=plain_text(feed.get("title")),
        link=resolve_href(url, feed.get("link")) or "",
        entries=tuple(entries),
        bozo_message=bozo,
        skipped=skipped,
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
    published, offset = _first_date(
        (_utc(raw.get("published_parsed")), raw.get("published")),
        (_utc(raw.get("updated_parsed")), raw.get("updated")),
    )
    return FeedEntry(
        url=link,
        title=plain_text(raw.get("title")),
        summary=plain_text(summary_html),
        content_html=content_html,
        author=plain_text(author),
        published=published,
        utc_offset_minutes=offset,
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
    for item in items[:max_entries]:
        if isinstance(item, dict):
            entry = _json_entry(item, url, doc)
            if entry is not None:
                entries.append(entry)
    skipped = max(0, len(items) - max_entries)
    if skipped:
        log.info("feed: %d entries over the %d read per pass skipped: %s", skipped, max_entries, url)
    return ParsedFeed(
        title=plain_text(_str(doc.get("title"))),
        link=resolve_href(url, _str(doc.get("home_page_url"))) or "",
        entries=tuple(entries),
        skipped=skipped,
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
    published, offset = _first_date(*((_iso(item.get(k)), item.get(k)) for k in ("date_published", "date_modified")))
    return FeedEntry(
        url=link,
        title=plain_text(_str(item.get("title"))),
        summary=summary,
        content_html=content_html,
        author=plain_text(_json_author(item) or _json_author(doc)),
        published=published,
        utc_offset_minutes=offset,
        guid=guid or link,
    )


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
