"""Rendered-page cache and ETag/304 for public HTML pages (pure ASGI middleware).

Only pages that are the same for every visitor are kept: a GET answered 200 with
``text/html``, ``Cache-Control: public`` (``templating.render`` makes a page that minted
a CSRF token ``private``; the digest page is ``private`` for a browser with a reader or
admin cookie) and no ``Set-Cookie``, asked by a request that carries no cookie other than
the CSRF cookie (a reader or admin cookie may change what a page shows, so those
requests always render). Digest pages are shared too: their reader forms carry no
per-visitor value (``forms`` checks where a post comes from instead of a token).

The key is the path and query plus the storage's last-change marker: the digests'
``max(updated)`` and count, and the newest comment and error report and their latest
moderation, so a new or changed digest, an approved comment or an accepted correction
shows at once. The marker is read at most once a second, and again right after any
non-GET request through the app (a comment post, a moderation), so the site's own
writes show on the next request. Entries expire after ``ttl`` seconds, or sooner when
the page says ``s-maxage`` (the digest page does: its comment form's signed timestamp
must not be served older than that); this also bounds staleness from anything else a
page shows (trend scores, other tables). While one request renders a missing page,
others asking for the same key wait for it instead of rendering it again.

Every public HTML 200 gets a strong ``ETag`` (hash of the body); a request whose
``If-None-Match`` names it is answered ``304`` without a body, cached or not.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .forms import CSRF_COOKIE

SKIP_PREFIXES = ("/api/", "/admin", "/static/")  # JSON, private, or already file-cached
ALLOWED_COOKIES = frozenset({CSRF_COOKIE})  # public pages never read it (only admin forms do)
MARKER_SECONDS = 1.0  # the marker query runs at most once a second, not once a request


@dataclass(frozen=True)
class Page:
    """A rendered page with both answers' headers built once (a hit only sends them)."""

    status: int
    headers: list[tuple[bytes, bytes]]  # with ETag and Content-Length
    not_modified_headers: list[tuple[bytes, bytes]]  # the same less the body's headers
    body: bytes
    etag: str

    @classmethod
    def make(cls, status: int, raw_headers: list[tuple[bytes, bytes]], body: bytes) -> "Page":
        etag = etag_for(body)
        headers = MutableHeaders(raw=list(raw_headers))
        headers["etag"] = etag
        headers["content-length"] = str(len(body))
        not_modified = [(k, v) for k, v in headers.raw if k not in (b"content-length", b"content-type")]
        return cls(status, headers.raw, not_modified, body, etag)


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    # Weak comparison, as RFC 9110 asks for If-None-Match.
    return any(t.strip().removeprefix("W/") == etag for t in if_none_match.split(","))


def storage_marker(storage: Any) -> tuple[Any, ...]:
    """What changes when a public page may: the latest digest change and count, the newest
    comment and latest moderation, the newest error report and latest resolution (one
    query of indexed aggregates; a deleted row changes a count or a newest id)."""
    from ..storage.schema import digests
    from ..storage.schema_corrections import error_reports
    from ..storage.schema_reader import comments

    f = sa.func
    query = sa.select(*(
        sa.select(agg).scalar_subquery()
        for agg in (f.max(digests.c.updated), f.count(digests.c.id),
                    f.max(comments.c.id), f.max(comments.c.moderated), f.count(comments.c.id),
                    f.max(error_reports.c.id), f.max(error_reports.c.resolved))
    ))
    with storage.engine.connect() as conn:
        row = conn.execute(query).one()
    return tuple(str(v) for v in row)


def _cookie_names(headers: Headers) -> set[str]:
    raw = headers.get("cookie")
    if not raw:
        return set()
    try:
        return set(SimpleCookie(raw).keys())
    except CookieError:
        return {"<unparsable>"}  # treat as personal: render it, do not cache


def _cacheable_response(start: Message) -> tuple[bool, MutableHeaders]:
    headers = MutableHeaders(raw=list(start.get("headers", [])))
    ok = (
        start["status"] == 200
        and headers.get("content-type", "").startswith("text/html")
        and headers.get("cache-control", "").startswith("public")
        and "set-cookie" not in headers
    )
    return ok, headers


_S_MAXAGE = re.compile(r"s-maxage=(\d+)")


def shared_lifetime(cache_control: str, ttl: float) -> float:
    """How long a shared cache may keep the page: ``ttl``, or less when it says ``s-maxage``."""
    m = _S_MAXAGE.search(cache_control)
    return min(ttl, float(m.group(1))) if m else ttl


