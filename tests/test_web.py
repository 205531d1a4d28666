"""The real ASGI app on a real SQLite file: pages, feeds, errors, escaping, headers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import feedparser
import pytest
from starlette.testclient import TestClient

import web_sample
from newsdigest import publish
from newsdigest.settings import load_config
from newsdigest.web import create_app

FIRE = "/2024/05/22/halbrook-substation-fire-power-outage/"


class Tags(HTMLParser):
    """Every start tag with its attributes, to check what the markup really contains."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


@pytest.fixture
def site_config():
    return load_config(env={}).replace(site_url="https://news.example", site_title="The Daily Digest")


@pytest.fixture
def client(sqlite_storage, site_config) -> Iterator[TestClient]:
    web_sample.fill(sqlite_storage)
    with TestClient(create_app(site_config, sqlite_storage)) as c:
        yield c


# ------------------------------------------------------------------ home page


def test_home_shows_trending_then_latest(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    html = r.text
    trending = html[html.index('id="trending-h"') : html.index('id="latest-h"')]
    latest = html[html.index('id="latest-h"') :]
    # Trending is by story trend score (story 1 has the highest), latest by date.
    assert trending.index("Halbrook substation fire") < trending.index("Harbour bridge reopens")
    assert latest.index("Grid operator plans three") < latest.index("Halbrook substation fire")
    assert f'href="{FIRE}"' in html
    assert '<link rel="canonical" href="https://news.example/">' in html
    assert "Reported by Northwire, Clarion and Gazette" in html  # the reprint adds no outlet


def test_home_pagination(sqlite_storage, site_config) -> None:
    web_sample.fill(sqlite_storage, web_sample.all_digests() + web_sample.many(30))
    with TestClient(create_app(site_config, sqlite_storage)) as c:
        first = c.get("/").text
        assert 'href="/?page=2"' in first and "Page 1 of 2" in first
        second = c.get("/?page=2")
        assert second.status_code == 200
        assert "Trending now" not in second.text  # trending only on the front page
        assert second.text.count('class="card"') == 35 - 20
        assert 'rel="prev" href="/"' in second.text
        assert "Filler story number 29" in second.text and "Filler story number 29" not in first
        assert c.get("/?page=3").status_code == 404
        for bad in ("0", "-1", "abc", "1e3", "9999999"):
            r = c.get("/", params={"page": bad})
            assert r.status_code == 400, bad
            assert "The page number must be" in r.text


def test_home_with_no_digests(sqlite_storage, site_config) -> None:
    with TestClient(create_app(site_config, sqlite_storage)) as c:
        r = c.get("/")
    assert r.status_code == 200
    assert "No digests yet" in r.text


# ------------------------------------------------------------------ digest page


def test_digest_page_shows_the_whole_story(client: TestClient) -> None:
    r = client.get(FIRE)
    assert r.status_code == 200
    html = r.text
    tags = Tags(html)
    assert '<h1 id="headline">Halbrook substation fire leaves 180,000 homes without power</h1>' in html
    assert 'Published on <time datetime="2024-05-22T12:00:00Z">22 May 2024, 12:00 UTC</time>' in html
    assert 'Updated <time datetime="2024-05-22T14:00:00Z">22 May 2024, 14:00 UTC</time>' in html
    assert "This digest draws on 3 independent reports from 3 outlets; 1 reprint by 1 other outlet." in html
    # Body with footnotes that lead to the relevant-articles list.
    notes = [a for a in tags.all("a") if (a.get("href") or "").startswith("#source-")]
    assert [a["href"] for a in notes][:3] == ["#source-1", "#source-2", "#source-3"]
    assert notes[0]["title"] == "Northwire: Substation fire cuts power to 180,000 Halbrook homes"
    assert {f"source-{i}" for i in range(1, 5)} <= {a.get("id") for t, a in tags.tags}
    # Quotes are set off and link to the exact words at the source.
    quotes = [a for a in tags.all("a") if a.get("class") == "quote"]
    assert len(quotes) == 3
    assert quotes[0]["href"].startswith("https://northwire.example/news/nw-1#:~:text=We%20are%20working")
    assert len(tags.all("q")) == 3
    # Relevant articles, with the wire reprint marked.
    sources = html[html.index('id="sources-h"') : html.index("</ol>")]
    assert sources.count("<li") == 4
    assert "Valley Post" in sources and ">reprint</span>" in sources
    assert 'href="https://gazette.example/news/gz-1" rel="nofollow noopener"' in sources
    # Follow line, latest and more like this.
    assert 'href="/feed.xml"' in html and 'href="/atom.xml"' in html and 'href="/feed.json"' in html
    assert ">Latest articles</h2>" in html and ">More like this</h2>" in html
    similar = html[html.index('id="similar-h"') :]
    assert "Grid operator plans three new substations" in similar
    assert "Harbour bridge" not in similar  # a story with nothing in common is not "like this"
    assert "Halgrid plans to build three new substations so a single fire can no longer cut power…" in similar


def test_digest_page_metadata(client: TestClient) -> None:
    html = client.get(FIRE).text
    tags = Tags(html)
    url = "https://news.example" + FIRE
    assert {"rel": "canonical", "href": url} in tags.all("link")
    meta = {(m.get("property") or m.get("name")): m.get("content") for m in tags.all("meta")}
    assert meta["og:type"] == "article"
    assert meta["og:url"] == url
    assert meta["og:title"] == "Halbrook substation fire leaves 180,000 homes without power"
    assert meta["twitter:card"] == "summary"
    assert meta["article:published_time"] == "2024-05-22T12:00:00Z"
    (ld,) = tags.scripts
    data = json.loads(ld)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Halbrook substation fire leaves 180,000 homes without power"
    assert data["datePublished"] == "2024-05-22T12:00:00Z" and data["dateModified"] == "2024-05-22T14:00:00Z"
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["publisher"]["name"] == "The Daily Digest"
    assert "https://clarion.example/news/cl-1" in data["isBasedOn"]


def test_digest_addresses(client: TestClient) -> None:
    wrong_date = client.get("/2023/01/01/halbrook-substation-fire-power-outage/", follow_redirects=False)
    assert wrong_date.status_code == 301
    assert wrong_date.headers["location"] == FIRE
    unpadded = client.get("/2024/5/22/halbrook-substation-fire-power-outage/", follow_redirects=False)
    assert unpadded.status_code == 301 and unpadded.headers["location"] == FIRE
    no_slash = client.get(FIRE.rstrip("/"), follow_redirects=True)
    assert no_slash.status_code == 200 and str(no_slash.url).endswith(FIRE)
    for missing in (
        "/2024/05/22/no-such-story/",
        "/abcd/05/22/halbrook-substation-fire-power-outage/",
        "/nope",
    ):
        r = client.get(missing, follow_redirects=False)
        assert r.status_code == 404, missing
        assert "Page not found" in r.text and r.headers["content-type"].startswith("text/html")
        assert '<meta name="robots" content="noindex">' in r.text


def test_unpublished_digest_is_not_served(sqlite_storage, site_config) -> None:
    draft = web_sample.simple(7, "draft-story", "A draft", "Not yet.", web_sample.NOW)
    web_sample.fill(sqlite_storage, [replace(draft, status="draft")])
    with TestClient(create_app(site_config, sqlite_storage)) as c:
        assert c.get("/2024/05/22/draft-story/").status_code == 404
        assert "draft-story" not in c.get("/feed.xml").text


# ------------------------------------------------------------------ hostile text


def test_hostile_text_is_escaped_everywhere(client: TestClient) -> None:
    path = "/2024/05/20/hostile-story/"
    for page in ("/", path):
        html = client.get(page).text
        tags = Tags(html)
        # No script element but the JSON-LD data block, and no event handler attribute.
        assert all(s.get("type") == "application/ld+json" for s in tags.all("script"))
        assert not any(k.startswith("on") for _, attrs in tags.tags for k in attrs)
        assert not any(t == "img" for t, _ in tags.tags)
        # No link anywhere to a javascript: (or any non-http) address.
        for _, attrs in tags.tags:
            for key in ("href", "src", "cite", "action"):
                value = (attrs.get(key) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (key, value)
        assert (
            "Hostile &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quoted&#34; headline" in html
        )
        assert ' style="' not in html  # the CSP would block inline styles
        assert "\x0b" not in html and "comment. Then left." in html  # control characters dropped
    html = client.get(path).text
    # The JSON-LD block cannot be closed early, and still holds the exact headline.
    (ld,) = Tags(html).scripts
    assert "</" not in ld and "<" not in ld
    assert json.loads(ld)["headline"] == web_sample.HOSTILE_HEADLINE
    # The unsafe source is listed, but not linked.
    assert '<span class="source-title">&lt;img src=x onerror=alert(1)&gt;</span>' in html


# ------------------------------------------------------------------ feeds and friends


@pytest.mark.parametrize(
    ("path", "ctype", "version"),
    [
        ("/feed.xml", "application/rss+xml; charset=utf-8", "rss20"),
        ("/atom.xml", "application/atom+xml; charset=utf-8", "atom10"),
    ],
)
def test_xml_feeds(client: TestClient, path: str, ctype: str, version: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"] == ctype
    feed = feedparser.parse(r.content)
    assert not feed.bozo and feed.version == version
    assert len(feed.entries) == 5
    assert "https://news.example" + FIRE in [e.link for e in feed.entries]
    again = client.get(path, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_json_feed(client: TestClient) -> None:
    r = client.get("/feed.json")
    assert r.headers["content-type"] == "application/feed+json; charset=utf-8"
    doc = r.json()
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert len(doc["items"]) == 5


def test_sitemaps_and_robots(client: TestClient) -> None:
    sm = client.get("/sitemap.xml")
    assert sm.headers["content-type"] == "application/xml; charset=utf-8"
    assert sm.text.count("<url>") == 6  # home + five digests
    news = client.get("/news-sitemap.xml")
    assert news.status_code == 200
    assert "<url>" not in news.text  # the sample digests are from 2024: none in the last 48 h
    robots = client.get("/robots.txt")
    assert robots.headers["content-type"] == "text/plain; charset=utf-8"
    assert "Sitemap: https://news.example/sitemap.xml" in robots.text


def test_news_sitemap_lists_fresh_digests(sqlite_storage, site_config) -> None:
    fresh = web_sample.simple(
        8, "fresh-story", "Fresh story", "Just in.", datetime.now(UTC) - timedelta(hours=2)
    )
    web_sample.fill(sqlite_storage, [fresh])
    with TestClient(create_app(site_config, sqlite_storage)) as c:
        text = c.get("/news-sitemap.xml").text
    assert text.count("<url>") == 1
    assert "<news:title>Fresh story</news:title>" in text
    assert publish.digest_path(fresh) in text


def test_healthz(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok", "digests": 5}
    assert r.headers["cache-control"] == "no-store"


def test_static_files(client: TestClient) -> None:
    html = client.get("/").text
    (css,) = re.findall(r'href="(/static/site\.css\?v=[0-9a-f]{10})"', html)
    r = client.get(css)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "prefers-color-scheme: dark" in r.text
    assert r.headers["cache-control"] == "public, max-age=604800"
    assert client.get("/static/nope.css").status_code == 404


# ------------------------------------------------------------------ headers and size


@pytest.mark.parametrize(
    "path", ["/", FIRE, "/nope", "/feed.xml", "/feed.json", "/robots.txt", "/healthz", "/static/site.css"]
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    r = client.get(path)
    h = r.headers
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "strict-origin-when-cross-origin"
    csp = h["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    if h["content-type"].startswith("text/html"):
        assert csp.startswith("default-src 'self'")
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    else:
        assert csp.startswith("default-src 'none'")


def test_head_requests_and_page_weight(client: TestClient) -> None:
    assert client.head(FIRE).status_code == 200
    for path in ("/", FIRE):
        assert len(client.get(path).content) < 100_000


def test_storage_failure_shows_a_plain_error_page(sqlite_storage, site_config) -> None:
    class Broken:
        """Raises like a database that went away (the only fake here: a failure)."""

        def __getattr__(self, name: str):
            def fail(*args, **kwargs):
                raise RuntimeError("database is gone")

            return fail

    with TestClient(create_app(site_config, Broken()), raise_server_exceptions=False) as c:
        r = c.get("/")
        assert r.status_code == 500
        assert "database is gone" not in r.text
        assert r.headers["x-content-type-options"] == "nosniff"
        h = c.get("/healthz")
        assert h.status_code == 503 and h.json()["status"] == "error"


# ------------------------------------------------------------------ caching


def test_ttl_cache_expires_and_stays_small() -> None:
    from newsdigest.web.cache import TTLCache

    now = [0.0]
    cache: TTLCache[int] = TTLCache(maxsize=2, ttl=10, clock=lambda: now[0])
    calls: list[str] = []

    def make(key: str, value: int):
        return lambda: calls.append(key) or value

    assert cache.get_or_set("a", make("a", 1)) == 1
    assert cache.get_or_set("a", make("a", 2)) == 1  # fresh: not rebuilt
    now[0] = 11
    assert cache.get_or_set("a", make("a", 3)) == 3  # expired: rebuilt
    cache.get_or_set("b", make("b", 4))
    cache.get_or_set("c", make("c", 5))  # evicts the least recently used ("a")
    assert cache.get_or_set("a", make("a", 6)) == 6
    assert calls == ["a", "a", "b", "c", "a"]


def test_feeds_are_cached_per_app(sqlite_storage, site_config) -> None:
    web_sample.fill(sqlite_storage)
    app = create_app(site_config, sqlite_storage, cache_seconds=600)
    with TestClient(app) as c:
        before = c.get("/feed.xml").content
        web_sample.fill(sqlite_storage, web_sample.many(1))
        assert c.get("/feed.xml").content == before  # within the cache period
        app.state.cache.clear()
        assert b"Filler story number 0" in c.get("/feed.xml").content


def test_news_sitemap_reads_only_as_far_back_as_it_needs(sqlite_storage) -> None:
    from newsdigest.web.views.feeds import recent_digests

    web_sample.fill(sqlite_storage, web_sample.all_digests() + web_sample.many(30))
    calls: list[tuple[int, int]] = []

    class Counting:
        def latest_digests(self, limit: int = 20, offset: int = 0):
            calls.append((limit, offset))
            return sqlite_storage.latest_digests(limit, offset)

    got = recent_digests(Counting(), timedelta(hours=48), web_sample.NOW, page=3)
    assert [d.slug for d in got][:4] == [
        "grid-operator-plans-new-substations",
        "halbrook-substation-fire-power-outage",
        "harbour-bridge-reopens",
        "hostile-story",
    ]
    assert calls == [(3, 0), (3, 3)]  # stopped once a page reached past 48 hours
