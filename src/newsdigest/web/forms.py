"""What every form and state-changing endpoint shares: CSRF tokens, the real client
address, rate limits and safe redirect targets.

CSRF: a random per-browser cookie (``nd_csrf``, HttpOnly, SameSite=Lax) and a form token
that is that cookie's value signed with the site key (itsdangerous, constant-time
comparison). A token from another browser, an old key or no cookie is refused.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterable
from urllib.parse import unquote

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

CSRF_COOKIE = "nd_csrf"
CSRF_FIELD = "csrf_token"
CSRF_MAX_AGE = 12 * 3600


def _serializer(request: Request, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt=salt)


def csrf_cookie_value(request: Request) -> str:
    """The browser's CSRF cookie value, minted (and remembered for the response) when absent."""
    value = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf_cookie", None)
    if not value or not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", value):
        value = secrets.token_urlsafe(24)
        request.state.new_csrf_cookie = value
    return value


def csrf_token(request: Request) -> str:
    request.state.csrf_used = True  # the page is now this browser's alone: render() makes it private
    return _serializer(request, "csrf").dumps(csrf_cookie_value(request))


def set_csrf_cookie(request: Request, response: Response) -> None:
    """Call on responses that render a form (the middleware does it for every HTML page)."""
    value = getattr(request.state, "new_csrf_cookie", None)
    if value:
        secure = str(request.app.state.config.site_url).startswith("https://")
        response.set_cookie(CSRF_COOKIE, value, httponly=True, samesite="lax", secure=secure, max_age=30 * 86400)


def check_csrf(request: Request, token: str | None) -> None:
    """Refuse (403) a state-changing request whose token does not match this browser's cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not token:
        raise HTTPException(403, "The form expired or came from another site. Reload the page and try again.")
    try:
        signed = _serializer(request, "csrf").loads(token, max_age=CSRF_MAX_AGE)
    except BadSignature:
        raise HTTPException(403, "The form expired or came from another site. Reload the page and try again.") from None
    if not secrets.compare_digest(str(signed), cookie):
        raise HTTPException(403, "The form expired or came from another site. Reload the page and try again.")


def _in(addr: str, networks: Iterable[str]) -> bool:
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(n) for n in networks)


def client_ip(request: Request) -> str:
    """The real client: X-Forwarded-For is believed only from ``trusted_proxies``, read right to left."""
    peer = request.client.host if request.client else "0.0.0.0"
    trusted = request.app.state.config.trusted_proxies
    if not trusted or not _in(peer, trusted):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _in(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer
    return peer


def from_admin_network(request: Request) -> bool:
    return _in(client_ip(request), request.app.state.config.admin_networks)


class RateLimiter:
    """Sliding-window counter per key, in this process (one server process per site on the
    embedded default; behind several processes each gets its own budget)."""

    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit, self.window = limit, window_seconds
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> bool:
        """Count one attempt; False when the key is over its budget."""
        now = time.monotonic() if now is None else now
        with self._lock:
            q = self._hits[key]
            while q and q[0] <= now - self.window:
                q.popleft()
            if len(q) >= self.limit:
                return False
            q.append(now)
            if len(self._hits) > 100_000:  # bound memory under a flood of distinct keys
                for k in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
                    del self._hits[k]
            return True


_BAD_NEXT = re.compile(r"[\\\x00-\x1f\x7f]")


def safe_next(value: str | None, default: str = "/") -> str:
    """Only same-site relative paths: no scheme, no ``//``, no backslash, no encoded forms of them."""
    if not value:
        return default
    decoded = value
    for _ in range(3):  # %252F → %2F → /
        decoded = unquote(decoded)
    if not decoded.startswith("/") or decoded.startswith("//") or _BAD_NEXT.search(decoded) or ":" in decoded.split("/", 2)[1]:
        return default
    if _BAD_NEXT.search(value) or value.startswith("//") or not value.startswith("/"):
        return default
    return value
