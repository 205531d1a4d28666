"""`newsdigest build`: the static export holds what `serve` sends."""

from __future__ import annotations

import re

import feedparser
from starlette.testclient import TestClient

from newsdigest import publish
from newsdigest.build import build_site
from newsdigest.web.app import create_app

from web_sample import fill


def _blank_hidden(match: re.Match[str]) -> str:
    return re.sub(r'value="[^"]*"', 'value=""', match.group(0))


def _main(page: str) -> str:
    """The page's main content, with hidden form fields (CSRF token, signed form time —
    different on every render) blanked."""
    return re.sub(r'<input[^>]*type="hidden"[^>]*>', _blank_hidden, page.split("<main", 1)[1])


def test_static_export_matches_the_live_site(sqlite_storage, config, tmp_path):
    digests = fill(sqlite_storage)
    out = tmp_path / "site"
    n = build_site(config, sqlite_storage, out)
    live = TestClient(create_app(config, sqlite_storage, cache_seconds=0))
    assert (out / "index.html").read_bytes().count(b"<article") >= 1
    published = [d for d in sqlite_storage.latest_digests(100) if publish.is_publishable(d)]
    assert published and len(published) <= len(digests)
    for d in published:
        path = publish.digest_path(d)
        page = out / path.strip("/") / "index.html"
        assert page.is_file(), path
        body = page.read_text()
        assert _main(live.get(path).text) == _main(body)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == len(published)
    assert (out / "static" / "site.css").is_file() and (out / "robots.txt").is_file()
    assert n == len(list(p for p in out.rglob("*") if p.is_file()))
