"""Feeds, sitemaps and robots.txt: bytes from ``publish.syndication``, served with ETags."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ... import publish
from ...publish import syndication

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
JSON_FEED = "application/feed+json; charset=utf-8"
XML = "application/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


def cached(request: Request, body: bytes, media_type: str, max_age: int = 300) -> Response:
    """Answer 304 when the reader already has these bytes (feed readers poll often)."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}
    wanted = request.headers.get("if-none-match", "")
    if etag in {t.strip() for t in wanted.split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _built(request: Request, make: Callable[[], bytes]) -> bytes:
    """The document for this path, rebuilt at most once per cache period."""
    return request.app.state.cache.get_or_set(("doc", request.url.path), make)  # type: ignore[no-any-return]


def _feed(render: Callable[..., bytes], media_type: str) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        storage, config = request.app.state.storage, request.app.state.config
        body = _built(request, lambda: render(
            publish.open_parts(storage.latest_digests(syndication.FEED_ITEMS), config), config))
        return cached(request, body, media_type)

    return endpoint


def sitemap_xml(request: Request) -> Response:
    storage, config = request.app.state.storage, request.app.state.config
    body = _built(request, lambda: syndication.sitemap(storage.latest_digests(syndication.SITEMAP_MAX - 1), config))
    return cached(request, body, XML, max_age=3600)


def recent_digests(storage: Any, window: timedelta, now: datetime, page: int = 100) -> list[Any]:
    """Newest digests back to ``window`` ago, read a page at a time (not all 1,000)."""
    out: list[Any] = []
    while len(out) < syndication.NEWS_SITEMAP_MAX:
        batch = storage.latest_digests(page, len(out))
        out.extend(batch)
        oldest = batch[-1].published if batch else None
        if len(batch) < page or oldest is None or now - publish.as_utc(oldest) > window:
            break
    return out


def news_sitemap_xml(request: Request) -> Response:
    storage, config = request.app.state.storage, request.app.state.config
    now = datetime.now(UTC)

    def make() -> bytes:
        return syndication.news_sitemap(recent_digests(storage, syndication.NEWS_SITEMAP_WINDOW, now), config, now)

    return cached(request, _built(request, make), XML)


def robots_txt(request: Request) -> Response:
    return cached(request, syndication.robots_txt(request.app.state.config).encode(), TEXT, max_age=86400)


routes = [
    Route("/feed.xml", _feed(syndication.rss_feed, RSS), name="rss"),
    Route("/atom.xml", _feed(syndication.atom_feed, ATOM), name="atom"),
    Route("/feed.json", _feed(syndication.json_feed, JSON_FEED), name="json_feed"),
    Route("/sitemap.xml", sitemap_xml, name="sitemap"),
    Route("/news-sitemap.xml", news_sitemap_xml, name="news_sitemap"),
    Route("/robots.txt", robots_txt, name="robots"),
]
