"""``/<yyyy>/<mm>/<dd>/<slug>/``: one digest, with its sources and related digests."""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ... import publish
from .. import seo
from ..templating import render

LATEST = 4
SIMILAR = 4
_DATE_PART = re.compile(r"^\d{1,4}$")


def digest_page(request: Request) -> Response:
    params = request.path_params
    if not all(_DATE_PART.match(params[k]) for k in ("year", "month", "day")):
        raise HTTPException(404)
    storage = request.app.state.storage
    config = request.app.state.config
    digest = storage.digest_by_slug(params["slug"])
    if digest is None:
        merged_into = storage.merged_digest(params["slug"])  # the story was merged: its page moved
        if merged_into is not None and publish.is_publishable(merged_into):
            return RedirectResponse(publish.digest_path(merged_into), status_code=301)
    if digest is None or not publish.is_publishable(digest):
        raise HTTPException(404)
    path = publish.digest_path(digest)
    if request.url.path != path:
        # Right slug, wrong date (or unpadded): one permanent address per digest.
        return RedirectResponse(path, status_code=301)
    latest = [
        d for d in storage.latest_digests(LATEST + 1) if d.id != digest.id and publish.is_publishable(d)
    ]
    similar = request.app.state.cache.get_or_set(
        ("similar", digest.id, digest.version),
        lambda: [d for d in storage.similar_digests(digest, SIMILAR) if publish.is_publishable(d)],
    )
    updated = publish.last_modified(digest)
    return render(
        request,
        "digest.html",
        {
            "digest": digest,
            "body": publish.body_pieces(digest),
            "updated": updated if updated and updated > publish.as_utc(digest.published) else None,
            "latest": latest[:LATEST],
            "similar": similar,
            "meta": seo.page_meta(digest, config),
            "json_ld": seo.script_json(seo.news_article(digest, config)),
            "canonical": publish.digest_url(digest, config),
        },
        max_age=120,
    )


routes = [Route("/{year}/{month}/{day}/{slug}/", digest_page, name="digest")]
