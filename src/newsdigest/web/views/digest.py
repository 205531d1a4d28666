"""``/<yyyy>/<mm>/<dd>/<slug>/``: one digest, with its sources and related digests.

The page is the same for every anonymous reader, so it is ``public`` and the page cache
(``pagecache``) serves it with an ETag: its reader forms carry no per-visitor value
(``forms.check_same_origin`` guards their posts), and the archive gate of a browser
without cookies depends only on the digest. A browser with a reader, reads or admin
cookie, and the page shown again after a form post (with what was typed), get a
``private`` page rendered for them, as before.

Browsers revalidate every time (``max-age=0``: a new comment shows on the next visit,
at the cost of a 304); shared caches keep it ``s-maxage`` = :func:`shared_seconds`,
which the comment form's fill-time check counts on (see ``comments``), and per
``Vary: Cookie`` (a proxy in front must not serve it to a signed-in subscriber).
"""

from __future__ import annotations

import math
import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ... import publish
from ...publish.body import body_pieces
from .. import seo
from ..forms import private_to_browser
from ..templating import render

LATEST = 4
SIMILAR = 4
SHARED_SECONDS = 120  # how long a shared cache may keep the page when no form timestamp limits it
_DATE_PART = re.compile(r"^\d{1,4}$")


def shared_seconds(config: Any) -> int:
    """Seconds a shared cache may keep a rendered digest page. Its comment form holds the
    signed time it was rendered; with a minimum fill time that time must stay recent, so
    the page lives no longer than the minimum (and ``comments`` asks for minimum + this)."""
    least = math.ceil(float(config.comment_min_seconds))
    return least if least > 0 else SHARED_SECONDS


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
    response = render(
        request,
        "digest.html",
        {
            "digest": digest,
            "body": body_pieces(digest),
            "updated": updated if updated and updated > publish.as_utc(digest.published) else None,
            "latest": latest[:LATEST],
            "similar": similar,
            "meta": seo.page_meta(digest, config),
            "json_ld": seo.script_json(seo.news_article(digest, config)),
            "canonical": publish.digest_url(digest, config),
        },
    )
    if private_to_browser(request) or getattr(request.state, "csrf_used", False):
        response.headers["Cache-Control"] = "private, no-cache"  # rendered for this browser alone
    else:
        response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={shared_seconds(config)}"
        response.headers["Vary"] = "Cookie"  # a cache in front must not give this page to a subscriber
    return response


routes = [Route("/{year}/{month}/{day}/{slug}/", digest_page, name="digest")]
