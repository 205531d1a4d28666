"""``/stories/<id>/feed.xml`` and ``/atom.xml``: follow one story, an entry per update.

Each entry is one version of the story's digest (newest first), so a feed reader shows
a new item whenever the digest is rewritten with new reporting. Entries share the
digest's address and get distinct ids (``…#version-N``). A merged story's feed answers
with a permanent redirect to the feed of the story it went into, so followers keep up.

Also the template global ``grouping_for(request, digest)``: why the digest's articles
are grouped together (``grouping.explain_story``), cached per digest version.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ... import publish
from ...publish import syndication
from ...grouping import GroupingExplanation, explain_story
from ...records import Digest
from ...serialize import paragraph_from, parse_iso, quote_from, relevant_from
from .feeds import ATOM, RSS, cached

ATOM_NS = "{" + syndication.NS_ATOM + "}"


@dataclass(frozen=True)
class _StoryFeedSite:
    """What ``publish`` needs to title a feed: the story's headline before the site's."""

    site_title: str
    site_url: str
    site_description: str


def story_feed_path(story_id: int, kind: str = "rss") -> str:
    return f"/stories/{story_id}/" + ("atom.xml" if kind == "atom" else "feed.xml")


def _version_digest(current: Digest, version: int, data: dict[str, Any]) -> Digest:
    """A stored digest version as a record, at the current digest's address."""
    headline = data.get("headline") or current.headline
    return replace(
        current,
        headline=headline if version == 1 else f"Update {version - 1}: {headline}",
        lede=data.get("lede", ""),
        paragraphs=tuple(paragraph_from(p) for p in data.get("paragraphs", ())),
        quotes=tuple(quote_from(q) for q in data.get("quotes", ())),
        relevant_articles=tuple(relevant_from(r) for r in data.get("relevant_articles", ())),
        entities=tuple(data.get("entities", ())),
        people=tuple(data.get("people", ())),
        updated=parse_iso(data.get("updated")) or current.updated,
        version=version,
    )


def _versions(storage: Any, digest: Digest, config: Any) -> list[tuple[Digest, datetime]]:
    """The digest's versions, newest first; an archived digest's by their lede only, as every feed gives it."""
    found = storage.story_digest_versions(digest.story_id, syndication.FEED_ITEMS)
    shown = publish.open_parts((_version_digest(digest, v, data) for v, _, data in found), config)
    return [(d, created) for d, (_, created, _) in zip(shown, found, strict=True)]


def _set_self(links: list[ET.Element], href: str) -> None:
    for link in links:
        if link.get("rel") == "self":
            link.set("href", href)


def story_rss(storage: Any, digest: Digest, config: Any) -> bytes:
    """RSS 2.0 of the story's updates (``syndication.rss_feed``, then per-version ids)."""
    versions = _versions(storage, digest, config)
    site = _StoryFeedSite(f"{digest.headline} — {config.site_title}", config.site_url,
                          f"Updates to this story on {config.site_title}")
    root = ET.fromstring(syndication.rss_feed([d for d, _ in versions], site))
    channel = root.find("channel")
    assert channel is not None
    url = publish.digest_url(digest, config)
    channel.find("link").text = url  # type: ignore[union-attr]
    _set_self(channel.findall(ATOM_NS + "link"), publish.site_base(config) + story_feed_path(digest.story_id))
    # Every entry has the one digest date, so publish keeps the order given: newest first.
    for item, (d, created) in zip(channel.findall("item"), versions, strict=True):
        guid = item.find("guid")
        assert guid is not None
        guid.text = f"{url}#version-{d.version}"
        guid.set("isPermaLink", "false")
        item.find("pubDate").text = format_datetime(publish.as_utc(created))  # type: ignore[union-attr]
    if versions:
        channel.find("lastBuildDate").text = format_datetime(publish.as_utc(versions[0][1]))  # type: ignore[union-attr]
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def story_atom(storage: Any, digest: Digest, config: Any) -> bytes:
    """Atom 1.0 of the story's updates (``syndication.atom_feed``, then per-version ids)."""
    versions = _versions(storage, digest, config)
    site = _StoryFeedSite(f"{digest.headline} — {config.site_title}", config.site_url,
                          f"Updates to this story on {config.site_title}")
    root = ET.fromstring(syndication.atom_feed([d for d, _ in versions], site))
    base = publish.site_base(config)
    url = publish.digest_url(digest, config)
    feed_url = base + story_feed_path(digest.story_id, "atom")
    root.find(ATOM_NS + "id").text = feed_url  # type: ignore[union-attr]
    links = root.findall(ATOM_NS + "link")
    _set_self(links, feed_url)
    for link in links:
        if link.get("rel") == "alternate":
            link.set("href", url)
    for entry, (d, created) in zip(root.findall(ATOM_NS + "entry"), versions, strict=True):
        entry.find(ATOM_NS + "id").text = f"{url}#version-{d.version}"  # type: ignore[union-attr]
        entry.find(ATOM_NS + "updated").text = publish.rfc3339(created)  # type: ignore[union-attr]
    if versions:
        root.find(ATOM_NS + "updated").text = publish.rfc3339(versions[0][1])  # type: ignore[union-attr]
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _story_feed(kind: str):  # type: ignore[no-untyped-def]
    build, media_type = (story_atom, ATOM) if kind == "atom" else (story_rss, RSS)

    def endpoint(request: Request) -> Response:
        storage, config = request.app.state.storage, request.app.state.config
        story_id = request.path_params["story_id"]
        merged = storage.merged_into(story_id)
        if merged is not None:
            return RedirectResponse(story_feed_path(merged, kind), status_code=301)
        digest = storage.digest_for_story(story_id)
        if digest is None or digest.status != "published" or not publish.is_publishable(digest):
            raise HTTPException(404)
        body = request.app.state.cache.get_or_set(
            ("story_feed", kind, story_id, digest.version), lambda: build(storage, digest, config)
        )
        return cached(request, body, media_type)

    return endpoint


def grouping_for(request: Request, digest: Digest) -> GroupingExplanation | None:
    """Template global: why this digest's articles are together (None without a story)."""
    storage = request.app.state.storage
    return request.app.state.cache.get_or_set(  # type: ignore[no-any-return]
        ("grouping", digest.story_id, digest.version), lambda: explain_story(storage, digest.story_id)
    )


routes = [
    Route("/stories/{story_id:int}/feed.xml", _story_feed("rss"), name="story_rss"),
    Route("/stories/{story_id:int}/atom.xml", _story_feed("atom"), name="story_atom"),
]
