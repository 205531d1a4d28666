"""A local web server that plays seven fictional news outlets for ``make demo`` and the tests.

Everything it serves is rendered from ``sample/`` when the server starts:

* ``manifest.json`` lists the outlets (feed format, page layout, URL style) and the
  articles (outlet, story, title, author, ``offset_hours`` before the serve time, body file);
* ``articles/<outlet>/<slug>.txt`` hold the article bodies (paragraphs separated by blank
  lines, ``## `` for a subheading, ``{{DAY:-30}}`` for the weekday 30 hours before now);
* ``templates/<layout>.html`` are whole pages with the boilerplate an extractor must
  strip (navigation, cookie banner, related links, comments, footer);
* ``broken-feed.xml`` is the seventh outlet's malformed feed.

Dates are relative to the serve time so the demo always looks current, and every link is
built from the server's real base URL. The clock is fixed when the server starts, which
keeps each resource's bytes (and so its ETag) stable for the server's lifetime.
Standard library only: ``http.server`` in a background thread.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"

_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
_DAY_PLACEHOLDER = re.compile(r"\{\{(DAY|DATE):(-?\d+(?:\.\d+)?)\}\}")
_FEED_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
    "broken": "application/rss+xml; charset=utf-8",
}
_NOTICE = "Fictional sample data for the newsdigest demo: invented outlet, people, places and events."


# --------------------------------------------------------------------------- manifest


@dataclass(frozen=True, slots=True)
class SampleOutlet:
    id: str
    name: str
    format: str  # rss, atom, json or broken
    feed_path: str
    layout: str  # a template name under sample/templates/
    tagline: str
    article_path: str  # pattern: {slug}, {yyyy}, {mm}, {dd}
    link_query: str = ""  # tracking parameters some outlets add to feed links
    date_format: str = "%d %B %Y, %H:%M UTC"
    feed_full_content: bool = False
    broken_file: str = ""


@dataclass(frozen=True, slots=True)
class SampleArticle:
    outlet: str  # SampleOutlet.id
    slug: str
    story: str | None  # a story id, or None for a singleton
    title: str
    summary: str
    author: str
    offset_hours: float  # published this many hours before the serve time
    file: str  # body file, relative to sample/
    section: str = "News"
    wire_copy_of: str | None = None  # "outlet/slug" of the wire original
    path: str = ""  # overrides the outlet's article_path pattern
    robots_disallowed: bool = False


@dataclass(frozen=True, slots=True)
class SampleManifest:
    outlets: tuple[SampleOutlet, ...]
    stories: dict[str, str]  # story id -> a neutral label
    articles: tuple[SampleArticle, ...]
    robots_disallow: tuple[str, ...]

    def outlet(self, outlet_id: str) -> SampleOutlet:
        for outlet in self.outlets:
            if outlet.id == outlet_id:
                return outlet
        raise KeyError(f"demo: no sample outlet {outlet_id!r}")

    def coverage(self) -> dict[str, set[str]]:
        """Story id -> the outlets that published an article about it."""
        covered: dict[str, set[str]] = {story: set() for story in self.stories}
        for article in self.articles:
            if article.story is not None:
                covered[article.story].add(article.outlet)
        return covered


def load_manifest(sample_dir: Path = SAMPLE_DIR) -> SampleManifest:
    raw: dict[str, Any] = json.loads((sample_dir / "manifest.json").read_text(encoding="utf-8"))
    return SampleManifest(
        outlets=tuple(SampleOutlet(**o) for o in raw["outlets"]),
        stories={s["id"]: s["label"] for s in raw["stories"]},
        articles=tuple(SampleArticle(**a) for a in raw["articles"]),
        robots_disallow=tuple(raw.get("robots_disallow", ())),
    )


def article_body(article: SampleArticle, now: datetime, sample_dir: Path = SAMPLE_DIR) -> list[str]:
    """The article's blocks, placeholders filled; a block starting ``## `` is a subheading."""
    text = (sample_dir / article.file).read_text(encoding="utf-8")

    def fill(match: re.Match[str]) -> str:
        moment = now + timedelta(hours=float(match.group(2)))
        return moment.strftime("%A") if match.group(1) == "DAY" else f"{moment.day} {moment:%B}"

    text = _DAY_PLACEHOLDER.sub(fill, text)
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def published_at(article: SampleArticle, now: datetime) -> datetime:
    return (now - timedelta(hours=article.offset_hours)).replace(microsecond=0)


