"""Fetch one URL politely and within bounds: URL → :class:`~newsdigest.records.FetchResult`.

Every request — the page, each redirect hop, robots.txt — goes through
:mod:`newsdigest.gate`. Bounds, all from the settings table:

* time: ``fetch_timeout`` is the total for one request (connect + headers + body); it
  is enforced on every socket read, so a server dripping one byte at a time is cut;
* size: ``fetch_max_bytes`` counts *decompressed* bytes while streaming; this module
  inflates gzip/deflate itself with a bounded output buffer, so a gzip bomb costs at
  most one budget of memory;
* redirects: followed by hand (each hop re-checked by the gate), at most
  ``fetch_max_redirects``, loops detected;
* politeness: robots.txt per origin (cached), at least ``fetch_host_delay`` between
  two requests to one host, a robots ``Crawl-delay`` honoured up to 30 s. Who keeps the
  hosts' clocks is the :class:`Pacer` seam of :mod:`newsdigest.pacing`:
  :class:`MemoryPacer` (the default) paces the threads of one process;
  :class:`SharedPacer` paces every process and machine that shares its turn store (the
  distributed mode's PostgreSQL table, see :mod:`newsdigest.storage.pacing`), and may
  give up with :class:`HostBusy` rather than hold a worker for long;
* retries: ``fetch_retries`` after a timeout, a dropped connection, 429 or 5xx, with
  exponential backoff; a ``Retry-After`` up to 30 s is waited out, a longer one ends
  the fetch (``HTTPStatusError.retry_after`` carries it) rather than hammer the host.

Failures raise :class:`~newsdigest.errors.FetchError` subclasses whose ``reason`` is
one short word: blocked, robots, too_large, timeout, http_status, connect, network,
redirect_loop, too_many_redirects, bad_encoding, bad_url.
"""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
import urllib.robotparser
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from . import gate
from .errors import FetchError, FetchTimeout, HTTPStatusError, RobotsDisallowed, TooLarge
# Callers import the pacing seam's names from here; Fetcher looks MemoryPacer up here too
# (tests swap it on this module).
from .pacing import HostBusy, MemoryPacer, Pacer, SharedPacer, TurnStore  # noqa: F401
from .records import FetchResult

log = logging.getLogger(__name__)

DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ROBOTS_TTL = 3600.0  # a robots.txt we could read (or a 4xx) is trusted this long
ROBOTS_RETRY_TTL = 60.0  # after a 5xx/timeout we allow, but ask again soon
ROBOTS_MAX_BYTES = 512_000  # RFC 9309 asks parsers to read at least 500 KiB
RETRY_AFTER_CAP = 30.0
MAX_CRAWL_DELAY = 30.0
BACKOFF_BASE = 0.5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def host_of(url: str) -> str:
    """The host a URL talks to, lower-case, numeric spellings canonical; "" if none.

    This is the key of the per-host politeness delay, so pipelines can group work by it.
    """
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return ""
    ip = gate.ip_literal(host) if host else None
    return str(ip) if ip is not None else host


def _origin(url: str) -> str:
    p = urlsplit(url)
    port = p.port or (443 if p.scheme == "https" else 80)
    return f"{p.scheme}://{host_of(url)}:{port}"


def _without_fragment(url: str) -> str:
    p = urlsplit(url)
    return urlunsplit((p.scheme, p.netloc, p.path or "/", p.query, ""))


