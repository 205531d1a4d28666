"""``create_app(config, storage)``: the route table and the app-wide plumbing.

Views read ``request.app.state.storage`` / ``.config`` / ``.templates``; each view
module exports ``routes``, and this file only puts them together in order.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.datastructures import URL
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Match, Mount, Route, Router, get_route_path
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from ..keys import secret_key
from ..records import Digest, Story
from ..timeline import TimelineItem, timeline
from .cache import TTLCache
from .coverage_chart import coverage_chart_for
from .pagecache import PageCache
from .security import SecurityHeaders, headers_for
from .templating import STATIC_DIR, make_templates, render
from . import gate
from .views import admin, admin_corrections, api, archive, comments, corrections, coverage, digest, feeds, follow, home, metrics, search, story, subscribe, system, topics, versions


class SiteStorage(Protocol):
    """The read side of ``newsdigest.storage.Storage`` that the site uses."""

    def latest_digests(self, limit: int = 20, offset: int = 0) -> list[Digest]: ...
    def trending_digests(self, limit: int = 10) -> list[Digest]: ...
    def digest_by_slug(self, slug: str) -> Digest | None: ...
    def similar_digests(self, digest: Digest, limit: int = 4) -> list[Digest]: ...
    def story(self, story_id: int) -> Story | None: ...
    def count_digests(self) -> int: ...


class CachedStatic(StaticFiles):
    """Static files are referenced with a content-hash ``?v=``, so they can be cached."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=604800"
        return response


FAVICON = (STATIC_DIR / "favicon.svg").read_bytes()


def favicon(request: Request) -> Response:
    """``/favicon.ico``, asked for by browsers on pages without our ``<link rel="icon">``
    (feeds, JSON) and by crawlers and feed readers: the site's SVG icon."""
    return Response(FAVICON, media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


class SlashRedirects:
    """The router's fallback: an address that differs from a route only by its trailing
    slash is redirected to the route's (308 Permanent Redirect for GET and HEAD, so
    search engines and caches keep the right one; 307 for other methods), else 404.
    Starlette's own slash redirect always answers 307 Temporary Redirect."""

    def __init__(self, router: Router) -> None:
        self.router = router
        self.not_found = router.not_found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route_path = get_route_path(scope)
        if scope["type"] == "http" and route_path != "/":
            other = dict(scope)
            other["path"] = scope["path"].rstrip("/") if route_path.endswith("/") else scope["path"] + "/"
            if any(route.matches(other)[0] is not Match.NONE for route in self.router.routes):
                status = 308 if scope.get("method") in ("GET", "HEAD") else 307
                await RedirectResponse(str(URL(scope=other)), status_code=status)(scope, receive, send)
                return
        await self.not_found(scope, receive, send)


ERROR_TITLES = {
    400: "Bad request",
    404: "Page not found",
    403: "Forbidden",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported form",
    429: "Too many requests",
}


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith("/api/"):
        return api.http_error(request, exc)  # the API answers in JSON, errors included
    title = ERROR_TITLES.get(exc.status_code, "Something went wrong")
    detail = exc.detail if exc.status_code != 404 else "There is no page at this address."
    response = render(
        request,
        "error.html",
        {"title": title, "detail": detail, "status": exc.status_code},
        status_code=exc.status_code,
        max_age=30,
    )
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def server_error(request: Request, exc: Exception) -> Response:
    # Plain HTML, no template: this must work even when rendering is what broke. This
    # answer comes from outside the middleware stack, so it gets its headers here.
    if request.url.path.startswith("/api/"):
        response = api.error_response(500, "Something broke on our side. Please try again in a moment.")
        response.headers.update(headers_for("application/json"))
        return response
    return HTMLResponse(
        "<!doctype html><title>Server error</title><h1>Server error</h1>"
        "<p>Something broke on our side. Please try again in a moment.</p>",
        status_code=500,
        headers={**headers_for("text/html"), "Cache-Control": "no-store"},
    )


def timeline_for(request: Request, digest: Digest) -> list[TimelineItem]:
    """Template global: the story's dated developments, built from its stored articles."""
    storage = request.app.state.storage
    ids = [r.article_id for r in digest.relevant_articles]
    if not ids or not hasattr(storage, "get_articles"):
        return []

    def build() -> list[TimelineItem]:
        analyses = storage.get_analyses(ids) if hasattr(storage, "get_analyses") else {}
        # The digest's own reprint marks count too, in case clustering has not stored them.
        marked = {r.article_id: r.duplicate_of for r in digest.relevant_articles if r.duplicate_of}
        arts = [
            replace(a, duplicate_of=marked[a.id]) if a.duplicate_of is None and a.id in marked else a
            for a in storage.get_articles(ids)
        ]
        return timeline(arts, analyses)

    # Keyed by version: a new version may cite new articles.
    return request.app.state.cache.get_or_set(("timeline", digest.id, digest.story_id, digest.version), build)  # type: ignore[no-any-return]


def routes() -> list[BaseRoute]:
    return [
        *home.routes,
        *search.routes,
        *topics.routes,
        *archive.routes,
        *digest.routes,
        *versions.routes,
        *comments.routes,
        *corrections.routes,
        *subscribe.routes,
        *follow.routes,
        *feeds.routes,
        *story.routes,
        *system.routes,
        *metrics.routes,
        *admin.routes,
        *admin_corrections.routes,
        *api.routes,
        Route("/favicon.ico", favicon, methods=["GET"], name="favicon"),
        Mount("/static", CachedStatic(directory=STATIC_DIR), name="static"),
    ]


def create_app(
    config: Any, storage: SiteStorage, *, debug: bool = False, cache_seconds: float = 60.0,
    page_cache: bool = True,
) -> Starlette:
    """The public site for ``storage``; ``config`` is a ``settings.Config``.

    ``cache_seconds`` is how stale feeds, sitemaps and "more like this" may be (0: never
    cached, what tests that change the database under a running app want). ``page_cache``
    keeps rendered public HTML pages (see ``pagecache``; ETag/304 either way); benches
    turn it off to measure what it saves.
    """
    app = Starlette(
        debug=debug,
        routes=routes(),
        middleware=[
            # Outside the security headers: a page is kept with them, so a hit sends it as is.
            Middleware(PageCache, ttl=cache_seconds if page_cache else 0.0),
            Middleware(SecurityHeaders, hsts=str(config.site_url).startswith("https://")),
        ],
        exception_handlers={HTTPException: http_error, 500: server_error},
    )
    app.router.redirect_slashes = False  # SlashRedirects does it, permanently for GET/HEAD
    app.router.default = SlashRedirects(app.router)
    app.state.config = config
    app.state.secret_key = secret_key(config)
    app.state.storage = storage
    app.state.templates = make_templates(config)
    # Reader parts of a digest page (comments, archive gate, subscribe form) look up
    # per-request state, so the templates call them: comment_section(request, digest) …
    app.state.templates.env.globals.update(
        comment_section=comments.comment_section,
        gate_for=gate.gate_for,
        subscriptions_open=subscribe.subscriptions_open,
        subscribe_notice=subscribe.subscribe_notice,
        corrections_for=corrections.corrections_for,
        coverage_for=coverage.coverage_for,
        one_sided_text=coverage.one_sided_text,
        grouping_for=story.grouping_for,
        story_feed_path=story.story_feed_path,
        versions_for=versions.version_rows,
        edited_for=versions.edited_for,
        coverage_chart_for=coverage_chart_for,
        timeline_for=timeline_for,
    )
    app.state.cache = TTLCache[Any](maxsize=512, ttl=cache_seconds)
    return app