# --------------------------------------------------------------------------- rendering


@dataclass(frozen=True, slots=True)
class _Resource:
    body: bytes
    content_type: str
    last_modified: datetime
    etag: str


def _resource(body: str | bytes, content_type: str, last_modified: datetime) -> _Resource:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return _Resource(
        data, content_type, last_modified.replace(microsecond=0), f'"{hashlib.sha256(data).hexdigest()[:24]}"'
    )


def _describe(outlet: SampleOutlet) -> str:
    return f"{outlet.tagline.rstrip('.')}. {_NOTICE}"


def _fill(template: str, values: dict[str, str]) -> str:
    # One pass, so text inside a value is never taken for a placeholder.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _article_path(outlet: SampleOutlet, article: SampleArticle, published: datetime) -> str:
    pattern = article.path or outlet.article_path
    return pattern.format(
        slug=article.slug, yyyy=f"{published:%Y}", mm=f"{published:%m}", dd=f"{published:%d}"
    )


class _Site:
    """All the responses of one server, rendered once for a fixed base URL and clock."""

    def __init__(self, manifest: SampleManifest, base_url: str, now: datetime, sample_dir: Path) -> None:
        self.manifest = manifest
        self.base = base_url
        self.now = now
        self.sample_dir = sample_dir
        self.routes: dict[str, _Resource] = {}
        self.article_urls: dict[tuple[str, str], str] = {}
        self.published: dict[tuple[str, str], datetime] = {}
        for article in manifest.articles:
            outlet = manifest.outlet(article.outlet)
            when = published_at(article, now)
            key = (article.outlet, article.slug)
            self.published[key] = when
            self.article_urls[key] = base_url + _article_path(outlet, article, when)
        for article in manifest.articles:
            self._add_page(article)
        for outlet in manifest.outlets:
            self._add_feed(outlet)
            self._add_outlet_home(outlet)
        self._add_index()
        self._add_robots()

    # -- helpers

    def _path(self, url: str) -> str:
        return urlsplit(url).path

    def _articles_of(self, outlet_id: str) -> list[SampleArticle]:
        mine = [a for a in self.manifest.articles if a.outlet == outlet_id]
        return sorted(mine, key=lambda a: a.offset_hours)  # newest first

    def _feed_link(self, outlet: SampleOutlet, article: SampleArticle) -> str:
        url = self.article_urls[(article.outlet, article.slug)]
        return f"{url}?{outlet.link_query}" if outlet.link_query else url

    def _body_html(self, outlet: SampleOutlet, article: SampleArticle, blocks: list[str]) -> str:
        related = [a for a in self._articles_of(outlet.id) if a.slug != article.slug]
        parts: list[str] = []
        for index, block in enumerate(blocks):
            if block.startswith("## "):
                parts.append(f"<h2>{html.escape(block[3:])}</h2>")
            else:
                parts.append(f"<p>{html.escape(block, quote=False)}</p>")
            # In-body boilerplate a reader skips and an extractor should too.
            if index == 2 and related and outlet.layout != "wire":
                other = related[0]
                link = html.escape(self.article_urls[(other.outlet, other.slug)])
                parts.append(
                    f'<aside class="inline-related"><strong>Read more:</strong> '
                    f'<a href="{link}">{html.escape(other.title)}</a></aside>'
                )
            if index == 4 and outlet.layout == "tabloid":
                parts.append('<div class="ad-slot" aria-hidden="true"><span>Advertisement</span></div>')
        return "\n".join(parts)

    # -- pages

    def _add_page(self, article: SampleArticle) -> None:
        outlet = self.manifest.outlet(article.outlet)
        key = (article.outlet, article.slug)
        url = self.article_urls[key]
        when = self.published[key]
        blocks = article_body(article, self.now, self.sample_dir)
        related = [a for a in self._articles_of(outlet.id) if a.slug != article.slug][:4]
        related_html = "\n".join(
            f'<li><a href="{html.escape(self.article_urls[(a.outlet, a.slug)])}">{html.escape(a.title)}</a></li>'
            for a in related
        )
        template = (self.sample_dir / "templates" / f"{outlet.layout}.html").read_text(encoding="utf-8")
        values = {
            "BASE": html.escape(self.base),
            "HOME": html.escape(self.base + f"/{outlet.id}/"),
            "FEED": html.escape(self.base + outlet.feed_path),
            "FEED_TYPE": _FEED_TYPES[outlet.format].split(";")[0],
            "OUTLET": html.escape(outlet.name),
            "TAGLINE": html.escape(outlet.tagline),
            "TITLE": html.escape(article.title),
            "SUMMARY": html.escape(article.summary),
            "AUTHOR": html.escape(article.author),
            "SECTION": html.escape(article.section),
            "CANONICAL": html.escape(url),
            "PUBLISHED_ISO": when.isoformat(),
            "PUBLISHED_HUMAN": html.escape(when.strftime(outlet.date_format)),
            "YEAR": str(self.now.year),
            "BODY": self._body_html(outlet, article, blocks),
            "RELATED": related_html,
            "NOTICE": html.escape(_NOTICE),
        }
        self.routes[self._path(url)] = _resource(_fill(template, values), "text/html; charset=utf-8", when)

    def _add_outlet_home(self, outlet: SampleOutlet) -> None:
        items = "\n".join(
            f'<li><a href="{html.escape(self.article_urls[(a.outlet, a.slug)])}">{html.escape(a.title)}</a> '
            f"<time>{self.published[(a.outlet, a.slug)]:%d %b %H:%M}</time></li>"
            for a in self._articles_of(outlet.id)
        )
        page = (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(outlet.name)}</title>'
            f'<link rel="alternate" type="{_FEED_TYPES[outlet.format].split(";")[0]}" '
            f'href="{html.escape(self.base + outlet.feed_path)}"></head>'
            f"<body><h1>{html.escape(outlet.name)}</h1><p>{html.escape(outlet.tagline)}</p>"
            f"<p><em>{html.escape(_NOTICE)}</em></p><ul>{items}</ul></body></html>"
        )
        self.routes[f"/{outlet.id}/"] = _resource(page, "text/html; charset=utf-8", self.now)

    def _add_index(self) -> None:
        items = "\n".join(
            f'<li><a href="/{o.id}/">{html.escape(o.name)}</a> — <a href="{html.escape(o.feed_path)}">feed</a></li>'
            for o in self.manifest.outlets
        )
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>newsdigest sample outlets</title>'
            f"</head><body><h1>newsdigest sample outlets</h1><p>{html.escape(_NOTICE)}</p>"
            f'<ul>{items}</ul><p><a href="/sample.opml">OPML of these feeds</a></p></body></html>'
        )
        self.routes["/"] = _resource(page, "text/html; charset=utf-8", self.now)
        self.routes["/sample.opml"] = _resource(
            sample_opml(self.base, self.manifest), "text/x-opml; charset=utf-8", self.now
        )

    def _add_robots(self) -> None:
        # Disallow lines come first: urllib.robotparser applies the first rule that matches.
        lines = ["# Sample robots.txt of the newsdigest demo server (fictional outlets).", "User-agent: *"]
        lines += [f"Disallow: {path}" for path in self.manifest.robots_disallow]
        lines += ["Allow: /", ""]
        self.routes["/robots.txt"] = _resource("\n".join(lines), "text/plain; charset=utf-8", self.now)

    # -- feeds

    def _add_feed(self, outlet: SampleOutlet) -> None:
        articles = self._articles_of(outlet.id)
        updated = max((self.published[(a.outlet, a.slug)] for a in articles), default=self.now)
        if outlet.format == "rss":
            body = self._rss(outlet, articles, updated)
        elif outlet.format == "atom":
            body = self._atom(outlet, articles, updated)
        elif outlet.format == "json":
            body = self._json_feed(outlet, articles)
        elif outlet.format == "broken":
            raw = (self.sample_dir / outlet.broken_file).read_text(encoding="utf-8")
            body = _fill(
                raw,
                {"BASE": self.base, "PUBLISHED": format_datetime(self.now - timedelta(hours=4), usegmt=True)},
            )
        else:
            raise ValueError(f"demo: unknown feed format {outlet.format!r} for {outlet.id}")
        self.routes[outlet.feed_path] = _resource(body, _FEED_TYPES[outlet.format], updated)

    def _content_html(self, article: SampleArticle) -> str:
        blocks = article_body(article, self.now, self.sample_dir)
        return "".join(
            f"<h2>{html.escape(b[3:])}</h2>"
            if b.startswith("## ")
            else f"<p>{html.escape(b, quote=False)}</p>"
            for b in blocks
        )

    def _rss(self, outlet: SampleOutlet, articles: list[SampleArticle], updated: datetime) -> str:
        home = self.base + f"/{outlet.id}/"
        items = []
        for a in articles:
            when = self.published[(a.outlet, a.slug)]
            link = self._feed_link(outlet, a)
            content = ""
            if outlet.feed_full_content:
                content = f"\n      <content:encoded><![CDATA[{self._content_html(a)}]]></content:encoded>"
            items.append(
                f"""    <item>
      <title>{escape(a.title)}</title>
      <link>{escape(link)}</link>
      <guid isPermaLink="false">{escape(f"{outlet.id}:{a.slug}")}</guid>
      <pubDate>{format_datetime(when, usegmt=True)}</pubDate>
      <dc:creator>{escape(a.author)}</dc:creator>
      <category>{escape(a.section)}</category>
      <description>{escape(f"<p>{html.escape(a.summary)}</p>")}</description>{content}
    </item>"""
            )
        return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- {_NOTICE} -->
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{escape(outlet.name)}</title>
    <link>{escape(home)}</link>
    <atom:link href={quoteattr(self.base + outlet.feed_path)} rel="self" type="application/rss+xml"/>
    <description>{escape(_describe(outlet))}</description>
    <language>en</language>
    <lastBuildDate>{format_datetime(updated, usegmt=True)}</lastBuildDate>
    <ttl>15</ttl>
{chr(10).join(items)}
  </channel>
