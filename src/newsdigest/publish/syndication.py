"""Syndication: RSS 2.0, Atom and JSON Feed of the latest digests, the sitemaps, robots.txt.

XML is built with ``xml.etree``, never by pasting strings together: feed and page text
comes from outside and is hostile until escaped. Feeds carry the body they are given
(``body.body_html``): the views pass an archived digest by its lede only
(``publish.open_parts``). The same digests always give the same bytes: a feed's date is
its newest change, never "now".
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from ..records import Digest
from . import (
    SiteConfig,
    as_utc,
    digest_url,
    excerpt,
    is_publishable,
    last_modified,
    rfc3339,
    site_base,
    xml_text,
)
from .body import body_html

NS_CONTENT = "http://purl.org/rss/1.0/modules/content/"
NS_MEDIA = "http://search.yahoo.com/mrss/"
NS_ATOM = "http://www.w3.org/2005/Atom"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NS_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

# Prefixes ElementTree writes (module-global in ElementTree, so set once here).
for _prefix, _uri in (
    ("content", NS_CONTENT),
    ("media", NS_MEDIA),
    ("atom", NS_ATOM),
    ("dc", NS_DC),
    ("news", NS_NEWS),
):
    ET.register_namespace(_prefix, _uri)

FEED_ITEMS = 50  # digests in each feed
NEWS_SITEMAP_WINDOW = timedelta(hours=48)  # Google News only reads articles this recent
NEWS_SITEMAP_MAX = 1000  # and at most this many URLs
SITEMAP_MAX = 50_000  # sitemaps.org limit per file


# ---------------------------------------------------------------- feeds


def _feed_digests(digests: Iterable[Digest]) -> list[Digest]:
    """Only digests that have an address; newest first, at most FEED_ITEMS."""
    ok = [d for d in digests if is_publishable(d)]
    ok.sort(key=lambda d: as_utc(d.published), reverse=True)  # type: ignore[arg-type]
    return ok[:FEED_ITEMS]


def _feed_updated(digests: list[Digest]) -> datetime:
    # The newest change, not "now": the same digests always give the same bytes.
    stamps = [t for d in digests if (t := last_modified(d)) is not None]
    return max(stamps) if stamps else datetime(1970, 1, 1, tzinfo=UTC)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def _xml_bytes(root: ET.Element) -> bytes:
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def rss_feed(digests: Iterable[Digest], config: SiteConfig) -> bytes:
    """RSS 2.0 with the full body in ``content:encoded`` and Media RSS keywords/credits."""
    items = _feed_digests(digests)
    base = site_base(config)
    rss = ET.Element("rss", version="2.0")
    channel = _sub(rss, "channel")
    _sub(channel, "title", config.site_title)
    _sub(channel, "link", base + "/")
    _sub(channel, "description", config.site_description)
    _sub(channel, "language", "en")
    _sub(channel, "lastBuildDate", format_datetime(_feed_updated(items)))
    _sub(channel, "generator", "newsdigest")
    _sub(channel, f"{{{NS_ATOM}}}link", href=base + "/feed.xml", rel="self", type="application/rss+xml")
    for d in items:
        url = digest_url(d, config)
        item = _sub(channel, "item")
        _sub(item, "title", d.headline)
        _sub(item, "link", url)
        _sub(item, "guid", url, isPermaLink="true")
        _sub(item, "pubDate", format_datetime(as_utc(d.published)))  # type: ignore[arg-type]
        _sub(item, "description", excerpt(d.lede, 300))
        _sub(item, f"{{{NS_CONTENT}}}encoded", body_html(d, url))
        _sub(item, f"{{{NS_DC}}}creator", config.site_title)
        for name in d.entities:
            _sub(item, "category", name)
        if d.entities:
            _sub(item, f"{{{NS_MEDIA}}}keywords", ", ".join(n.replace(",", " ") for n in d.entities))
        outlets = list(dict.fromkeys(ra.outlet for ra in d.relevant_articles if ra.outlet))
        for outlet in outlets:
            _sub(item, f"{{{NS_MEDIA}}}credit", outlet, role="source")
    return _xml_bytes(rss)


def atom_feed(digests: Iterable[Digest], config: SiteConfig) -> bytes:
    """Atom 1.0: summary plus the full body as escaped HTML content."""
    items = _feed_digests(digests)
    base = site_base(config)
    # Atom is the default namespace: plain names under an explicit xmlns (ElementTree's
    # default_namespace option refuses the un-prefixed attributes Atom needs).
    a = ""
    feed = ET.Element("feed", xmlns=NS_ATOM)
    _sub(feed, a + "id", base + "/")
    _sub(feed, a + "title", config.site_title)
    _sub(feed, a + "subtitle", config.site_description)
    _sub(feed, a + "updated", rfc3339(_feed_updated(items)))
    _sub(feed, a + "link", href=base + "/atom.xml", rel="self", type="application/atom+xml")
    _sub(feed, a + "link", href=base + "/", rel="alternate", type="text/html")
    author = _sub(feed, a + "author")
    _sub(author, a + "name", config.site_title)
    _sub(author, a + "uri", base + "/")
    _sub(feed, a + "generator", "newsdigest")
    for d in items:
        url = digest_url(d, config)
        entry = _sub(feed, a + "entry")
        _sub(entry, a + "id", url)
        _sub(entry, a + "title", d.headline)
        _sub(entry, a + "link", href=url, rel="alternate", type="text/html")
        _sub(entry, a + "published", rfc3339(d.published))  # type: ignore[arg-type]
        _sub(entry, a + "updated", rfc3339(last_modified(d)))  # type: ignore[arg-type]
        _sub(entry, a + "summary", excerpt(d.lede, 300))
        _sub(entry, a + "content", body_html(d, url), type="html")
        for name in d.entities:
            _sub(entry, a + "category", term=name)
    return _xml_bytes(feed)


def json_feed(digests: Iterable[Digest], config: SiteConfig) -> bytes:
    """JSON Feed 1.1."""
    items = _feed_digests(digests)
    base = site_base(config)
    doc = {
        "version": JSON_FEED_VERSION,
        "title": config.site_title,
        "home_page_url": base + "/",
        "feed_url": base + "/feed.json",
        "description": config.site_description,
        "language": "en",
        "authors": [{"name": config.site_title, "url": base + "/"}],
        "items": [
            {
                "id": (url := digest_url(d, config)),
                "url": url,
                "title": d.headline,
                "summary": excerpt(d.lede, 300),
                "content_html": body_html(d, url),
                "date_published": rfc3339(d.published),  # type: ignore[arg-type]
                "date_modified": rfc3339(last_modified(d)),  # type: ignore[arg-type]
                "tags": list(d.entities),
                "language": "en",
            }
            for d in items
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


# ---------------------------------------------------------------- sitemaps, robots


def sitemap(digests: Iterable[Digest], config: SiteConfig) -> bytes:
    """sitemap.xml: the home page and every digest with its last change."""
    base = site_base(config)
    ok = [d for d in digests if is_publishable(d)][: SITEMAP_MAX - 1]
    urlset = ET.Element("urlset", xmlns=NS_SITEMAP)
    home = _sub(urlset, "url")
    _sub(home, "loc", base + "/")
    if ok:
        _sub(home, "lastmod", rfc3339(_feed_updated(ok)))
    for d in ok:
        u = _sub(urlset, "url")
        _sub(u, "loc", digest_url(d, config))
        _sub(u, "lastmod", rfc3339(last_modified(d)))  # type: ignore[arg-type]
    return _xml_bytes(urlset)


def news_sitemap(digests: Iterable[Digest], config: SiteConfig, now: datetime | None = None) -> bytes:
    """Google News sitemap: digests first published in the last 48 hours."""
    now = as_utc(now or datetime.now(UTC))
    recent = [
        d
        for d in digests
        if is_publishable(d) and now - as_utc(d.published) <= NEWS_SITEMAP_WINDOW  # type: ignore[arg-type]
    ][:NEWS_SITEMAP_MAX]
    s, n = "", f"{{{NS_NEWS}}}"
    urlset = ET.Element("urlset", xmlns=NS_SITEMAP)
    for d in recent:
        u = _sub(urlset, s + "url")
        _sub(u, s + "loc", digest_url(d, config))
        news = _sub(u, n + "news")
        pub = _sub(news, n + "publication")
        _sub(pub, n + "name", config.site_title)
        _sub(pub, n + "language", "en")
        _sub(news, n + "publication_date", rfc3339(d.published))  # type: ignore[arg-type]
        _sub(news, n + "title", d.headline)
    return _xml_bytes(urlset)


def robots_txt(config: SiteConfig) -> str:
    base = site_base(config)
    return (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /api/\n"
        "Allow: /\n"
        "\n"
        f"Sitemap: {base}/sitemap.xml\n"
        f"Sitemap: {base}/news-sitemap.xml\n"
    )
