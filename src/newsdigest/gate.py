"""The one gate every outbound request goes through (DESIGN §6).

Two checks, both needed:

* :func:`check_url` — before a request (and on every redirect hop): only http/https,
  numeric host spellings (``0177.0.0.1``, ``0x7f.1``, ``2130706433``, ``127.1``)
  canonicalised to dotted quads, and a literal IP address judged at once.
* :class:`GatedBackend` — at connect time, inside httpcore: the host name is resolved
  *once*, every resolved address is judged, and the socket connects to the judged
  address. A DNS answer that changes between check and connect (rebinding) therefore
  cannot get through; TLS SNI and the Host header still carry the host name, because
  httpcore passes its origin host to ``start_tls`` and httpx writes the Host header.

An address is refused when it is loopback, private (RFC 1918, fc00::/7), link-local
(169.254/16 incl. cloud metadata, fe80::/10), CGNAT (100.64/10), multicast,
unspecified, reserved, in 0.0.0.0/8, or otherwise not globally routable — also when it
hides inside an IPv6 form (IPv4-mapped, IPv4-compatible, 6to4, NAT64) — unless it lies
in one of ``config.fetch_allow_networks``.

The gated transport never reads proxy settings from the environment: a proxy would
make the connect-time check judge the proxy, not the target.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpcore
import httpx

from .errors import BlockedURL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

ALLOWED_SCHEMES = ("http", "https")

# Named refusals first, so a message says *why*; anything else that is not globally
# routable is refused as "reserved" by the is_global test in classify_address().
_DENIED: tuple[tuple[str, IPNetwork], ...] = tuple(
    (why, ipaddress.ip_network(net))
    for why, net in (
        ("unspecified", "0.0.0.0/32"),
        ("this-network", "0.0.0.0/8"),
        ("loopback", "127.0.0.0/8"),
        ("private", "10.0.0.0/8"),
        ("private", "172.16.0.0/12"),
        ("private", "192.168.0.0/16"),
        ("cgnat", "100.64.0.0/10"),
        ("link-local", "169.254.0.0/16"),
        ("multicast", "224.0.0.0/4"),
        ("broadcast", "255.255.255.255/32"),
        ("reserved", "240.0.0.0/4"),
        ("unspecified", "::/128"),
        ("loopback", "::1/128"),
        ("private", "fc00::/7"),
        ("link-local", "fe80::/10"),
        ("site-local", "fec0::/10"),
        ("multicast", "ff00::/8"),
        ("nat64-local", "64:ff9b:1::/48"),
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_V4_COMPAT = ipaddress.ip_network("::/96")
_V4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")


# --- numeric host spellings -------------------------------------------------------


_NUMBER_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*", re.ASCII)


def _parse_number(part: str) -> int | None:
    """One inet_aton component: decimal, 0x-hex or 0-octal; None when not a number."""
    if not _NUMBER_PART.fullmatch(part):
        return None
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if part.startswith("0"):
        return int(part, 8)
    return int(part)


def parse_ipv4_loose(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a resolver (inet_aton) would read in ``host``, or None.

    Accepts every spelling C resolvers accept — 1 to 4 parts, each decimal, octal or
    hex, the last filling the remaining bytes — because that is what a socket would
    connect to, whatever the URL looked like.
    """
    host = host.rstrip(".")
    parts = host.split(".")
    if not host or len(parts) > 4:
        return None
    numbers = [_parse_number(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    nums: list[int] = [n for n in numbers if n is not None]
    *head, last = nums
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(nums)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (5 - len(nums)) + last
    return ipaddress.IPv4Address(value)


def ip_literal(host: str) -> IPAddress | None:
    """The address a host string denotes by itself (no DNS), or None for a name."""
    h = host.strip("[]")
    if ":" in h:
        try:
            return ipaddress.IPv6Address(h)
        except ValueError:
            return None
    return parse_ipv4_loose(h)


# --- judging one address -----------------------------------------------------------


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries (mapped, compatible, 6to4, NAT64)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or ip in _V4_TRANSLATED or (ip in _V4_COMPAT and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _named_refusal(ip: IPAddress) -> str | None:
    for why, net in _DENIED:
        if ip.version == net.version and ip in net:
            return why
    if not ip.is_global:
        return "reserved"
    return None


def parse_networks(networks: Iterable[str]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in networks)


def _allowed(ip: IPAddress, allow: Sequence[IPNetwork]) -> bool:
    return any(ip.version == n.version and ip in n for n in allow)


def classify_address(ip: IPAddress | str, allow: Sequence[IPNetwork] = ()) -> str | None:
    """Why ``ip`` is refused ("loopback", "private", …), or None when it may be reached."""
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip.split("%", 1)[0])
    inner = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    if _allowed(ip, allow) or (inner is not None and _allowed(inner, allow)):
        return None
    if inner is not None:
        why = _named_refusal(inner)
        if why:
            return f"{why} (inside {ip})"
    return _named_refusal(ip)


def _refused(address: object, why: str, url: str) -> BlockedURL:
    return BlockedURL(f"fetch: address {address} is {why} (refused): {url}", url=url)


# --- URL check ---------------------------------------------------------------------


def check_url(url: str, allow: Sequence[IPNetwork] = ()) -> str:
    """Refuse a URL the gate would never fetch; return it with a canonical numeric host.

    A host name is only checked here for spelling; its addresses are judged at connect
    time by :class:`GatedBackend`.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise BlockedURL(f"fetch: malformed URL (refused): {url}", url=url) from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise BlockedURL(f"fetch: scheme {parts.scheme or '(none)'!r} not allowed (refused): {url}", url=url)
    if not host:
        raise BlockedURL(f"fetch: URL has no host (refused): {url}", url=url)
    ip = ip_literal(host)
    if ip is None:
        return url
    why = classify_address(ip, allow)
    if why:
        raise _refused(ip, why, url)
    if isinstance(ip, ipaddress.IPv4Address) and host != str(ip):
        # Rewrite 0x7f.1 and friends so httpx (which rejects some spellings) and the
        # Host header see the address the socket will actually reach.
        netloc = str(ip) + (f":{parts.port}" if parts.port is not None else "")
        if parts.username is not None:
            netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
        url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return url


# --- a total deadline that even a slow-drip server cannot stretch ------------------

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("newsdigest_deadline", default=None)


@contextlib.contextmanager
def deadline(at: float) -> Iterator[None]:
    """Within this block, DNS, connect and every socket read end by ``time.monotonic() == at``."""
    token = _DEADLINE.set(at)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _bounded(timeout: float | None) -> float | None:
    at = _DEADLINE.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("total deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """Caps every read/write at the remaining total time of the current request."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


# --- connect-time check --------------------------------------------------------------


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        addr = str(sockaddr[0])
        if addr not in seen:
            seen.append(addr)
    return seen


def _resolve_within(resolver: Resolver, host: str, port: int, timeout: float | None) -> list[str]:
    """Run the (blocking) resolver in a daemon thread so DNS obeys the deadline too."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["ok"] = list(resolver(host, port))
        except BaseException as exc:  # handed to the caller's thread
            box["err"] = exc

    t = threading.Thread(target=run, name=f"resolve-{host}", daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise httpcore.ConnectTimeout(f"DNS lookup of {host} timed out")
    if "err" in box:
        raise httpcore.ConnectError(f"DNS lookup of {host} failed: {box['err']}")
    return box["ok"]


class GatedBackend(httpcore.NetworkBackend):
    """httpcore backend: resolve once, judge every address, connect to a judged one."""

    def __init__(self, allow: Sequence[IPNetwork] = (), resolver: Resolver | None = None) -> None:
        self._allow = tuple(allow)
        self._resolver = resolver or system_resolver
        self._inner = httpcore.SyncBackend()

    def addresses(self, host: str, port: int, timeout: float | None = None) -> list[str]:
        """Every address of ``host``, all judged; raises BlockedURL if any is refused."""
        literal = ip_literal(host)
        if literal is not None:
            resolved = [str(literal)]
        else:
            resolved = _resolve_within(self._resolver, host, port, timeout)
            if not resolved:
                raise httpcore.ConnectError(f"no address for {host}")
        for addr in resolved:
            why = classify_address(addr, self._allow)
            if why:
                # One bad answer taints the name: a rebinding attacker mixes answers.
                raise _refused(addr, why, host)
        return resolved

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addrs = self.addresses(host, port, _bounded(timeout))
        last: Exception | None = None
        for addr in addrs:
            try:
                stream = self._inner.connect_tcp(addr, port, _bounded(timeout), local_address, socket_options)
                return _DeadlineStream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise BlockedURL(f"fetch: unix sockets are not allowed (refused): {path}", url=path)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class GatedTransport(httpx.BaseTransport):
    """An httpx transport whose every connection passes the gate.

    Also re-checks the request URL (so a caller that forgets :func:`check_url` is still
    safe) and puts the full URL into connect-time refusals.
    """

    def __init__(self, allow: Sequence[IPNetwork] = (), resolver: Resolver | None = None) -> None:
        self._allow = tuple(allow)
        self._inner = httpx.HTTPTransport(trust_env=False)
        # Swap the pool for one on the gated backend; same settings httpx would use.
        self._inner._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=GatedBackend(self._allow, resolver),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        check_url(url, self._allow)
        try:
            return self._inner.handle_request(request)
        except BlockedURL as exc:
            raise BlockedURL(str(exc).rsplit(": ", 1)[0] + f": {url}", url=url) from None

    def close(self) -> None:
        self._inner.close()


def gated_transport(config: Any, resolver: Resolver | None = None) -> GatedTransport:
    """The transport :class:`~newsdigest.fetch.Fetcher` uses unless a test passes its own."""
    return GatedTransport(parse_networks(config.fetch_allow_networks), resolver)
