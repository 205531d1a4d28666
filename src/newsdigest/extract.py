"""Article page bytes → :class:`~newsdigest.records.Extracted` (text + metadata).

trafilatura does the work (comments excluded), in its precision mode — boilerplate in
an article would end up quoted in a digest — with a fall back to its default mode when
precision mode keeps only a fragment (see bench/extraction.py for the effect). It is
given the decoded page as a string, never a URL or a path; the page URL is passed only
as metadata (it is what relative canonical links resolve against).

Text form — the one every later stage's character offsets refer to: paragraphs are
separated by a single ``"\\n"`` (trafilatura's plain-text form), lines carry no
leading/trailing whitespace and there are no empty lines. :func:`text_from_html`,
the feed-content fallback, produces the same form.

Thread safety: trafilatura calls are serialised by a module lock (concurrent calls
crashed the interpreter); run extraction in processes to use several cores.
"""

from __future__ import annotations

import codecs
import html as htmllib
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from .errors import ExtractError
from .records import Extracted
from .urls import resolve_href

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HTML_LANG = re.compile(
    r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*""", re.IGNORECASE
)
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
# Browsers read these labels as windows-1252, and so do we (WHATWG Encoding).
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "l1"})
_DATE_PARAMS = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "hr",
        "dd",
        "dt",
    }
)
_DROP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head"})
# Below this many words a precision-mode result is checked against trafilatura's default mode.
_SHORT_WORDS = 150
# trafilatura is not thread-safe: concurrent calls crashed the interpreter (libxml2
# abort) in the 121-page test. Extraction is CPU-bound under the GIL anyway, so one
# lock costs little; use processes for parallel extraction.
_TRAFILATURA_LOCK = threading.Lock()
# Fewer words than this is a menu or a stub, not article text.
MIN_WORDS = 10
_HEAD_TAG = re.compile(r"<(?:link|meta)\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([A-Za-z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_INLINE_LINK = re.compile(r"""(<span\b[^>]{0,200}?\bclass=["'])link(["'])""", re.IGNORECASE)
# Characters that print nothing but break a word for search, quotes and names: a soft hyphen
# ("Doug \u00adAndres", a typesetter's hint), a zero-width space, a word joiner, a stray BOM;
# and the bidirectional embeddings, overrides and isolates a social post's embed leaves before a
# handle ("\u202a@realDonaldTrump"), which, cut from their closing mark in a digest's sentence,
# turn the text after them around. The one-character marks (LRM, RLM) stay: right-to-left text
# needs them and they close nothing.
INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


def _codec(label: str | bytes | None) -> str | None:
    if not label:
        return None
    name = (label.decode("ascii", "ignore") if isinstance(label, bytes) else label).strip().lower()
    if name in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, content_type: str = "") -> str:
    """Bytes → str: BOM, then HTTP charset, then ``<meta>`` charset, then UTF-8.

    A declared charset that does not decode cleanly is skipped; when nothing decodes
    cleanly the text is UTF-8 with U+FFFD for the bad bytes, so decoding never fails.
    """
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    header = _HEADER_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(data[:8192])
    candidates: list[str | None] = [
        _codec(header.group(1) if header else None),
        _codec(meta.group(1) if meta else None),
        "utf-8",
    ]
    for label in candidates:
        if label is None or label.startswith("utf-16"):  # a <meta> saying utf-16 in an 8-bit page lies
            continue
        try:
            return data.decode(label)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _looks_binary(data: bytes) -> bool:
    head = data[:1024]
    return head.startswith(_BINARY_MAGIC) or b"\x00" in head


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        try:
            dt = datetime.fromisoformat(value)
        except ValueError:
            return None
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC)


# English prose: about a third of its words are these; a text in another language has next to none.
_ENGLISH_WORDS = frozenset(
    "the of and to is that for it with as on are be this by from have has at or which their they he she "
    "been were would its".split()
)
_ENGLISH_SHARE = 0.08
_LANGUAGE_WORDS = 40  # fewer words do not tell a language


def _language(page: str, found: str | None, text: str) -> str | None:
    """The page's language: what trafilatura found, else ``<html lang>``. Where the page says
    English in one place and another language in another (a theme's ``<html lang="en">`` over
    German text, whose ``<meta http-equiv="content-language" content="de">`` or ``og:locale``
    says "de"), the text settles it: without English's small words it is the other language."""
    if found:
        declared: str | None = found.lower()
    else:
        m = _HTML_LANG.search(page[:10000])
        declared = m.group(1).lower() if m else None
    if declared is None or not declared.startswith("en") or _reads_english(text):
        return declared
    for tag, a in _head_tags(page):
        if tag[:5].lower() != "<meta" or (
            a.get("http-equiv", "").lower() != "content-language" and a.get("property", "").lower() != "og:locale"
        ):
            continue
        other = re.match(r"[A-Za-z]{2,3}(?![A-Za-z])", a.get("content", "").strip())
        if other and not other.group(0).lower().startswith("en"):
            return other.group(0).lower()
    return declared


def _reads_english(text: str) -> bool:
    """Whether the text holds English's small words as English prose does (a text too short to
    tell, or one written without spaces, is given the benefit of the doubt; so is a box score,
    which has none: the page's other declaration decides)."""
    words = [w.strip(".,;:!?\"'“”‘’()[]").lower() for w in text.split()]
    if len(words) < _LANGUAGE_WORDS:
        return True
    return sum(w in _ENGLISH_WORDS for w in words) >= _ENGLISH_SHARE * len(words)


def _attrs(tag: str) -> dict[str, str]:
    return {k.lower(): htmllib.unescape(v1 or v2 or v3) for k, v1, v2, v3 in _ATTR.findall(tag)}


def _head_tags(page: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Each <link> and <meta> tag of the page's head (its first 200,000 characters when it has no
    </head>), with its attributes."""
    end = page.lower().find("</head>")
    for tag in _HEAD_TAG.findall(page[: end if end >= 0 else 200_000]):
        yield tag, _attrs(tag)


def _canonical(page: str, url: str, found: str | None) -> str | None:
    """<link rel=canonical>, else og:url, else what trafilatura found; absolute http(s)."""
    og = None
    for tag, a in _head_tags(page):
        if tag[:5].lower() == "<link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            return resolve_href(url, a["href"])
        if a.get("property", "").lower() == "og:url" and a.get("content") and og is None:
            og = a["content"]
    if og:
        return resolve_href(url, og)
    return resolve_href(url, found) if found and found != url else None


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", INVISIBLE.sub("", line)).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def extract_article(html: bytes | str, url: str, *, content_type: str = "") -> Extracted:
    """Extract the article body and metadata of one page.

    ``content_type`` is the HTTP Content-Type (for its charset). Raises ExtractError
    (reason ``not_html`` for binary input, ``no_text`` when no article text is found).
    """
    if isinstance(html, bytes):
        if _looks_binary(html):
            err = ExtractError(f"extract: not an HTML page (binary content): {url}")
            err.reason = "not_html"
            raise err
        page = decode_html(html, content_type)
    else:
        page = html
    if not page.strip():
        raise ExtractError(f"extract: empty page: {url}")
    # Precision mode drops any span or div whose class is "link" (a related-links box, in its
    # view); a sentence's inline link wrapped in <span class="link"> went with it and left the
    # sentence with a hole ("La Canfora has reported that for his role in the fight").
    page = _INLINE_LINK.sub(r"\1inline-link\2", page)
    doc = _run_trafilatura(page, url, favor_precision=True)
    words = len(doc.text.split()) if doc is not None and doc.text else 0
    if words < _SHORT_WORDS:
        # Precision mode sometimes keeps only a teaser of a long article; the default
        # mode then finds the body. Take it only when it is clearly longer.
        wide = _run_trafilatura(page, url, favor_precision=False)
        if wide is not None and wide.text and len(wide.text.split()) >= 2 * max(words, 1):
            doc = wide
    text = _tidy(doc.text or "") if doc is not None else ""
    if doc is None or len(text.split()) < MIN_WORDS:
        raise ExtractError(f"extract: no article text found: {url}")
    return Extracted(
        text=text,
        title=_tidy(doc.title or "").replace("\n", " "),
        author=_tidy(doc.author or "").replace("\n", " "),
        published=_published(doc.date),
        canonical_url=_canonical(page, url, doc.url),
        language=_language(page, getattr(doc, "language", None), text),
    )


def _run_trafilatura(page: str, url: str, *, favor_precision: bool) -> Any:
    try:
        with _TRAFILATURA_LOCK:
            return trafilatura.bare_extraction(
                page,
                url=url or None,
                include_comments=False,
                favor_precision=favor_precision,
                with_metadata=True,
                date_extraction_params=_DATE_PARAMS,
            )
    except (ValueError, TypeError, lxml.etree.LxmlError) as exc:  # trafilatura lets parser errors out
        raise ExtractError(f"extract: cannot parse page ({exc}): {url}") from None


def text_from_html(html: str) -> str:
    """Plain text of an HTML fragment (feed content): one paragraph per line.

    Block elements (p, div, li, headings, br …) end a paragraph; scripts and styles are
    dropped; entities are decoded. Same form as :func:`extract_article`'s text.
    """
    if not html or not html.strip():
        return ""
    try:
        # document_fromstring takes fragments and whole pages alike (a fragment gets
        # an implied <html><body>); fragment_fromstring asserts on whole pages.
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    paragraphs: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            paragraphs.append("".join(buf))
            buf.clear()

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP:
            return
        if tag in _BLOCKS:
            flush()
        if tag and el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if tag in _BLOCKS:
            flush()

    walk(root)
    flush()
    return _tidy("\n".join(paragraphs))
