"""The body of a digest as pieces: plain text, linked quotes and footnote markers.

``body_pieces`` cuts each paragraph once; the HTML page renders the pieces with Jinja2
autoescape and the feeds with ``body_html`` (ElementTree), each with its own escaping.
A quote links to its source with a text fragment (:mod:`.fragments`); a footnote marker
points into the "Relevant articles" list.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..records import Digest, Quote, RelevantArticle
from ..urls import safe_href  # the one gate for outside URLs in a page
from . import as_utc, xml_text
from .fragments import text_fragment


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
