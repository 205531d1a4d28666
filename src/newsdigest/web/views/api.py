"""``/api/…``: the JSON API (described by ``/api/openapi.json``, see ``web/openapi.py``).

Reading needs nothing, but an archived digest (behind the subscription gate, see
``web.gate``) comes as its lede only, with ``"archived": true``, unless an editor's token
reads it; the write actions need an editor's API token as
``Authorization: Bearer nd_…`` (tokens are made on ``/admin/tokens`` or with
``auth.new_api_token``). No cookie is ever read here, so a browser session cannot be
ridden across sites (no CSRF surface). Every error is ``{"error": {"status", "message"}}``
with its HTTP status; bad input is a 4xx, never a 5xx.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ... import auth, publish
from ...records import Digest, Source
from ...serialize import digest_dict, iso, story_dict
from ...storage.users import User
from ..forms import RateLimiter, client_ip
from ..openapi import openapi_document

MAX_PER_PAGE = 100
MAX_ID = 2**31 - 1
MAX_QUERY = 200
BAD_TOKENS_PER_IP = (30, 300.0)  # refused tokens per window (seconds) before 429


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"status": status, "message": message}},
        status_code=status,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """What the app's error handler answers for ``/api/`` paths (unknown route, wrong method)."""
    message = {404: "No such API endpoint or resource.", 405: "Method not allowed here."}.get(
        exc.status_code, str(exc.detail)
    )
    return error_response(exc.status_code, message, dict(exc.headers or {}))


Endpoint = Callable[[Request, User | None], Response]


def api_endpoint(*, write: bool = False) -> Callable[[Endpoint], Callable[[Request], Any]]:
    def wrap(fn: Endpoint) -> Callable[[Request], Any]:
        @functools.wraps(fn)
        async def endpoint(request: Request) -> Response:
            try:
                user = await run_in_threadpool(_bearer_user, request, write)
                response = await run_in_threadpool(fn, request, user)
            except ApiError as exc:
                return error_response(exc.status, exc.message, exc.headers)
            # What a token holder sees (unpublished digests) must not be kept by a shared cache.
            if user is not None:
                response.headers["Cache-Control"] = "no-store"
            response.headers["Vary"] = "Authorization"
            return response

        return endpoint

    return wrap