class PageCache:
    """``app.add_middleware``-style wrapper; ``ttl`` 0 turns storing off (ETags stay)."""

    def __init__(self, app: ASGIApp, *, ttl: float = 60.0, maxsize: int = 512,
                 marker: Callable[[Any], tuple[Any, ...]] = storage_marker,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.ttl = ttl
        self.marker = marker
        self.clock = clock
        self.maxsize = maxsize
        self._pages: OrderedDict[tuple[Any, ...], tuple[float, Page]] = OrderedDict()
        self._lock = threading.Lock()
        self._marker: tuple[float, tuple[Any, ...]] | None = None
        self._marker_reading = False
        self._writes = 0  # non-GET requests seen: a marker read across one is not remembered
        # Keys being rendered now → what the renderer will have (None: not cacheable).
        self._rendering: dict[tuple[Any, ...], asyncio.Future[Page | None]] = {}

    def get(self, key: tuple[Any, ...]) -> Page | None:
        with self._lock:
            hit = self._pages.get(key)
            if hit is None or hit[0] <= self.clock():
                return None
            self._pages.move_to_end(key)
            return hit[1]

    def set(self, key: tuple[Any, ...], page: Page, lifetime: float | None = None) -> None:
        with self._lock:
            self._pages[key] = (self.clock() + (self.ttl if lifetime is None else lifetime), page)
            self._pages.move_to_end(key)
            while len(self._pages) > self.maxsize:
                self._pages.popitem(last=False)  # least recently used (old markers age out here)

    async def _current_marker(self, scope: Scope) -> tuple[Any, ...] | None:
        """The storage's change marker, or None when it cannot be read (then nothing is cached:
        the view renders, and reports the broken storage its own way)."""
        now = self.clock()
        memo = self._marker
        if memo is not None and (now - memo[0] < MARKER_SECONDS or self._marker_reading):
            return memo[1]  # fresh, or being read by another request: a second old is fine meanwhile
        self._marker_reading = True
        writes = self._writes
        try:
            marker = await run_in_threadpool(self.marker, scope["app"].state.storage)
        except Exception:  # noqa: BLE001 — a cache must never be why a page fails
            self._marker = None
            return None
        finally:
            self._marker_reading = False
        # Remembered only when no write went through meanwhile (it may have missed that write).
        self._marker = (now, marker) if writes == self._writes else None
        return marker

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD"):
            try:
                await self.app(scope, receive, send)
            finally:
                self._writes += 1
                self._marker = None  # it may have written (a comment, a moderation): look again
            return
        if scope["path"].startswith(SKIP_PREFIXES):
            await self.app(scope, receive, send)
            return
        req_headers = Headers(scope=scope)
        if_none_match = req_headers.get("if-none-match")
        use_cache = self.ttl > 0 and _cookie_names(req_headers) <= ALLOWED_COOKIES
        key: tuple[Any, ...] | None = None
        marker = await self._current_marker(scope) if use_cache else None
        if marker is not None:
            key = (scope["path"], scope.get("query_string", b""), marker)
            hit = self.get(key)
            if hit is None and key in self._rendering:
                hit = await asyncio.shield(self._rendering[key])  # another request is rendering it
            if hit is not None:
                await self._send_page(hit, scope, send, if_none_match)
                return

        if scope["method"] == "HEAD":
            await self.app(scope, receive, send)  # no body to hash or keep
            return
        rendered: asyncio.Future[Page | None] | None = None
        if key is not None and key not in self._rendering:
            rendered = self._rendering[key] = asyncio.get_running_loop().create_future()
        try:
            await self._render(scope, receive, send, if_none_match, key, rendered)
        finally:
            if rendered is not None:
                if not rendered.done():
                    rendered.set_result(None)  # not cacheable (or failed): the others render too
                del self._rendering[key]  # type: ignore[arg-type]

    async def _render(self, scope: Scope, receive: Receive, send: Send, if_none_match: str | None,
                      key: tuple[Any, ...] | None, rendered: asyncio.Future[Page | None] | None) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def capture(message: Message) -> None:
            nonlocal start, passthrough
            if passthrough:
                await send(message)
                return
            if message["type"] == "http.response.start":
                ok, _ = _cacheable_response(message)
                if not ok:
                    passthrough = True  # private, error, redirect or not HTML: untouched
                    await send(message)
                    return
                start = message
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                assert start is not None
                page = Page.make(start["status"], list(start.get("headers", [])), b"".join(chunks))
                if key is not None:
                    lifetime = shared_lifetime(Headers(raw=page.headers).get("cache-control", ""), self.ttl)
                    if lifetime > 0:
                        self.set(key, page, lifetime)
                        if rendered is not None:
                            rendered.set_result(page)
                await self._send_page(page, scope, send, if_none_match)

        await self.app(scope, receive, capture)

    @staticmethod
    async def _send_page(page: Page, scope: Scope, send: Send, if_none_match: str | None) -> None:
        if etag_matches(if_none_match, page.etag):
            await send({"type": "http.response.start", "status": 304, "headers": page.not_modified_headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": page.status, "headers": page.headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else page.body})
