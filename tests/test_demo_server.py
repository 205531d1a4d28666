"""The bundled sample outlets: a real local HTTP server, real feeds, real pages."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import feedparser
import httpx
import pytest
import trafilatura

from newsdigest.demo import SAMPLE_DIR, SampleServer, article_body, load_manifest, sample_opml, serve_sample

STARTER_OPML = Path(__file__).resolve().parents[1] / "src" / "newsdigest" / "data" / "starter-feeds.opml"


@pytest.fixture(scope="module")
def server() -> Iterator[SampleServer]:
    with serve_sample() as running:
        yield running


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as c:
        yield c


def _outlet_format(server: SampleServer, name: str) -> str:
    return next(o.format for o in server.manifest.outlets if o.name == name)


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


# ---------------------------------------------------------------- server basics


def test_server_binds_loopback_with_a_real_port(server: SampleServer) -> None:
    parts = urlsplit(server.base_url)
    assert parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.port and parts.port > 0
    assert len(server.feed_urls) == 7
    assert all(url.startswith(server.base_url + "/") for _, url in server.feed_urls)


def test_unknown_paths_are_404(server: SampleServer, client: httpx.Client) -> None:
    for path in (
        "/nope",
        "/tidewater-herald/news/2020/01/01/not-an-article/",
        "/saltmarsh-bulletin/anything",
    ):
        response = client.get(server.base_url + path)
        assert response.status_code == 404, path


def test_close_stops_serving() -> None:
    running = serve_sample()
    url = running.feed_urls[0][1]
    assert httpx.get(url, timeout=5).status_code == 200
    running.close()
    with pytest.raises(httpx.TransportError):
        httpx.get(url, timeout=2)


# ---------------------------------------------------------------- feeds


def test_good_feeds_parse_cleanly_and_the_broken_one_is_bozo(
    server: SampleServer, client: httpx.Client
) -> None:
    for name, url in server.feed_urls:
        response = client.get(url)
        assert response.status_code == 200, name
        fmt = _outlet_format(server, name)
        if fmt == "json":
            # feedparser 6.0 does not read JSON Feed, so check it against the 1.1 spec directly.
            feed = response.json()
            assert feed["version"] == "https://jsonfeed.org/version/1.1"
            assert response.headers["content-type"].startswith("application/feed+json")
            assert feed["items"] and all(
                {"id", "url", "title", "date_published"} <= set(i) for i in feed["items"]
            )
            assert "Fictional sample data" in feed["description"]
            continue
        parsed = feedparser.parse(response.content)
        if fmt == "broken":
            assert parsed.bozo, name
            assert parsed.entries == []
            continue
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if fmt == "atom" else "rss20")
        assert parsed.feed.title == name
        assert "Fictional sample data" in (parsed.feed.get("subtitle") or parsed.feed.get("description"))
        expected = sum(1 for a in server.manifest.articles if server.manifest.outlet(a.outlet).name == name)
        assert len(parsed.entries) == expected
        for entry in parsed.entries:
            assert entry.title and entry.link.startswith(server.base_url + "/") and entry.get("author")


def test_full_content_and_tracking_links_where_the_outlet_has_them(
    server: SampleServer, client: httpx.Client
) -> None:
    pinecrest = next(o for o in server.manifest.outlets if o.id == "pinecrest-gazette")
    parsed = feedparser.parse(client.get(server.base_url + pinecrest.feed_path).content)
    for entry in parsed.entries:
        assert "utm_source=rss" in entry.link
        assert len(entry.content[0].value) > 1000  # content:encoded carries the whole article
        # The tracking parameters do not change the page, and its canonical link drops them.
        page = client.get(entry.link)
        assert page.status_code == 200
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page.text)
        assert canonical and canonical.group(1) == entry.link.split("?")[0]


def test_feed_dates_are_recent_and_relative_to_the_serve_time(
    server: SampleServer, client: httpx.Client
) -> None:
    now = datetime.now(UTC)
    for name, url in server.feed_urls:
        fmt = _outlet_format(server, name)
        if fmt == "broken":
            continue
        response = client.get(url)
        if fmt == "json":
            stamps = [datetime.fromisoformat(i["date_published"]) for i in response.json()["items"]]
        else:
            stamps = [
                datetime(*e.published_parsed[:6], tzinfo=UTC)
                for e in feedparser.parse(response.content).entries
            ]
        assert stamps, name
        for stamp in stamps:
            assert now - timedelta(hours=72) <= stamp <= now + timedelta(minutes=5), (name, stamp)
        assert stamps == sorted(stamps, reverse=True), name  # newest first, like real feeds


def test_a_fixed_clock_gives_exact_dates() -> None:
    clock = datetime(2030, 5, 17, 12, 0, tzinfo=UTC)
    with serve_sample(now=clock) as fixed:
        article = next(a for a in fixed.manifest.articles if a.offset_hours == 46)
        assert fixed.published(article) == clock - timedelta(hours=46)
        body = " ".join(article_body(article, clock))
        assert "{{" not in body and "on Wednesday" in body  # {{DAY:-47}}: 47 h before Friday noon


# ---------------------------------------------------------------- conditional GET


def test_conditional_get_returns_304(server: SampleServer, client: httpx.Client) -> None:
    for _, url in server.feed_urls:
        first = client.get(url)
        etag, last_modified = first.headers["etag"], first.headers["last-modified"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(url, headers={"If-None-Match": f'W/{etag}, "other"'}).status_code == 304
        assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
        not_modified = client.get(url, headers={"If-None-Match": etag})
        assert not_modified.content == b"" and not_modified.headers["etag"] == etag
        # A stale validator gets the whole feed again.
        assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200
        earlier = parsedate_to_datetime(last_modified) - timedelta(seconds=1)
        assert (
            client.get(url, headers={"If-Modified-Since": format_datetime(earlier, usegmt=True)}).status_code
            == 200
        )
        # If-None-Match wins over If-Modified-Since (RFC 9110).
        both = {"If-None-Match": '"stale"', "If-Modified-Since": last_modified}
        assert client.get(url, headers=both).status_code == 200


def test_etag_is_stable_for_the_life_of_the_server(server: SampleServer, client: httpx.Client) -> None:
    url = server.feed_urls[0][1]
    assert client.get(url).headers["etag"] == client.get(url).headers["etag"]


def test_head_has_headers_but_no_body(server: SampleServer, client: httpx.Client) -> None:
    url = server.feed_urls[0][1]
    response = client.head(url)
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["content-length"]) == len(client.get(url).content)


# ---------------------------------------------------------------- article pages


def test_article_pages_are_full_html_with_canonical_and_meta(
    server: SampleServer, client: httpx.Client
) -> None:
    for article in server.manifest.articles:
        url = server.article_urls[(article.outlet, article.slug)]
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html")
        page = response.text
        assert page.lstrip().lower().startswith("<!doctype html>")
        assert f'<link rel="canonical" href="{url}">' in page
        assert f'<meta property="og:url" content="{url}">' in page
        published = re.search(r'<meta property="article:published_time" content="([^"]+)">', page)
        assert published and datetime.fromisoformat(published.group(1)) == server.published(article)
        assert "{{" not in page and "}}" not in page
        for boilerplate in ("cookie", "<nav", "<footer", "Fictional sample data"):
            assert boilerplate.lower() in page.lower(), (url, boilerplate)


def test_trafilatura_keeps_the_story_and_drops_the_boilerplate(
    server: SampleServer, client: httpx.Client
) -> None:
    for article in server.manifest.articles:
        page = client.get(server.article_urls[(article.outlet, article.slug)]).text
        text = trafilatura.extract(page, include_comments=False) or ""
        paragraphs = [b for b in article_body(article, server.now) if not b.startswith("## ")]
        missing = [p[:60] for p in paragraphs if p not in text]
        assert not missing, (article.slug, missing)
        for junk in ("We use cookies", "Advertisement", "Leave a Reply", "Sign in to comment", "Read more:"):
            assert junk not in text, (article.slug, junk)


def test_robots_txt_allows_all_but_the_members_area(server: SampleServer, client: httpx.Client) -> None:
    response = client.get(server.base_url + "/robots.txt")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    robots = RobotFileParser()
    robots.parse(response.text.splitlines())
    for article in server.manifest.articles:
        url = server.article_urls[(article.outlet, article.slug)]
        assert robots.can_fetch("newsdigest", url) is (not article.robots_disallowed), url
    assert any(a.robots_disallowed for a in server.manifest.articles)
    assert all(robots.can_fetch("newsdigest", url) for _, url in server.feed_urls)


# ---------------------------------------------------------------- the sample itself


def test_every_story_is_covered_by_at_least_three_outlets() -> None:
    manifest = load_manifest()
    assert len(manifest.stories) >= 5
    for story, outlets in manifest.coverage().items():
        assert 3 <= len(outlets) <= 5, (story, outlets)
    # Even without the JSON Feed outlet (a reader that cannot parse it), every story keeps three.
    for story, outlets in manifest.coverage().items():
        assert len(outlets - {"meridian-world-report"}) >= 3, story
    singletons = [a for a in manifest.articles if a.story is None]
    assert 2 <= len(singletons) <= 3


def test_articles_are_news_length_and_span_about_two_days() -> None:
    manifest = load_manifest()
    now = datetime(2030, 1, 1, tzinfo=UTC)
    for article in manifest.articles:
        words = len(" ".join(article_body(article, now)).split())
        assert 250 <= words <= 500, (article.slug, words)
    offsets = [a.offset_hours for a in manifest.articles]
    assert 0 < min(offsets) and 40 <= max(offsets) <= 50


def test_wire_copies_are_near_verbatim_but_edited() -> None:
    manifest = load_manifest()
    now = datetime(2030, 1, 1, tzinfo=UTC)
    by_key = {f"{a.outlet}/{a.slug}": a for a in manifest.articles}
    copies = [a for a in manifest.articles if a.wire_copy_of]
    assert len(copies) == 2
    for copy in copies:
        original = by_key[copy.wire_copy_of]
        assert original.outlet == "brightwater-press" and copy.story == original.story
        assert copy.title != original.title
        original_blocks = article_body(original, now)
        copy_blocks = article_body(copy, now)
        a, b = _shingles(" ".join(original_blocks)), _shingles(" ".join(copy_blocks))
        assert len(a & b) / len(a | b) > 0.75, copy.slug
        assert len(copy_blocks) == len(original_blocks)  # one paragraph cut, one credit line added
        assert "Brightwater Press Agency" in copy_blocks[-1]


def test_the_text_has_the_quote_shapes_the_analyser_must_handle() -> None:
    manifest = load_manifest()
    now = datetime(2030, 1, 1, tzinfo=UTC)
    texts = {a.slug: article_body(a, now) for a in manifest.articles}
    joined = "\n".join("\n".join(blocks) for blocks in texts.values())
    assert '"' in joined and "“" in joined and "”" in joined
    assert re.search(r"“[^”]+,” he told the crowd, “[^”]+”", joined)  # a split quote
    # A quote running over two paragraphs: the first opens and never closes.
    assert any(
        b.startswith("“") and "”" not in b and nxt.startswith("“")
        for blocks in texts.values()
        for b, nxt in pairwise(blocks)
    )
    assert "She added" in joined
    clickbait = [a.title for a in manifest.articles if "You Won't Believe" in a.title]
    assert clickbait


# ---------------------------------------------------------------- OPML


def test_sample_opml_lists_every_sample_feed(server: SampleServer) -> None:
    tree = ET.fromstring(sample_opml(server.base_url))
    outlines = [o for o in tree.iter("outline") if o.get("xmlUrl")]
    assert [(o.get("text"), o.get("xmlUrl")) for o in outlines] == server.feed_urls
    assert ET.fromstring(server.opml()) is not None
    served = httpx.get(server.base_url + "/sample.opml", timeout=5)
    assert served.status_code == 200 and ET.fromstring(served.content) is not None


def test_starter_opml_lists_real_world_news_feeds() -> None:
    tree = ET.parse(STARTER_OPML)
    outlines = [o for o in tree.iter("outline") if o.get("xmlUrl")]
    assert len(outlines) >= 20
    urls = [o.get("xmlUrl", "") for o in outlines]
    assert len(set(urls)) == len(urls)
    for outline, url in zip(outlines, urls):
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.hostname and "." in parts.hostname, url
        assert outline.get("text") and outline.get("language") == "en"
        assert not parts.hostname.startswith("127.") and parts.hostname != "localhost"


def test_manifest_paths_exist() -> None:
    raw = json.loads((SAMPLE_DIR / "manifest.json").read_text(encoding="utf-8"))
    for article in raw["articles"]:
        assert (SAMPLE_DIR / article["file"]).is_file(), article["file"]
    for layout in {o["layout"] for o in raw["outlets"]}:
        assert (SAMPLE_DIR / "templates" / f"{layout}.html").is_file()
    assert (SAMPLE_DIR / "README.md").is_file()