def _bearer_user(request: Request, required: bool) -> User | None:
    header = request.headers.get("authorization")
    challenge = {"WWW-Authenticate": 'Bearer realm="newsdigest"'}
    if header is None:
        if required:
            raise ApiError(
                401, "This action needs an editor's API token: Authorization: Bearer TOKEN.", challenge
            )
        return None
    scheme, _, raw = header.partition(" ")
    user = auth.token_user(request.app.state.storage, raw.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        limiter = getattr(request.app.state, "api_token_limiter", None)
        if limiter is None:
            limiter = request.app.state.api_token_limiter = RateLimiter(*BAD_TOKENS_PER_IP)
        if not limiter.hit(client_ip(request)):
            raise ApiError(
                429, "Too many requests with a bad token; wait a few minutes.", {"Retry-After": "300"}
            )
        raise ApiError(
            401, "The API token is not valid (unknown, revoked, or its user is disabled).", challenge
        )
    return user


def ok(data: Any, *, status: int = 200, max_age: int = 60) -> JSONResponse:
    cache = f"public, max-age={max_age}" if max_age else "no-store"
    return JSONResponse(data, status_code=status, headers={"Cache-Control": cache})


# ---------------------------------------------------------------------- input


def int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or not low <= int(raw) <= high:
        raise ApiError(400, f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


def path_id(request: Request, name: str = "story_id") -> int:
    raw = str(request.path_params[name])
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10 or not 1 <= int(raw) <= MAX_ID:
        raise ApiError(404, f"There is no {name.replace('_id', '')} {raw[:40]!r}.")
    return int(raw)


def paging(request: Request) -> tuple[int, int]:
    page = int_param(request, "page", 1, 1, 100_000)
    per_page = int_param(request, "per_page", 20, 1, MAX_PER_PAGE)
    return page, per_page


def next_url(request: Request, page: int, more: bool) -> str | None:
    if not more:
        return None
    params = dict(request.query_params)
    params["page"] = str(page + 1)
    return f"{request.url.path}?{urlencode(params)}"


# ---------------------------------------------------------------------- shapes


def digest_json(request: Request, d: Digest, pinned: bool, user: User | None) -> dict[str, Any]:
    """A digest's keys; an archived one by its lede only, as the site shows it to anyone,
    unless an editor's token reads it."""
    config = request.app.state.config
    archived = publish.archived(d, config)
    return {
        "id": d.id,
        **digest_dict(publish.lede_only(d) if archived and user is None else d),
        "url": publish.digest_url(d, config) if publish.is_publishable(d) else None,
        "pinned": pinned,
        "archived": archived,
    }


def source_json(s: Source) -> dict[str, Any]:
    return {
        "name": s.name,
        "url": s.url,
        "homepage": s.homepage,
        "language": s.language,
        "weight": s.weight,
        "labels": list(s.labels),
        "last_fetched": iso(s.last_fetched),
        "last_status": s.last_status,
        "error_count": s.error_count,
        "last_error": s.last_error,
        "last_new_articles": s.last_new_articles,
    }


def _visible(d: Digest | None, user: User | None) -> bool:
    """Unpublished digests are shown to token holders only."""
    return d is not None and (d.status == "published" or user is not None)


def _story_json(request: Request, story: Any, user: User | None) -> dict[str, Any]:
    d = request.app.state.storage.digest_for_story(story.id)
    summary = None
    if _visible(d, user):
        assert d is not None
        url = publish.digest_url(d, request.app.state.config) if publish.is_publishable(d) else None
        summary = {
            "headline": d.headline,
            "slug": d.slug,
            "status": d.status,
            "version": d.version,
            "url": url,
        }
    # Additive to the shared story keys: reprints (wire copies) apart from independent reports.
    reprints = {"reprint_count": story.article_count - story.independent_count}
    return {**story_dict(story), **reprints, "digest": summary}


# ---------------------------------------------------------------------- read


@api_endpoint()
def stories(request: Request, user: User | None) -> Response:
    storage = request.app.state.storage
    page, per_page = paging(request)
    total = storage.count_stories()
    ids = storage.page_stories(per_page, (page - 1) * per_page)
    items = [_story_json(request, s, user) for s in (storage.story(i) for i in ids) if s is not None]
    more = page * per_page < total
    return ok(
        {
            "items": items,
            "page": page,
            "per_page": per_page,
            "total": total,
            "next": next_url(request, page, more),
        }
    )


@api_endpoint()
def story(request: Request, user: User | None) -> Response:
    found = request.app.state.storage.story(path_id(request))
    if found is None or found.status == "merged":
        raise ApiError(404, f"There is no story {path_id(request)}.")
    return ok(_story_json(request, found, user))


@api_endpoint()
def digests(request: Request, user: User | None) -> Response:
    storage = request.app.state.storage
    page, per_page = paging(request)
    total = storage.count_digests()
    found = storage.latest_digests(per_page, (page - 1) * per_page)
    pinned = storage.pinned_ids(d.id for d in found)
    more = page * per_page < total
    return ok(
        {
            "items": [digest_json(request, d, d.id in pinned, user) for d in found],
            "page": page,
            "per_page": per_page,
            "total": total,
            "next": next_url(request, page, more),
        }
    )


def _digest_detail(request: Request, d: Digest, user: User | None) -> dict[str, Any]:
    storage = request.app.state.storage
    shown = digest_json(request, d, d.id in storage.pinned_ids([d.id]), user)
    return {
        **shown,
        "edited_paragraphs": sorted(i for i in storage.edited_paragraphs(d) if i < len(shown["paragraphs"])),
    }


@api_endpoint()
def digest(request: Request, user: User | None) -> Response:
    story_id = path_id(request)
    d = request.app.state.storage.digest_for_story(story_id)
    if not _visible(d, user):
        raise ApiError(404, f"Story {story_id} has no published digest.")
    assert d is not None
    return ok(_digest_detail(request, d, user), max_age=0 if user else 60)


@api_endpoint()
def sources(request: Request, user: User | None) -> Response:
    return ok({"items": [source_json(s) for s in request.app.state.storage.list_sources()]})


def clean_query(raw: str) -> str:
    """Control characters and lone surrogates out (NUL breaks PostgreSQL), whitespace made single spaces."""
    return " ".join("".join(ch for ch in raw if unicodedata.category(ch) not in ("Cc", "Cs")).split())


@api_endpoint()
def search(request: Request, user: User | None) -> Response:
    raw = request.query_params.get("q", "")
    if not raw:
        raise ApiError(400, "Give something to search for: ?q=words.")
    if len(raw) > MAX_QUERY:
        raise ApiError(400, f"The search is longer than {MAX_QUERY} characters.")
    q = clean_query(raw)
    page, per_page = paging(request)
    storage = request.app.state.storage
    # Nothing searchable left (only spaces or control characters): nothing matches.
    found = storage.search_digests(q, per_page + 1, (page - 1) * per_page) if q else []
    more = len(found) > per_page
    found = found[:per_page]
    pinned = storage.pinned_ids(d.id for d in found)
    return ok(
        {
            "query": q,
            "items": [digest_json(request, d, d.id in pinned, user) for d in found],
            "page": page,
            "per_page": per_page,
            "next": next_url(request, page, more),
        }
    )


@api_endpoint()
def openapi_json(request: Request, user: User | None) -> Response:
    return ok(openapi_document(request.app.state.config), max_age=300)


# ---------------------------------------------------------------------- write


@api_endpoint(write=True)
def rewrite(request: Request, user: User | None) -> Response:
    assert user is not None
    storage = request.app.state.storage
    story_id = path_id(request)
    if not storage.mark_story_changed(story_id):
        raise ApiError(404, f"There is no story {story_id}.")
    d = storage.digest_for_story(story_id)
    storage.record_edit(
        story_id=story_id,
        digest_id=d.id if d else None,
        user=user,
        action="rewrite",
        version=d.version if d else None,
        via="api",
    )
    return ok({"story_id": story_id, "rewrite": "scheduled"}, status=202, max_age=0)


def _set_status(status: str) -> Endpoint:
    def endpoint(request: Request, user: User | None) -> Response:
        assert user is not None
        storage = request.app.state.storage
        story_id = path_id(request)
        d = storage.digest_for_story(story_id)
        if d is None:
            raise ApiError(404, f"Story {story_id} has no digest.")
        action = "publish" if status == "published" else "unpublish"
        stored, _ = storage.save_edited_digest(replace(d, status=status), user=user, action=action, via="api")
        return ok(_digest_detail(request, stored, user), max_age=0)

    endpoint.__name__ = f"digest_{status}"
    return endpoint


routes = [
    Route("/api/openapi.json", openapi_json, methods=["GET"], name="api_openapi"),
    Route("/api/stories", stories, methods=["GET"], name="api_stories"),
    Route("/api/stories/{story_id}", story, methods=["GET"], name="api_story"),
    Route("/api/stories/{story_id}/rewrite", rewrite, methods=["POST"], name="api_rewrite"),
    Route("/api/digests", digests, methods=["GET"], name="api_digests"),
    Route("/api/digests/{story_id}", digest, methods=["GET"], name="api_digest"),
    Route(
        "/api/digests/{story_id}/unpublish",
        api_endpoint(write=True)(_set_status("unpublished")),
        methods=["POST"],
        name="api_unpublish",
    ),
    Route(
        "/api/digests/{story_id}/publish",
        api_endpoint(write=True)(_set_status("published")),
        methods=["POST"],
        name="api_publish",
    ),
    Route("/api/sources", sources, methods=["GET"], name="api_sources"),
    Route("/api/search", search, methods=["GET"], name="api_search"),
]