def parse_retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class _Inflater:
    """Bounded streaming decoder for one Content-Encoding (gzip, deflate)."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._d: Any = None
        self._raw_fallback = coding == "deflate"

    def _new(self, first: bytes) -> Any:
        if self.coding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" is meant to be zlib-wrapped, but servers send raw deflate too.
        looks_zlib = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] * 256 + first[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if looks_zlib else -zlib.MAX_WBITS)

    def feed(self, data: bytes, budget: int) -> bytes:
        """Inflate ``data``; stops early once more than ``budget`` bytes came out."""
        out: list[bytes] = []
        produced = 0
        while data:
            if self._d is None:
                self._d = self._new(data)
            piece = self._d.decompress(data, budget - produced + 1)
            out.append(piece)
            produced += len(piece)
            if produced > budget:
                break
            if self._d.unconsumed_tail:
                data = self._d.unconsumed_tail
            elif self._d.eof and self._d.unused_data and self.coding != "deflate":
                data, self._d = self._d.unused_data, None  # next gzip member
            else:
                break
        return b"".join(out)


@dataclass(frozen=True, slots=True)
class _Hop:
    url: str
    status: int
    headers: dict[str, str]
    content: bytes = b""
    location: str | None = None


@dataclass(slots=True)
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    expires: float


class Fetcher:
    """Thread-safe fetcher over one httpx client; use as a context manager or ``close()``.

    ``transport`` is the test seam: when given, it replaces the gated transport (URLs
    are still checked by :func:`newsdigest.gate.check_url`, connections are not).
    ``pacer`` spaces requests per host: a :class:`MemoryPacer` of its own unless given.
    """

    def __init__(
        self, config: Any, transport: httpx.BaseTransport | None = None, pacer: Pacer | None = None
    ) -> None:
        self._config = config
        self._pacer: Pacer = pacer or MemoryPacer()
        self._allow = gate.parse_networks(config.fetch_allow_networks)
        self._client = httpx.Client(
            transport=transport or gate.gated_transport(config),
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(float(config.fetch_timeout)),
            headers={
                "User-Agent": config.fetch_user_agent,
                # Only codings _Inflater can bound; never br/zstd.
                "Accept-Encoding": "gzip, deflate",
            },
        )
        self._lock = threading.Lock()
        self._crawl_delay: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    # -- public -----------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
        check_robots: bool = True,
    ) -> FetchResult:
        """GET ``url``; a 304 answer to a conditional GET is ``FetchResult(not_modified=True)``."""
        headers = {"Accept": accept or DEFAULT_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        respect = check_robots and bool(self._config.fetch_respect_robots)
        hop = self._follow(
            url, headers, respect, int(self._config.fetch_max_bytes), int(self._config.fetch_retries)
        )
        if hop.status == 304:
            return FetchResult(
                url=hop.url,
                status=304,
                content=b"",
                headers=hop.headers,
                etag=hop.headers.get("etag", etag),
                last_modified=hop.headers.get("last-modified", last_modified),
                not_modified=True,
            )
        return FetchResult(
            url=hop.url,
            status=hop.status,
            content=hop.content,
            headers=hop.headers,
            etag=hop.headers.get("etag"),
            last_modified=hop.headers.get("last-modified"),
        )

    def robots_allows(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s origin lets our user agent fetch it."""
        entry = self._robots_entry(_origin(url))
        return entry.parser is None or entry.parser.can_fetch(self._config.fetch_user_agent, url)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- redirects ----------------------------------------------------------------

    def _follow(
        self, url: str, headers: dict[str, str], respect_robots: bool, max_bytes: int, retries: int
    ) -> _Hop:
        current = url
        seen: set[str] = set()
        redirects = 0
        while True:
            current = gate.check_url(current, self._allow)
            if respect_robots and not self.robots_allows(current):
                raise RobotsDisallowed(f"fetch: robots.txt disallows {current}" + _via(url, current), url=url)
            key = _without_fragment(current)
            if key in seen:
                raise FetchError(f"fetch: redirect loop at {current}: {url}", url=url, reason="redirect_loop")
            seen.add(key)
            hop = self._with_retries(current, headers, max_bytes, retries)
            if hop.location is None:
                return hop
            redirects += 1
            if redirects > int(self._config.fetch_max_redirects):
                raise FetchError(
                    f"fetch: more than {self._config.fetch_max_redirects} redirects: {url}",
                    url=url,
                    reason="too_many_redirects",
                )
            current = _without_fragment(urljoin(current, hop.location))

    def _with_retries(self, url: str, headers: dict[str, str], max_bytes: int, retries: int) -> _Hop:
        attempt = 0
        while True:
            self._wait_turn(host_of(url))
            try:
                return self._request(url, headers, max_bytes)
            except FetchError as exc:
                wait = self._retry_wait(exc, attempt, retries)
                if wait is None:
                    raise
                log.info("fetch: retry %d in %.1fs after %s: %s", attempt + 1, wait, exc.reason, url)
                time.sleep(wait)
                attempt += 1

    @staticmethod
    def _retry_wait(exc: FetchError, attempt: int, retries: int) -> float | None:
        if attempt >= retries:
            return None
        wait = BACKOFF_BASE * 2**attempt * (1 + random.random() / 10)
        if isinstance(exc, HTTPStatusError):
            if exc.status != 429 and exc.status < 500:
                return None
            if exc.retry_after is not None:
                if exc.retry_after > RETRY_AFTER_CAP:
                    return None  # the host asked for a long pause: give up this pass
                wait = max(wait, exc.retry_after)
            return wait
        if isinstance(exc, FetchTimeout) or exc.reason == "network":
            return wait
        return None

    # -- one request -----------------------------------------------------------------

    def _request(self, url: str, headers: dict[str, str], max_bytes: int) -> _Hop:
        total = float(self._config.fetch_timeout)
        at = time.monotonic() + total
        try:
            with gate.deadline(at):
                request = self._client.build_request("GET", url, headers=headers)
                response = self._client.send(request, stream=True)
                host = host_of(url)
                self._pacer.sent(host, self._delay(host))  # the next turn: one delay from here
                try:
                    return self._read(response, url, max_bytes, at)
                finally:
                    response.close()
        except httpx.TimeoutException:
            raise FetchTimeout(f"fetch: timed out after {total:g}s: {url}", url=url) from None
        except httpx.ConnectError as exc:
            raise FetchError(f"fetch: cannot connect ({exc}): {url}", url=url, reason="connect") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchError(f"fetch: bad URL ({exc}): {url}", url=url, reason="bad_url") from None
        except httpx.TransportError as exc:
            raise FetchError(
                f"fetch: connection failed ({type(exc).__name__}: {exc}): {url}", url=url, reason="network"
            ) from None

    def _read(self, response: httpx.Response, url: str, max_bytes: int, at: float) -> _Hop:
        headers = {k.lower(): v for k, v in response.headers.items()}
        status = response.status_code
        if status in _REDIRECTS and headers.get("location"):
            return _Hop(url, status, headers, location=headers["location"])
        if status == 304:
            return _Hop(url, status, headers)
        if status >= 300:
            retry_after = parse_retry_after(headers.get("retry-after"))
            # The operator reading "sources list" should see how long the host asked us to wait.
            asked = f" (Retry-After {retry_after:g} s)" if retry_after is not None else ""
            raise HTTPStatusError(
                f"fetch: HTTP {status}{asked}: {url}", url=url, status=status, retry_after=retry_after
            )
        codings = [c.strip().lower() for c in headers.get("content-encoding", "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        for c in codings:
            if c not in ("gzip", "x-gzip", "deflate"):
                raise FetchError(
                    f"fetch: unsupported content-encoding {c!r}: {url}", url=url, reason="bad_encoding"
                )
        length = headers.get("content-length", "")
        if not codings and length.isdigit() and int(length) > max_bytes:
            raise _too_large(max_bytes, url)
        inflaters = [_Inflater(c) for c in reversed(codings)]
        body = bytearray()
        try:
            for chunk in response.iter_raw():
                for inf in inflaters:
                    chunk = inf.feed(chunk, max_bytes - len(body))
                body += chunk
                if len(body) > max_bytes:
                    raise _too_large(max_bytes, url)
                if time.monotonic() > at:
                    raise httpx.ReadTimeout("total deadline passed")
        except zlib.error as exc:
            raise FetchError(
                f"fetch: corrupt {codings[0]} body ({exc}): {url}", url=url, reason="bad_encoding"
            ) from None
        return _Hop(url, status, headers, bytes(body))

    # -- politeness ------------------------------------------------------------------

    def _delay(self, host: str) -> float:
        """The setting's delay, or ``host``'s robots Crawl-delay if longer."""
        return max(float(self._config.fetch_host_delay), self._crawl_delay.get(host, 0.0))

    def _wait_turn(self, host: str) -> None:
        """Wait for ``host``'s turn (see ``_delay``)."""
        self._pacer.wait_turn(host, self._delay(host))

    def _robots_entry(self, origin: str) -> _Robots:
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt fetch per origin, however many threads ask
            entry = self._robots.get(origin)
            if entry is None or entry.expires < time.monotonic():
                entry = self._load_robots(origin)
                self._robots[origin] = entry
            return entry

    def _load_robots(self, origin: str) -> _Robots:
        robots_url = origin + "/robots.txt"
        now = time.monotonic()
        try:
            hop = self._follow(robots_url, {"Accept": "text/plain,*/*;q=0.5"}, False, ROBOTS_MAX_BYTES, 0)
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500 and exc.status != 429:
                return _Robots(None, now + ROBOTS_TTL)  # RFC 9309: unavailable → allow all
            log.info("fetch: robots.txt unreachable (%s), allowing for now: %s", exc, robots_url)
            return _Robots(None, now + ROBOTS_RETRY_TTL)
        except FetchError as exc:
            log.info("fetch: robots.txt unreachable (%s), allowing for now: %s", exc, robots_url)
            return _Robots(None, now + ROBOTS_RETRY_TTL)
        if hop.status == 304:
            return _Robots(None, now + ROBOTS_RETRY_TTL)
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(hop.content.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self._config.fetch_user_agent)
        if delay:
            with self._lock:
                self._crawl_delay[host_of(origin)] = min(float(delay), MAX_CRAWL_DELAY)
        return _Robots(parser, now + ROBOTS_TTL)


def _too_large(max_bytes: int, url: str) -> TooLarge:
    return TooLarge(f"fetch: body larger than {max_bytes / 1e6:g} MB: {url}", url=url)


def _via(original: str, current: str) -> str:
    return "" if original == current else f" (redirected from {original})"