</rss>
"""

    def _atom(self, outlet: SampleOutlet, articles: list[SampleArticle], updated: datetime) -> str:
        home = self.base + f"/{outlet.id}/"
        entries = []
        for a in articles:
            when = self.published[(a.outlet, a.slug)].isoformat()
            entries.append(
                f"""  <entry>
    <id>tag:{escape(outlet.id)}.example,2024:{escape(a.slug)}</id>
    <title type="text">{escape(a.title)}</title>
    <link rel="alternate" type="text/html" href={quoteattr(self._feed_link(outlet, a))}/>
    <published>{when}</published>
    <updated>{when}</updated>
    <author><name>{escape(a.author)}</name></author>
    <category term={quoteattr(a.section)}/>
    <summary type="text">{escape(a.summary)}</summary>
  </entry>"""
            )
        return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- {_NOTICE} -->
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>tag:{escape(outlet.id)}.example,2024:feed</id>
  <title>{escape(outlet.name)}</title>
  <subtitle>{escape(_describe(outlet))}</subtitle>
  <link rel="alternate" type="text/html" href={quoteattr(home)}/>
  <link rel="self" type="application/atom+xml" href={quoteattr(self.base + outlet.feed_path)}/>
  <updated>{updated.isoformat()}</updated>
{chr(10).join(entries)}
</feed>
"""

    def _json_feed(self, outlet: SampleOutlet, articles: list[SampleArticle]) -> str:
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": outlet.name,
            "home_page_url": self.base + f"/{outlet.id}/",
            "feed_url": self.base + outlet.feed_path,
            "description": _describe(outlet),
            "language": "en",
            "items": [
                {
                    "id": f"{outlet.id}:{a.slug}",
                    "url": self._feed_link(outlet, a),
                    "title": a.title,
                    "summary": a.summary,
                    "content_html": self._content_html(a),
                    "date_published": self.published[(a.outlet, a.slug)].isoformat(),
                    "authors": [{"name": a.author}],
                    "tags": [a.section],
                }
                for a in articles
            ],
        }
        return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def sample_opml(base_url: str, manifest: SampleManifest | None = None) -> str:
    """An OPML 2.0 subscription list of the sample outlets' feeds served at ``base_url``."""
    manifest = manifest or load_manifest()
    base = base_url.rstrip("/")
    kinds = {"rss": "rss", "atom": "atom", "json": "json", "broken": "rss"}
    outlines = "\n".join(
        f"      <outline type={quoteattr(kinds[o.format])} text={quoteattr(o.name)} title={quoteattr(o.name)} "
        f'xmlUrl={quoteattr(base + o.feed_path)} htmlUrl={quoteattr(f"{base}/{o.id}/")} language="en"/>'
        for o in manifest.outlets
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- {_NOTICE} -->
<opml version="2.0">
  <head>
    <title>newsdigest sample outlets</title>
  </head>
  <body>
    <outline text="Sample outlets (fictional)" title="Sample outlets (fictional)">
{outlines}
    </outline>
  </body>
</opml>
"""


# --------------------------------------------------------------------------- HTTP


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    # Weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored.
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return etag in tags


def _not_modified(headers: Any, resource: _Resource) -> bool:
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:  # takes precedence over If-Modified-Since
        return _etag_matches(if_none_match, resource.etag)
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return resource.last_modified <= since
    return False


class _Handler(BaseHTTPRequestHandler):
    server_version = "newsdigest-sample/1.0"
    site: _Site  # set on the subclass made per server

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        path = urlsplit(self.path).path  # query strings (utm_ tags) do not change the page
        resource = self.site.routes.get(path)
        if resource is None:
            body = b"404 Not Found: no such page on the sample server\n"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)
            return
        common = {
            "ETag": resource.etag,
            "Last-Modified": format_datetime(resource.last_modified, usegmt=True),
            "Cache-Control": "max-age=60",
        }
        if _not_modified(self.headers, resource):
            self.send_response(304)
            for name, value in common.items():
                self.send_header(name, value)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        for name, value in common.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(resource.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the demo's own logs say what was fetched; access lines would drown them


class SampleServer:
    """The running sample server; use as a context manager or call :meth:`close`."""

    def __init__(self, httpd: ThreadingHTTPServer, site: _Site, thread: threading.Thread) -> None:
        self._httpd = httpd
        self._site = site
        self._thread = thread
        self.base_url = site.base
        self.now = site.now
        self.manifest = site.manifest

    @property
    def feed_urls(self) -> list[tuple[str, str]]:
        """(outlet name, feed URL) for every sample outlet, the broken one included."""
        return [(o.name, self.base_url + o.feed_path) for o in self.manifest.outlets]

    @property
    def article_urls(self) -> dict[tuple[str, str], str]:
        """(outlet id, slug) -> the article page's canonical URL."""
        return dict(self._site.article_urls)

    def published(self, article: SampleArticle) -> datetime:
        return self._site.published[(article.outlet, article.slug)]

    def opml(self) -> str:
        return sample_opml(self.base_url, self.manifest)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def serve_sample(
    host: str = "127.0.0.1", port: int = 0, *, now: datetime | None = None, sample_dir: Path = SAMPLE_DIR
) -> SampleServer:
    """Start the sample outlets' server in a background thread; port 0 picks a free port.

    ``now`` fixes the clock the relative dates are computed from (default: the current time).
    """
    clock = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    httpd = ThreadingHTTPServer((host, port), _Handler)
    httpd.daemon_threads = True
    bound_host, bound_port = httpd.server_address[:2]
    # Links must be fetchable: a wildcard bind is reached through loopback.
    shown = "127.0.0.1" if str(bound_host) == "0.0.0.0" else str(bound_host)
    try:
        site = _Site(load_manifest(sample_dir), f"http://{shown}:{bound_port}", clock, sample_dir)
    except Exception:
        httpd.server_close()
        raise
    handler = type("SampleHandler", (_Handler,), {"site": site})
    httpd.RequestHandlerClass = handler
    # A short poll interval makes close() quick; tests start and stop servers often.
    thread = threading.Thread(
        target=httpd.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="newsdigest-sample-server",
        daemon=True,
    )
    thread.start()
    return SampleServer(httpd, site, thread)
