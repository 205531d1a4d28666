"""A digest's earlier versions: the list on its page, and ``/<yyyy>/<mm>/<dd>/<slug>/v/<n>/``.

A story that grows rewrites its digest; each rewrite (and each editor's change) is a
stored version. Old versions stay readable, read-only and out of search engines
(``noindex``, canonical pointing at the current page), so a reader can see what changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ... import publish
from ...publish.body import body_pieces
from ...records import Digest
from ..templating import render

_DATE_PART = re.compile(r"^\d{1,4}$")
_NUMBER = re.compile(r"^[1-9]\d{0,5}$")


@dataclass(frozen=True, slots=True)
class VersionRow:
    number: int
    created: datetime
    how: str  # "edited by our editors" / "rewritten as the story grew" / "first version"
    path: str


def version_path(digest: Digest, number: int) -> str:
    return f"{publish.digest_path(digest)}v/{number}/"


def _how(number: int, writer: str) -> str:
    # An editor's name is theirs, not the reader's business: say only that a person edited.
    if writer.startswith("editor:"):
        return "edited by our editors"
    return "first version" if number == 1 else "rewritten as the story grew"


def version_rows(request: Request, digest: Digest) -> list[VersionRow]:
    """The digest's earlier versions, newest first (empty for a digest never changed).

    A template global: ``versions_for(request, digest)``."""
    if digest.id is None or digest.version <= 1 or not publish.is_publishable(digest):
        return []
    rows = request.app.state.storage.digest_versions(digest.id)
    return [
        VersionRow(v, created, _how(v, writer or ""), version_path(digest, v))
        for v, created, writer in rows
        if v < digest.version
    ]


def edited_for(request: Request, digest: Digest) -> set[int]:
    """Indices of paragraphs an editor changed in the current version (a template global)."""
    if digest.id is None:
        return set()
    return request.app.state.storage.edited_paragraphs(digest)


def version_page(request: Request) -> Response:
    params = request.path_params
    if not all(_DATE_PART.match(params[k]) for k in ("year", "month", "day")) or not _NUMBER.match(params["n"]):
        raise HTTPException(404)
    number = int(params["n"])
    storage = request.app.state.storage
    current = storage.digest_by_slug(params["slug"])
    if current is None or not publish.is_publishable(current) or number > current.version:
        raise HTTPException(404)
    if number == current.version:
        # "Version m of m" is the page itself; temporary, as the next update makes it old.
        return RedirectResponse(publish.digest_path(current), status_code=302)
    path = version_path(current, number)
    if request.url.path != path:
        return RedirectResponse(path, status_code=301)
    old = storage.digest_version(current.id, number)
    if old is None:  # versions written before version rows were kept
        raise HTTPException(404)
    created = next((c for v, c, _ in storage.digest_versions(current.id) if v == number), None)
    return render(
        request,
        "version.html",
        {
            "digest": old,
            "current": current,
            "number": number,
            "total": current.version,
            "created": created or old.updated or old.published,
            "body": body_pieces(old),
            "current_path": publish.digest_path(current),
            "canonical": publish.digest_url(current, request.app.state.config),
        },
        max_age=300,
    )


routes = [Route("/{year}/{month}/{day}/{slug}/v/{n}/", version_page, name="digest_version")]
