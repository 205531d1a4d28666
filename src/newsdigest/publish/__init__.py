"""Publish stage: digests become a public site, feeds and the files crawlers read.

Everything here is a pure function over records and the config, so the web app, the
static export and the tests all render the same bytes. This module holds what every
output shares: a digest's public address (``digest_path``, ``digest_url``), its dates
(``last_modified``, ``rfc3339``), ``excerpt`` and ``xml_text``, and what of an archived
digest (behind the subscription gate) anyone may read: ``archived``, ``open_parts``.
Characters that XML 1.0 cannot carry at all (control characters) are dropped, since no
escaping can make them legal. The rest, one module per output:

    body         the digest body as ``Piece``s once (``body_pieces``): plain text runs,
                 quotes linked to their source and footnote markers pointing into the
                 "Relevant articles" list; the page (Jinja2 autoescape) and the feeds'
                 HTML (``body_html``, ElementTree) both render those pieces
    fragments    a quote's link to its source: ``text_fragment`` builds the
                 ``#:~:text=`` fragment that makes a browser highlight the quoted words
    syndication  RSS 2.0, Atom, JSON Feed, sitemap.xml, the Google News sitemap and
                 robots.txt (XML built with ``xml.etree``, never pasted together)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from ..records import Digest


class SiteConfig(Protocol):
    """The three settings publishing needs (``settings.Config`` has them)."""

    site_title: str
    site_url: str
    site_description: str


# ---------------------------------------------------------------- small helpers

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SLUG_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$")  # URL-unreserved characters only


def xml_text(s: str) -> str:
    """Drop the characters XML 1.0 cannot represent (escaping cannot save them)."""
    return _XML_ILLEGAL.sub("", s or "")


def as_utc(dt: datetime) -> datetime:
    """Naive datetimes in records are UTC by convention."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def rfc3339(dt: datetime) -> str:
    return as_utc(dt).strftime("%Y-%m-%dT%H:%M:%SZ")


def last_modified(digest: Digest) -> datetime | None:
    """When the digest last changed: ``updated`` if later than ``published``."""
    if digest.published is None:
        return digest.updated and as_utc(digest.updated)
    pub = as_utc(digest.published)
    if digest.updated is not None and as_utc(digest.updated) > pub:
        return as_utc(digest.updated)
    return pub


def is_publishable(digest: Digest) -> bool:
    """A digest gets an address only with a slug we can put in a URL and a date."""
    return digest.published is not None and bool(_SLUG_OK.match(digest.slug))


def digest_path(digest: Digest) -> str:
    """``/yyyy/mm/dd/slug/`` where the date is the (UTC) first-publication date."""
    if not is_publishable(digest):
        raise ValueError(
            f"publish: digest {digest.id} has no publication date or URL-safe slug: {digest.slug!r}"
        )
    assert digest.published is not None
    return as_utc(digest.published).strftime("/%Y/%m/%d/") + digest.slug + "/"


def site_base(config: SiteConfig) -> str:
    return str(config.site_url).rstrip("/")


def digest_url(digest: Digest, config: SiteConfig) -> str:
    return site_base(config) + digest_path(digest)


def excerpt(text: str, n: int = 85) -> str:
    """The first ``n`` characters of ``text``, cut at a word boundary, then "…"."""
    flat = " ".join((text or "").split())
    if len(flat) <= n:
        return flat
    cut = flat[: n + 1]
    space = cut.rfind(" ")
    # A single giant "word" (a URL, say) still has to be cut somewhere.
    head = cut[:space] if space > n // 3 else flat[:n]
    return head.rstrip(" ,;:-–—(\"'“‘") + "…"


# ---------------------------------------------------------------- the archive gate


def archived(digest: Digest, config: Any, now: datetime | None = None) -> bool:
    """Behind the subscription gate: the gate is on (``archive_gate_days`` > 0), the site can
    send mail (without it nobody could subscribe, so a gate would be a wall) and the digest
    was first published longer ago than that. A config without the setting (a feed's own
    title object) has no gate."""
    from ..mail import mail_enabled  # mail imports this module

    days = int(getattr(config, "archive_gate_days", 0) or 0)
    if days <= 0 or digest.published is None or not mail_enabled(config):
        return False
    return (now or datetime.now(UTC)) - as_utc(digest.published) > timedelta(days=days)


def lede_only(digest: Digest) -> Digest:
    """What anyone may read of an archived digest, as its page shows it: the lede paragraph
    and the quotes in it; the rest is for subscribers."""
    kept = digest.paragraphs[:1]
    text = kept[0].text if kept else ""
    return replace(digest, paragraphs=kept, quotes=tuple(q for q in digest.quotes if q.text in text))


def open_parts(digests: Iterable[Digest], config: Any, now: datetime | None = None) -> list[Digest]:
    """The digests as a feed or the API gives them to anyone: an archived one by its lede only."""
    return [lede_only(d) if archived(d, config, now) else d for d in digests]
