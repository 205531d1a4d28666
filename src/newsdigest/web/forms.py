"""What every form and state-changing endpoint shares: CSRF defences, the real client
address, rate limits and safe redirect targets.

Two CSRF defences, chosen by whether the page holding the form may be shared:

* **Reader forms** (comments, subscribe, sign-in, follow this story, report an error,
  continue reading) sit on public pages that the page cache serves to every anonymous
  reader, so they carry no per-visitor value. Their posts are checked with
  :func:`check_same_origin`, the OWASP CSRF cheat sheet's "Fetch Metadata" defence with
  its "verify origin with standard headers" fallback: a browser's ``Sec-Fetch-Site``
  must be ``same-origin`` (or ``none``: the user's own action, such as a bookmark);
  browsers that do not send it are judged by ``Origin``, else ``Referer``, which must
  name this site (the configured ``site_url`` or the address the request was sent to).
  A post with none of the three, or with ``Origin: null``, is refused too (the cheat
  sheet's advice): every browser in use sends one, and a cross-site page cannot forge
  them. These forms need no cookie, so SameSite adds nothing for anonymous readers; the
  reader cookies (``nd_reader``, ``nd_reads``) are SameSite=Lax besides. Spam defences
  (honeypot, fill time, per-address rate limit) are each form handler's, unchanged.
* **Admin forms** keep the synchronizer token: a random per-browser cookie
  (``nd_csrf``, HttpOnly, SameSite=Lax) and a form token that is that cookie's value
  signed with the site key (itsdangerous, constant-time comparison), checked by
  :func:`check_csrf`. A token from another browser, an old key or no cookie is refused.
  Admin pages are never cached, so a per-session value costs nothing there.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

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


CROSS_SITE = (
    "This form was sent from another site, so it was not accepted. "
    "If you used a form on this site, reload the page and send it again."
)
_FETCH_SITE_OK = frozenset({"same-origin", "none"})  # "same-site" would trust sibling subdomains
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str | None) -> str | None:
    """``scheme://host[:port]`` of an absolute http(s) URL (default port left out), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    return f"{scheme}://{host}" + (f":{port}" if port and port != _DEFAULT_PORTS[scheme] else "")


def site_origins(request: Request) -> set[str]:
    """The origins this site's own pages have: ``site_url``'s and the one this request was sent to."""
    found = {origin_of(str(request.app.state.config.site_url))}
    host = request.headers.get("host")
    if host:
        found.add(origin_of(f"{request.url.scheme}://{host}"))
    return {o for o in found if o}


def check_same_origin(request: Request) -> None:
    """Refuse (403) a reader-form post that a browser sent from another site (see the module doc)."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        if fetch_site.strip().lower() in _FETCH_SITE_OK:
            return
        raise HTTPException(403, CROSS_SITE)
    claimed = request.headers.get("origin")
    if claimed is None:
        claimed = request.headers.get("referer")  # no Origin: older browsers still send the page
    if claimed is not None and origin_of(claimed) in site_origins(request):
        return
    raise HTTPException(403, CROSS_SITE)


def private_to_browser(request: Request) -> bool:
    """True when a page may differ for this browser: a form post's answer (it can show what
    was typed) or a request carrying any cookie but ``nd_csrf`` (reader, reads, admin)."""
    if request.method not in ("GET", "HEAD"):
        return True
    return any(name != CSRF_COOKIE for name in request.cookies)


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
