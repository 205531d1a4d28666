"""URL hygiene: one canonical spelling per article, and links safe to put in a page.

* :func:`canonicalize_url` — the key articles are deduplicated on.
* :func:`safe_href` — the only way a URL from outside becomes an ``href``.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

import idna

from .gate import ip_literal

# Query parameters that only say who sent the reader, never which page it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "ocid",
        "cmpid",
        "icid",
        "smid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "hsctatracking",
        "mkt_tok",
        "vero_id",
        "vero_conv",
        "oly_anon_id",
        "oly_enc_id",
        "rb_clickid",
        "s_cid",
        "wt.mc_id",
        "sr_share",
        "ito",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "cid_source",
        "spm",
        "share",
        "ref_src",
        "ref_url",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are in a path; everything else is percent-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_UNRESERVED = re.compile(r"%([0-9A-Fa-f]{2})")
_CONTROL_INSIDE = re.compile(r"[\x00-\x1f\x7f]")


def _is_tracking(name: str) -> bool:
    n = name.lower()
    return n in TRACKING_PARAMS or n.startswith(TRACKING_PREFIXES)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4, so /a/./b/../c and /a/c are one page."""
    out: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == ".":
            if last:
                out.append("")
        elif seg == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    result = "/".join(out)
    return result if result.startswith("/") else "/" + result


def _normalize_escapes(s: str) -> str:
    """Upper-case %xx escapes and decode the ones that stand for unreserved characters."""

    def fix(m: re.Match[str]) -> str:
        ch = chr(int(m.group(1), 16))
        return ch if (ch.isascii() and (ch.isalnum() or ch in "-._~")) else "%" + m.group(1).upper()

    return _UNRESERVED.sub(fix, s)


def _idna_host(host: str) -> str:
    host = host.rstrip(".").lower()
    ip = ip_literal(host)
    if ip is not None:
        return f"[{ip}]" if ip.version == 6 else str(ip)
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        try:
            return host.encode("idna").decode("ascii")
        except UnicodeError:
            return host  # leave a host we cannot encode as written; fetching it will fail loudly


def canonicalize_url(url: str) -> str:
    """The canonical spelling of an http(s) URL; other strings come back stripped.

    Lower-case scheme and host, IDNA host, numeric hosts as dotted quads, no userinfo,
    no default port, no fragment, no dot segments, normalised escapes, tracking
    parameters (utm_*, fbclid, gclid, mc_cid, ocid, …) removed and the rest sorted.
    """
    url = url.strip()
    try:
        p = urlsplit(url)
        port = p.port
        host = p.hostname
    except ValueError:
        return url
    scheme = p.scheme.lower()
    if scheme not in DEFAULT_PORTS or not host:
        return url
    netloc = _idna_host(host)
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    path = quote(_normalize_escapes(_remove_dot_segments(p.path or "/")), safe=_PATH_SAFE)
    params = [(k, v) for k, v in parse_qsl(p.query, keep_blank_values=True) if not _is_tracking(k)]
    query = urlencode(sorted(params), quote_via=quote)
    return urlunsplit((scheme, netloc, path, query, ""))


_EDGE = "".join(chr(i) for i in range(0x21))  # C0 controls and space


def _clean(url: str) -> str | None:
    """Undo the spellings browsers forgive; None when control characters remain inside."""
    cleaned = url
    for _ in range(3):  # entities inside entities (&amp;#106;) unwrap a level per pass
        unescaped = html.unescape(cleaned)
        if unescaped == cleaned:
            break
        cleaned = unescaped
    cleaned = re.sub(r"[\t\n\r]", "", cleaned.strip(_EDGE))
    if _CONTROL_INSIDE.search(cleaned):
        return None
    return cleaned


def safe_href(url: str | None) -> str | None:
    """``url`` cleaned for use as a link, or None unless it is an absolute http(s) URL.

    Refuses ``javascript:``, ``data:``, ``vbscript:`` and every other scheme however
    spelled: mixed case, HTML entities (``&#106;avascript:``), embedded tabs, newlines
    or control characters — the tricks browsers forgive. Spaces, quotes and angle
    brackets come back percent-encoded.
    """
    cleaned = _clean(url) if url else None
    if not cleaned or ":" not in cleaned:
        return None
    scheme, rest = cleaned.split(":", 1)
    if scheme.lower() not in DEFAULT_PORTS:
        return None
    try:
        p = urlsplit(cleaned)
        p.port  # noqa: B018 - a bad port raises here
    except ValueError:
        return None
    if not p.hostname:
        return None
    for ch, esc in ((" ", "%20"), ('"', "%22"), ("<", "%3C"), (">", "%3E"), ("`", "%60")):
        rest = rest.replace(ch, esc)
    return scheme.lower() + ":" + rest


def resolve_href(base: str, href: str | None) -> str | None:
    """``href`` (possibly relative) resolved against ``base``, then :func:`safe_href`."""
    cleaned = _clean(href) if href else None
    if not cleaned:
        return None
    try:
        return safe_href(urljoin(base, cleaned))
    except ValueError:
        return None
