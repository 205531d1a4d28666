"""Publish stage: a digest's public address, its body as marked-up pieces, and the feeds.

Everything here is a pure function over records and the config, so the web app, the
static export and the tests all render the same bytes. XML is built with
``xml.etree`` (never by pasting strings together): feed and page text comes from
outside and is hostile until escaped. Characters that XML 1.0 cannot carry at all
(control characters) are dropped, since no escaping can make them legal.

The body of a digest is turned into ``Piece``s once (``body_pieces``): plain text runs,
quotes (linked to their source with a ``#:~:text=`` fragment) and footnote markers that
point into the "Relevant articles" list. The HTML page and the feeds' HTML both render
those pieces, each with its own escaping (Jinja2 autoescape / ElementTree).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Literal, Protocol
from urllib.parse import quote as url_quote

from .records import Digest, Quote, RelevantArticle
from .urls import safe_href  # the one gate for outside URLs in a page

NS_CONTENT = "http://purl.org/rss/1.0/modules/content/"
NS_MEDIA = "http://search.yahoo.com/mrss/"
NS_ATOM = "http://www.w3.org/2005/Atom"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NS_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

# Prefixes ElementTree writes (module-global in ElementTree, so set once here).
for _prefix, _uri in (
    ("content", NS_CONTENT),
    ("media", NS_MEDIA),
    ("atom", NS_ATOM),
    ("dc", NS_DC),
    ("news", NS_NEWS),
):
    ET.register_namespace(_prefix, _uri)

FEED_ITEMS = 50  # digests in each feed
NEWS_SITEMAP_WINDOW = timedelta(hours=48)  # Google News only reads articles this recent
NEWS_SITEMAP_MAX = 1000  # and at most this many URLs
SITEMAP_MAX = 50_000  # sitemaps.org limit per file


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


# Characters a page may render differently from our extracted text, or that browsers
# match differently: quote marks and apostrophes (Chromium folds curly and straight ones,
# the spec's comparison does not), hyphens and dashes (non-breaking and soft hyphens,
# minus signs), anything invisible or not a plain space, and "|", which trafilatura
# puts between table cells (each cell is a block of its own on the page).
_FRAGILE = frozenset("\"'`´‘’‚‛“”„‟«»‹›′″-‐‑‒–—―−⁃﹘﹣－|")
_TERM_WORDS = 4  # words per textStart / textEnd term
_MIN_TERM_WORDS = 3  # a term shorter than this (and than _MIN_TERM_CHARS) is too common
_MIN_TERM_CHARS = 15


def text_fragment(url: str, quoted: str) -> str:
    """``url#:~:text=…`` so a browser highlights the quoted words on the source page.

    The link must match the page as the browser renders it, while ``quoted`` is our
    extracted text, so the terms are made of words that survive the difference: runs of
    words without quote marks, dashes or invisible characters, never across a line break
    or a table cell's "|" (a new paragraph, ``<br>`` or cell is a new block, and a term
    cannot span blocks). A quote longer than eight such words becomes
    ``textStart,textEnd`` (four words each, the end grown until it occurs once after the
    start), which also keeps links short. The quote shown on the page stays verbatim;
    only the words the link searches for are chosen. A quote with no run of three words
    (or 15 characters) falls back to its own words. bench/fragments.py measures it on
    real pages.
    """
    lines = [cell for line in quoted.splitlines() for cell in _cells(line.split())]
    runs = [run for words in lines for run in _sturdy_runs(words)]
    good = [run for run in runs if _distinctive(run)]
    if not good:  # nothing sturdy and distinctive: the quote's own words are all there is
        good = [trimmed for words in lines if (trimmed := _trim_marks(words))]
        if not good:
            return url
    first, last = good[0], good[-1]
    if len(good) == 1 and len(first) <= 2 * _TERM_WORDS:
        directive = _fragment_term(" ".join(first))
    else:
        start = first[:_TERM_WORDS]
        after = " ".join(start)
        flat = " ".join(" ".join(words) for words in lines)
        rest = flat[flat.find(after) + len(after) :]
        end = _end_term(last if last is not first else first[_TERM_WORDS:], rest)
        directive = _fragment_term(" ".join(start)) + ("," + _fragment_term(end) if end else "")
    return url.split("#", 1)[0] + "#:~:text=" + directive


def _cells(words: list[str]) -> list[list[str]]:
    """A line cut at trafilatura's "|" between table cells: each cell is its own block."""
    cells: list[list[str]] = [[]]
    for w in words:
        if w == "|":
            cells.append([])
        else:
            cells[-1].append(w)
    return [c for c in cells if c]


