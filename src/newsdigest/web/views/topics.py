"""``/topics/``: the people, places and organisations digests name most, and
``/topics/<slug>/``: the digests naming one of them. A topic whose name is quoted as a
speaker in one of its digests is labelled a person."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
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
    if topic.slug != slug:  # a lone surname now part of the person's full name ("hale" → "martin-hale")
        return RedirectResponse(topic_path(topic.slug), status_code=301)
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
        page = publish.site_base(config) + topic_path(slug)
        body = _own_addresses(render(publish.open_parts(found, config), site), page, page + name, str(config.site_title))
        return cached(request, body, media_type)

    return endpoint


ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"


def _own_addresses(body: bytes, page: str, feed: str, site_title: str) -> bytes:
    """``publish`` writes a site feed: its home link, self link and (Atom) id are the
    site's. A topic's feed points at the topic's page and its own address instead, and
    its author is the site, not "<topic> — <site>" (item links stay as built)."""
    root = ET.fromstring(body)  # noqa: S314 - our own feed, just built
    a = f"{{{ATOM_NS}}}"
    if root.tag == "rss":
        channel = root.find("channel")
        assert channel is not None
        home = channel.find("link")
        if home is not None:
            home.text = page
        for link in channel.findall(f"{a}link"):
            if link.get("rel") == "self":
                link.set("href", feed)
        for creator in channel.iter(f"{{{DC_NS}}}creator"):
            creator.text = site_title
        return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    ident = root.find(f"{a}id")
    if ident is not None:
        ident.text = page
    for link in root.findall(f"{a}link"):
        if link.get("rel") in ("self", "alternate"):
            link.set("href", feed if link.get("rel") == "self" else page)
    author = root.find(f"{a}author/{a}name")
    if author is not None:
        author.text = site_title
    # Written back as publish writes Atom: the default namespace, no prefix.
    for el in root.iter():
        el.tag = el.tag.removeprefix(a)
    root.set("xmlns", ATOM_NS)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


routes = [
    Route("/topics/", topics_index, name="topics"),
    Route("/topics/{slug}/", topic_page, name="topic"),
    Route("/topics/{slug}/feed.xml", _topic_feed(syndication.rss_feed, RSS, "feed.xml"), name="topic_rss"),
    Route("/topics/{slug}/atom.xml", _topic_feed(syndication.atom_feed, ATOM, "atom.xml"), name="topic_atom"),
]
