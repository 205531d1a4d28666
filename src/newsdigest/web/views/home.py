"""``/``: trending digests, then the latest, paged with ``?page=``."""

from __future__ import annotations

import math

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ... import publish
from ..templating import render

PAGE_SIZE = 20
TRENDING = 5


def page_number(raw: str | None) -> int:
    if raw is None:
        return 1
    if not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        raise HTTPException(400, "The page number must be a whole number from 1 up.")
    return int(raw)


def home(request: Request) -> Response:
    storage = request.app.state.storage
    page = page_number(request.query_params.get("page"))
    total = storage.count_digests()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:
        raise HTTPException(404)
    latest = [
        d for d in storage.latest_digests(PAGE_SIZE, (page - 1) * PAGE_SIZE) if publish.is_publishable(d)
    ]
    trending = []
    if page == 1:
        # Editors' pins first, then the trend score's order, each digest once.
        pinned = storage.pinned_digests(TRENDING) if hasattr(storage, "pinned_digests") else []
        seen: set[int] = set()
        for d in [*pinned, *storage.trending_digests(TRENDING)]:
            if d.story_id not in seen and publish.is_publishable(d):
                seen.add(d.story_id)
                trending.append(d)
        trending = trending[:TRENDING]
    return render(
        request,
        "home.html",
        {
            "trending": trending,
            "latest": latest,
            "page": page,
            "pages": pages,
            "total": total,
            "canonical": publish.site_base(request.app.state.config)
            + ("/" if page == 1 else f"/?page={page}"),
        },
    )


routes = [Route("/", home, name="home")]