def _sturdy_runs(words: list[str]) -> list[list[str]]:
    """Maximal runs of consecutive words free of fragile characters."""
    runs: list[list[str]] = [[]]
    for w in words:
        if any(c in _FRAGILE or not c.isprintable() for c in w):
            runs.append([])
        else:
            runs[-1].append(w)
    return [r for r in runs if r]


def _trim_marks(words: list[str]) -> list[str]:
    """``words`` without the words that are only marks at either end ("-", "|", "—"):
    trafilatura's list bullets and cell bars, which the page does not show."""
    has_alnum = [any(c.isalnum() for c in w) for w in words]
    if not any(has_alnum):
        return []
    lo = has_alnum.index(True)
    hi = len(words) - has_alnum[::-1].index(True)
    return words[lo:hi]


def _distinctive(run: list[str]) -> bool:
    return len(run) >= _MIN_TERM_WORDS or len(" ".join(run)) >= _MIN_TERM_CHARS


def _end_term(run: list[str], rest: str) -> str:
    """The last words of ``run``, as few as occur only once in ``rest`` (the quote after
    textStart): a browser takes textEnd's first match, which is then the intended one."""
    rest = rest.casefold()
    for n in range(min(_TERM_WORDS, len(run)), len(run) + 1):
        term = " ".join(run[-n:])
        if rest.find(term.casefold()) == rest.rfind(term.casefold()) != -1:
            return term
    return ""


def _fragment_term(s: str) -> str:
    # "-", "," and "&" are syntax inside a text directive, so they must be escaped too.
    return url_quote(s, safe="").replace("-", "%2D")


# ---------------------------------------------------------------- body pieces


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote marker: the number of a relevant article and what it is."""

    number: int  # 1-based position in digest.relevant_articles
    label: str  # "Outlet: Article title", shown on hover


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a paragraph: plain text, a quote, or footnote markers."""

    kind: Literal["text", "quote", "notes"]
    text: str = ""
    href: str | None = None  # a quote's source link (already through safe_href)
    label: str = ""  # a quote's hover text: who said it, where
    notes: tuple[Note, ...] = ()
    marked: bool = False  # a quote whose text already carries its quotation marks


_OPEN_MARKS = "\"“‘'«"
_CLOSE_MARKS = "\"”’'»"
# A sentence ends at . ! or ? (maybe followed by a closing mark or bracket) before a
# space and something that can start a sentence.
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")


def article_label(ra: RelevantArticle) -> str:
    return f"{ra.outlet}: {ra.title}" if ra.outlet and ra.title else (ra.title or ra.outlet)


def quote_label(q: Quote, ra: RelevantArticle | None) -> str:
    who = ", ".join(x for x in (q.speaker, q.role) if x)
    where = article_label(ra) if ra else ""
    if who and where:
        return f"{who}, quoted in {where}"
    return who or (f"Quoted in {where}" if where else "")


def _quote_spans(text: str, quotes: Iterable[Quote], used: set[int]) -> list[tuple[int, int, int]]:
    """Where each not-yet-placed quote sits in ``text``: (start, end, quote index).

    The span is widened over the quotation marks around it so the whole quotation is
    styled as one. A quote already placed in an earlier paragraph is not placed again.
    """
    spans: list[tuple[int, int, int]] = []
    for i, q in enumerate(quotes):
        if i in used or not q.text.strip():
            continue
        s = text.find(q.text)
        while s != -1 and any(s < e2 and s + len(q.text) > s2 for s2, e2, _ in spans):
            s = text.find(q.text, s + 1)
        if s == -1:
            continue
        e = s + len(q.text)
        if s > 0 and text[s - 1] in _OPEN_MARKS:
            # Take the marks in, and punctuation set inside them (“… deliberate.”).
            close = e + 1 if e < len(text) and text[e] in ",.!?;:…" else e
            if close < len(text) and text[close] in _CLOSE_MARKS:
                s, e = s - 1, close + 1
        spans.append((s, e, i))
        used.add(i)
    return sorted(spans)


