"""Feeds, sitemaps and robots.txt: bytes from ``publish``, served with ETags."""

from __future__ import annotations

import hashlib
from typing import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ... import publish

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


def _feed(render: Callable[..., bytes], media_type: str) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        digests = request.app.state.storage.latest_digests(publish.FEED_ITEMS)
        return cached(request, render(digests, request.app.state.config), media_type)

    return endpoint


def sitemap_xml(request: Request) -> Response:
    digests = request.app.state.storage.latest_digests(publish.SITEMAP_MAX - 1)
    return cached(request, publish.sitemap(digests, request.app.state.config), XML, max_age=3600)


def news_sitemap_xml(request: Request) -> Response:
    digests = request.app.state.storage.latest_digests(publish.NEWS_SITEMAP_MAX)
    return cached(request, publish.news_sitemap(digests, request.app.state.config), XML)


def robots_txt(request: Request) -> Response:
    return cached(request, publish.robots_txt(request.app.state.config).encode(), TEXT, max_age=86400)


routes = [
    Route("/feed.xml", _feed(publish.rss_feed, RSS), name="rss"),
    Route("/atom.xml", _feed(publish.atom_feed, ATOM), name="atom"),
    Route("/feed.json", _feed(publish.json_feed, JSON_FEED), name="json_feed"),
    Route("/sitemap.xml", sitemap_xml, name="sitemap"),
    Route("/news-sitemap.xml", news_sitemap_xml, name="news_sitemap"),
    Route("/robots.txt", robots_txt, name="robots"),
]
