"""Sources: validate a new feed, read and write OPML."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .errors import SourceError
from .records import Source

MAX_OPML_BYTES = 5_000_000


def validate_feed_url(url: str) -> str:
    """A feed URL must be absolute http(s) with a host; the fetch gate judges addresses later."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SourceError(f"sources: not an http(s) feed URL: {url!r}")
    if any(ch in url for ch in "\r\n\t ") or len(url) > 2000:
        raise SourceError(f"sources: malformed feed URL: {url!r}")
    return url


def new_source(url: str, name: str | None = None, **fields: object) -> Source:
    url = validate_feed_url(url)
    name = (name or urlsplit(url).hostname or url).strip()
    if not name or len(name) > 200:
        raise SourceError(f"sources: a source needs a name of 1–200 characters: {url}")
    return Source(name=name, url=url, **fields)  # type: ignore[arg-type]


def parse_opml(content: bytes) -> list[Source]:
    """Every ``<outline xmlUrl=…>`` of an OPML file (nested folders included)."""
    if len(content) > MAX_OPML_BYTES:
        raise SourceError("sources: OPML file larger than 5 MB")
    try:
        root = SafeET.fromstring(content)
    except (SafeET.ParseError, DefusedXmlException, ValueError) as exc:
        raise SourceError(f"sources: not a readable OPML file: {exc}") from None
    if root.tag.lower() != "opml":
        raise SourceError(f"sources: not an OPML file (root element <{root.tag}>)")
    found: list[Source] = []
    for node in root.iter("outline"):
        url = node.get("xmlUrl") or node.get("xmlurl")
        if not url:
            continue
        name = node.get("title") or node.get("text") or None
        labels = tuple(x.strip() for x in (node.get("category") or "").replace("/", ",").split(",") if x.strip())
        found.append(new_source(url, name, homepage=node.get("htmlUrl") or "", language=node.get("language") or "en",
                                labels=labels))
    return found


def to_opml(sources: Iterable[Source], title: str = "newsdigest sources") -> str:
    opml = Element("opml", version="2.0")
    head = SubElement(opml, "head")
    SubElement(head, "title").text = title
    body = SubElement(opml, "body")
    for s in sources:
        attrs = {"type": "rss", "text": s.name, "title": s.name, "xmlUrl": s.url}
        if s.homepage:
            attrs["htmlUrl"] = s.homepage
        if s.language:
            attrs["language"] = s.language
        if s.labels:
            attrs["category"] = ",".join(s.labels)
        SubElement(body, "outline", attrs)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(opml, encoding="unicode") + "\n"