def _sentence_ends(text: str, spans: list[tuple[int, int, int]]) -> list[int]:
    """Offsets just past each sentence, ignoring full stops inside a quote."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    ends = [x for x in ends if not any(s < x < e for s, e, _ in spans)]
    tail = len(text.rstrip())
    if not ends or ends[-1] < tail:
        ends.append(tail)
    return ends


def body_pieces(digest: Digest) -> list[list[Piece]]:
    """Each paragraph of the body as pieces: text, linked quotes and footnote markers.

    Footnotes go after each sentence when the paragraph has one citation per sentence
    (what the writer produces); otherwise the paragraph's sources are listed once at its
    end, so provenance is never attached to the wrong sentence.
    """
    numbers = {ra.article_id: n for n, ra in enumerate(digest.relevant_articles, 1)}
    by_id = {ra.article_id: ra for ra in digest.relevant_articles}
    used: set[int] = set()
    out: list[list[Piece]] = []
    for para in digest.paragraphs:
        text = para.text
        spans = _quote_spans(text, digest.quotes, used)
        ends = _sentence_ends(text, spans)
        cited = [c.article_id for c in para.citations]
        marks: dict[int, list[str]] = {}
        if len(cited) == len(ends):
            for end, aid in zip(ends, cited, strict=True):
                marks.setdefault(end, []).append(aid)
        elif cited:
            marks[ends[-1]] = list(dict.fromkeys(cited))
        out.append(_pieces(text, spans, marks, digest.quotes, numbers, by_id))
    return out


def _pieces(
    text: str,
    spans: list[tuple[int, int, int]],
    marks: dict[int, list[str]],
    quotes: tuple[Quote, ...],
    numbers: dict[str, int],
    by_id: dict[str, RelevantArticle],
) -> list[Piece]:
    cuts = sorted({0, len(text), *marks, *(x for s, e, _ in spans for x in (s, e))})
    quote_at = {s: (e, qi) for s, e, qi in spans}
    pieces: list[Piece] = []
    pos = 0
    for cut in cuts[1:]:
        if cut <= pos:
            continue
        if pos in quote_at:
            end, qi = quote_at[pos]
            q = quotes[qi]
            ra = by_id.get(q.article_id)
            href = safe_href(ra.url) if ra else None
            pieces.append(
                Piece(
                    "quote",
                    text[pos:end],
                    href=href and text_fragment(href, q.text),
                    label=quote_label(q, ra),
                    marked=text[pos] in _OPEN_MARKS,
                )
            )
            pos = end
        else:
            pieces.append(Piece("text", text[pos:cut]))
            pos = cut
        notes = tuple(
            Note(numbers[a], article_label(by_id[a]))
            for a in dict.fromkeys(marks.get(pos, ()))
            if a in numbers
        )
        if notes:
            pieces.append(Piece("notes", notes=notes))
    return _merge_text(pieces)


def _merge_text(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for p in pieces:
        if p.kind == "text" and out and out[-1].kind == "text":
            out[-1] = Piece("text", out[-1].text + p.text)
        elif p.text or p.kind == "notes":
            out.append(p)
    return out


def body_html(digest: Digest, page_url: str) -> str:
    """The body as an HTML fragment for feeds: paragraphs, quotes, sources list."""
    root = ET.Element("div")
    for para in body_pieces(digest):
        p = ET.SubElement(root, "p")
        last: ET.Element | None = None
        for piece in para:
            if piece.kind == "text":
                _append_text(p, last, piece.text)
                continue
            if piece.kind == "quote":
                q = ET.Element("q")
                q.text = xml_text(piece.text)
                if piece.href:
                    q.set("cite", piece.href)
                    a = ET.SubElement(p, "a", href=piece.href, title=xml_text(piece.label))
                    a.append(q)
                    last = a
                else:
                    p.append(q)
                    last = q
                continue
            for note in piece.notes:
                sup = ET.SubElement(p, "sup")
                a = ET.SubElement(
                    sup, "a", href=f"{page_url}#source-{note.number}", title=xml_text(note.label)
                )
                a.text = f"[{note.number}]"
                last = sup
    if digest.relevant_articles:
        h = ET.SubElement(root, "h2")
        h.text = "Relevant articles"
        ol = ET.SubElement(root, "ol")
        for ra in digest.relevant_articles:
            li = ET.SubElement(ol, "li")
            href = safe_href(ra.url)
            target = ET.SubElement(li, "a", href=href) if href else ET.SubElement(li, "span")
            target.text = xml_text(ra.title or ra.url)
            bits = [ra.outlet] + ([as_utc(ra.published).strftime("%Y-%m-%d")] if ra.published else [])
            if ra.duplicate_of:
                bits.append("reprint")
            target.tail = xml_text(", " + ", ".join(b for b in bits if b)) if any(bits) else None
    return ET.tostring(root, encoding="unicode", method="html")


def _append_text(parent: ET.Element, last: ET.Element | None, text: str) -> None:
    text = xml_text(text)
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


# ---------------------------------------------------------------- feeds


def _feed_digests(digests: Iterable[Digest]) -> list[Digest]:
    """Only digests that have an address; newest first, at most FEED_ITEMS."""
    ok = [d for d in digests if is_publishable(d)]
    ok.sort(key=lambda d: as_utc(d.published), reverse=True)  # type: ignore[arg-type]
    return ok[:FEED_ITEMS]


def _feed_updated(digests: list[Digest]) -> datetime:
    # The newest change, not "now": the same digests always give the same bytes.
    stamps = [t for d in digests if (t := last_modified(d)) is not None]
    return max(stamps) if stamps else datetime(1970, 1, 1, tzinfo=UTC)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def _xml_bytes(root: ET.Element) -> bytes:
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def rss_feed(digests: Iterable[Digest], config: SiteConfig) -> bytes:
    """RSS 2.0 with the full body in ``content:encoded`` and Media RSS keywords/credits."""
    items = _feed_digests(digests)
    base = site_base(config)
    rss = ET.Element("rss", version="2.0")
    channel = _sub(rss, "channel")
    _sub(channel, "title", config.site_title)
    _sub(channel, "link", base + "/")
    _sub(channel, "description", config.site_description)
    _sub(channel, "language", "en")
    _sub(channel, "lastBuildDate", format_datetime(_feed_updated(items)))
    _sub(channel, "generator", "newsdigest")
    _sub(channel, f"{{{NS_ATOM}}}link", href=base + "/feed.xml", rel="self", type="application/rss+xml")
    for d in items:
        url = digest_url(d, config)
        item = _sub(channel, "item")
        _sub(item, "title", d.headline)
        _sub(item, "link", url)
        _sub(item, "guid", url, isPermaLink="true")
        _sub(item, "pubDate", format_datetime(as_utc(d.published)))  # type: ignore[arg-type]
        _sub(item, "description", excerpt(d.lede, 300))
        _sub(item, f"{{{NS_CONTENT}}}encoded", body_html(d, url))
        _sub(item, f"{{{NS_DC}}}creator", config.site_title)
        for name in d.entities:
            _sub(item, "category", name)
        if d.entities:
            _sub(item, f"{{{NS_MEDIA}}}keywords", ", ".join(n.replace(",", " ") for n in d.entities))
        outlets = list(dict.fromkeys(ra.outlet for ra in d.relevant_articles if ra.outlet))
        for outlet in outlets:
            _sub(item, f"{{{NS_MEDIA}}}credit", outlet, role="source")
    return _xml_bytes(rss)


def atom_feed(digests: Iterable[Digest], config: SiteConfig) -> bytes:
    """Atom 1.0: summary plus the full body as escaped HTML content."""
    items = _feed_digests(digests)
    base = site_base(config)
    # Atom is the default namespace: plain names under an explicit xmlns (ElementTree's
    # default_namespace option refuses the un-prefixed attributes Atom needs).
    a = ""
    feed = ET.Element("feed", xmlns=NS_ATOM)
    _sub(feed, a + "id", base + "/")
    _sub(feed, a + "title", config.site_title)
    _sub(feed, a + "subtitle", config.site_description)
    _sub(feed, a + "updated", rfc3339(_feed_updated(items)))
    _sub(feed, a + "link", href=base + "/atom.xml", rel="self", type="application/atom+xml")
    _sub(feed, a + "link", href=base + "/", rel="alternate", type="text/html")
    author = _sub(feed, a + "author")
    _sub(author, a + "name", config.site_title)
    _sub(author, a + "uri", base + "/")
    _sub(feed, a + "generator", "newsdigest")
    for d in items:
        url = digest_url(d, config)
        entry = _sub(feed, a + "entry")
        _sub(entry, a + "id", url)
        _sub(entry, a + "title", d.headline)
        _sub(entry, a + "link", href=url, rel="alternate", type="text/html")
        _sub(entry, a + "published", rfc3339(d.published))  # type: ignore[arg-type]
        _sub(entry, a + "updated", rfc3339(last_modified(d)))  # type: ignore[arg-type]
        _sub(entry, a + "summary", excerpt(d.lede, 300))
        _sub(entry, a + "content", body_html(d, url), type="html")
        for name in d.entities:
            _sub(entry, a + "category", term=name)
    return _xml_bytes(feed)


def json_feed(digests: Iterable[Digest], config: SiteConfig) -> bytes:
    """JSON Feed 1.1."""
    items = _feed_digests(digests)
    base = site_base(config)
    doc = {
        "version": JSON_FEED_VERSION,
        "title": config.site_title,
        "home_page_url": base + "/",
        "feed_url": base + "/feed.json",
        "description": config.site_description,
        "language": "en",
        "authors": [{"name": config.site_title, "url": base + "/"}],
        "items": [
            {
                "id": (url := digest_url(d, config)),
                "url": url,
                "title": d.headline,
                "summary": excerpt(d.lede, 300),
                "content_html": body_html(d, url),
                "date_published": rfc3339(d.published),  # type: ignore[arg-type]
                "date_modified": rfc3339(last_modified(d)),  # type: ignore[arg-type]
                "tags": list(d.entities),
                "language": "en",
            }
            for d in items
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


# ---------------------------------------------------------------- sitemaps, robots


def sitemap(digests: Iterable[Digest], config: SiteConfig) -> bytes:
    """sitemap.xml: the home page and every digest with its last change."""
    base = site_base(config)
    ok = [d for d in digests if is_publishable(d)][: SITEMAP_MAX - 1]
    urlset = ET.Element("urlset", xmlns=NS_SITEMAP)
    home = _sub(urlset, "url")
    _sub(home, "loc", base + "/")
    if ok:
        _sub(home, "lastmod", rfc3339(_feed_updated(ok)))
    for d in ok:
        u = _sub(urlset, "url")
        _sub(u, "loc", digest_url(d, config))
        _sub(u, "lastmod", rfc3339(last_modified(d)))  # type: ignore[arg-type]
    return _xml_bytes(urlset)


def news_sitemap(digests: Iterable[Digest], config: SiteConfig, now: datetime | None = None) -> bytes:
    """Google News sitemap: digests first published in the last 48 hours."""
    now = as_utc(now or datetime.now(UTC))
    recent = [
        d
        for d in digests
        if is_publishable(d) and now - as_utc(d.published) <= NEWS_SITEMAP_WINDOW  # type: ignore[arg-type]
    ][:NEWS_SITEMAP_MAX]
    s, n = "", f"{{{NS_NEWS}}}"
    urlset = ET.Element("urlset", xmlns=NS_SITEMAP)
    for d in recent:
        u = _sub(urlset, s + "url")
        _sub(u, s + "loc", digest_url(d, config))
        news = _sub(u, n + "news")
        pub = _sub(news, n + "publication")
        _sub(pub, n + "name", config.site_title)
        _sub(pub, n + "language", "en")
        _sub(news, n + "publication_date", rfc3339(d.published))  # type: ignore[arg-type]
        _sub(news, n + "title", d.headline)
    return _xml_bytes(urlset)


def robots_txt(config: SiteConfig) -> str:
    base = site_base(config)
    return (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /api/\n"
        "Allow: /\n"
        "\n"
        f"Sitemap: {base}/sitemap.xml\n"
        f"Sitemap: {base}/news-sitemap.xml\n"
    )
