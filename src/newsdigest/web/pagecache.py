"""Rendered-page cache and ETag/304 for public HTML pages (pure ASGI middleware).

Only pages that are the same for every visitor are kept: a GET answered 200 with
``text/html``, ``Cache-Control: public`` (``templating.render`` makes a page that minted
a CSRF token ``private``) and no ``Set-Cookie``, asked by a request that carries no
cookie other than the CSRF cookie (a reader or admin cookie may change what a page
shows, so those requests always render). The key is the path and query plus the
storage's last-change marker (``max(digests.updated)`` and the digest count), so a new or
changed digest shows at once; entries also expire after ``ttl`` seconds, which bounds
staleness from anything else a page shows (trend scores, other tables).

Every public HTML 200 gets a strong ``ETag`` (hash of the body); a request whose
``If-None-Match`` names it is answered ``304`` without a body, cached or not.
"""

from __future__ import annotations

import hashlib
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

SKIP_PREFIXES = ("/api/", "/admin", "/static/")  # JSON, private, or already file-cached
ALLOWED_COOKIES = frozenset({"nd_csrf"})  # forms.CSRF_COOKIE: public pages never read it
MARKER_SECONDS = 1.0  # the marker query runs at most once a second, not once a request


@dataclass(frozen=True)
class Page:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str


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
    """(latest digest change, digest count): one cheap aggregate query."""
    from ..storage.schema import digests

    with storage.engine.connect() as conn:
        row = conn.execute(sa.select(sa.func.max(digests.c.updated), sa.func.count()).select_from(digests)).one()
    return (str(row[0]), int(row[1]))


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

    def get(self, key: tuple[Any, ...]) -> Page | None:
        with self._lock:
            hit = self._pages.get(key)
            if hit is None or hit[0] <= self.clock():
                return None
            self._pages.move_to_end(key)
            return hit[1]

    def set(self, key: tuple[Any, ...], page: Page) -> None:
        with self._lock:
            self._pages[key] = (self.clock() + self.ttl, page)
            self._pages.move_to_end(key)
            while len(self._pages) > self.maxsize:
                self._pages.popitem(last=False)  # least recently used (old markers age out here)

    async def _current_marker(self, scope: Scope) -> tuple[Any, ...] | None:
        """The storage's change marker, or None when it cannot be read (then nothing is cached:
        the view renders, and reports the broken storage its own way)."""
        now = self.clock()
        if self._marker is None or now - self._marker[0] >= MARKER_SECONDS:
            storage = scope["app"].state.storage
            try:
                self._marker = (now, await run_in_threadpool(self.marker, storage))
            except Exception:  # noqa: BLE001 — a cache must never be why a page fails
                self._marker = None
                return None
        return self._marker[1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or scope["path"].startswith(SKIP_PREFIXES):
            await self.app(scope, receive, send)
            return
        req_headers = Headers(scope=scope)
        if_none_match = req_headers.get("if-none-match")
        use_cache = self.ttl > 0 and _cookie_names(req_headers) <= ALLOWED_COOKIES
        key: tuple[Any, ...] | None = None
        marker = await self._current_marker(scope) if use_cache else None
        use_cache = marker is not None
        if use_cache:
            key = (scope["path"], scope.get("query_string", b""), marker)
            hit = self.get(key)
            if hit is not None:
                await self._send_page(hit, scope, send, if_none_match)
                return

        if scope["method"] == "HEAD":
            await self.app(scope, receive, send)  # no body to hash or keep
            return
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
                body = b"".join(chunks)
                headers = MutableHeaders(raw=list(start.get("headers", [])))
                page = Page(status=start["status"], headers=headers.raw, body=body, etag=etag_for(body))
                if use_cache and key is not None:
                    self.set(key, page)
                await self._send_page(page, scope, send, if_none_match)

        await self.app(scope, receive, capture)

    @staticmethod
    async def _send_page(page: Page, scope: Scope, send: Send, if_none_match: str | None) -> None:
        headers = MutableHeaders(raw=list(page.headers))
        headers["etag"] = page.etag
        if etag_matches(if_none_match, page.etag):
            for name in ("content-length", "content-type"):
                if name in headers:
                    del headers[name]
            await send({"type": "http.response.start", "status": 304, "headers": headers.raw})
            await send({"type": "http.response.body", "body": b""})
            return
        headers["content-length"] = str(len(page.body))
        await send({"type": "http.response.start", "status": page.status, "headers": headers.raw})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else page.body})
