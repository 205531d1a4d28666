"""``/topics/``: the people, places and organisations digests name most, and
``/topics/<slug>/``: the digests naming one of them. A topic whose name is quoted as a
speaker in one of its digests is labelled a person."""

from __future__ import annotations

import math
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ... import publish
from ...storage.search import entity_slug
from ..templating import render
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


routes = [
    Route("/topics/", topics_index, name="topics"),
    Route("/topics/{slug}/", topic_page, name="topic"),
]
