"""Every response of the sample server, rendered once from ``sample/`` when it starts.

Besides the manifest and article bodies (see ``demo.manifest``) it reads
``templates/<layout>.html``, whole pages with the boilerplate an extractor must strip
(navigation, cookie banner, related links, comments, footer), and ``broken-feed.xml``, the
seventh outlet's malformed feed. Every link is built from the server's real base URL, and
the clock is fixed, which keeps each resource's bytes (and so its ETag) stable.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from .manifest import SampleArticle, SampleManifest, SampleOutlet, article_body, load_manifest, published_at

_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
_FEED_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
    "broken": "application/rss+xml; charset=utf-8",
}
_NOTICE = "Fictional sample data for the newsdigest demo: invented outlet, people, places and events."


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
