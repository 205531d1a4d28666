"""``/topics/``: the people, places and organisations digests name most, and
``/topics/<slug>/``: the digests naming one of them. A topic whose name is quoted as a
speaker in one of its digests is labelled a person."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ... import publish
from ...publish import syndication
from ...storage.search import entity_slug
from ..templating import render
from .feeds import ATOM, RSS, cached
from .home import page_number

PAGE_SIZE = 20
INDEX_SIZE = 200


def topic_path(slug: str) -> str:
    return f"/topics/{quote(slug, safe='')}/"


def topics_index(request: Request) -> Response:
    topics = request.app.state.storage.topics(INDEX_SIZE)
    return render(
        request,
        "topics.html",
        {
            "section": "topics",
            "people": [t for t in topics if t.person],
            "others": [t for t in topics if not t.person],
            "topic_path": topic_path,
            "canonical": publish.site_base(request.app.state.config) + "/topics/",
        },
    )


def topic_page(request: Request) -> Response:
    slug = request.path_params["slug"]
    canonical_slug = entity_slug(slug)
    if canonical_slug and canonical_slug != slug:
        # /topics/Maria%20Olsen/ and friends: one address per topic.
        return RedirectResponse(topic_path(canonical_slug), status_code=301)
    storage = request.app.state.storage
    topic = storage.topic(slug) if slug else None
    if topic is None:
        raise HTTPException(404)
    page = page_number(request.query_params.get("page"))
    pages = max(1, math.ceil(topic.count / PAGE_SIZE))
    if page > pages:
        raise HTTPException(404)
    found = [d for d in storage.topic_digests(slug, PAGE_SIZE, (page - 1) * PAGE_SIZE) if publish.is_publishable(d)]
    path = topic_path(slug)
    return render(
        request,
        "topic.html",
        {
            "section": "topics",
            "topic": topic,
            "digests": found,
            "page": page,
            "pages": pages,
            "path": path,
            "canonical": publish.site_base(request.app.state.config) + path + (f"?page={page}" if page > 1 else ""),
        },
    )


@dataclass(frozen=True)
class _TopicFeedSite:
    """What ``publish`` needs to title a feed: the topic's name before the site's."""

    site_title: str
    site_url: str
    site_description: str


def _topic_feed(render: Callable[..., bytes], media_type: str, name: str) -> Callable[[Request], Response]:
    """A topic's (or person's) own feed of its newest digests."""

    def endpoint(request: Request) -> Response:
        slug = request.path_params["slug"]
        storage, config = request.app.state.storage, request.app.state.config
        topic = storage.topic(slug) if slug and entity_slug(slug) == slug else None
        if topic is None:
            raise HTTPException(404)
        site = _TopicFeedSite(f"{topic.name} — {config.site_title}", config.site_url,
                              f"Digests about {topic.name} on {config.site_title}")
        found = [d for d in storage.topic_digests(slug, syndication.FEED_ITEMS, 0) if publish.is_publishable(d)]
        body = render(found, site)
        # publish points the feed's self link at the site feed; this one has its own address.
        body = body.replace(f"{publish.site_base(config)}/{name}".encode(), f"{publish.site_base(config)}{topic_path(slug)}{name}".encode())
        return cached(request, body, media_type)

    return endpoint


routes = [
    Route("/topics/", topics_index, name="topics"),
    Route("/topics/{slug}/", topic_page, name="topic"),
    Route("/topics/{slug}/feed.xml", _topic_feed(syndication.rss_feed, RSS, "feed.xml"), name="topic_rss"),
    Route("/topics/{slug}/atom.xml", _topic_feed(syndication.atom_feed, ATOM, "atom.xml"), name="topic_atom"),
]
