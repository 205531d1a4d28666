"""Records ⇄ the JSON shapes of DESIGN.md §4 (CLI ``--json``, the API, stored JSON columns)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .records import Article, Citation, Digest, Paragraph, Quote, RelevantArticle, Story


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def parse_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def quote_dict(q: Quote, *, with_article: bool = True) -> dict[str, Any]:
    d: dict[str, Any] = {"text": q.text, "start": q.start, "end": q.end, "speaker": q.speaker, "role": q.role, "verb": q.verb}
    if with_article:
        d["article_id"] = q.article_id
    return d


def quote_from(d: dict[str, Any]) -> Quote:
    return Quote(
        text=d["text"], start=d["start"], end=d["end"], speaker=d.get("speaker", ""),
        role=d.get("role", ""), verb=d.get("verb", ""), article_id=d.get("article_id", ""),
    )


def paragraph_dict(p: Paragraph) -> dict[str, Any]:
    return {"text": p.text, "citations": [{"article_id": c.article_id, "start": c.start, "end": c.end} for c in p.citations]}


def paragraph_from(d: dict[str, Any]) -> Paragraph:
    return Paragraph(d["text"], tuple(Citation(c["article_id"], c["start"], c["end"]) for c in d["citations"]))


def relevant_dict(r: RelevantArticle) -> dict[str, Any]:
    return {
        "article_id": r.article_id, "title": r.title, "outlet": r.outlet, "url": r.url,
        "published": iso(r.published), "duplicate_of": r.duplicate_of,
    }


def relevant_from(d: dict[str, Any]) -> RelevantArticle:
    return RelevantArticle(
        article_id=d["article_id"], title=d.get("title", ""), outlet=d.get("outlet", ""), url=d.get("url", ""),
        published=parse_iso(d.get("published")), duplicate_of=d.get("duplicate_of"),
    )


def digest_dict(d: Digest) -> dict[str, Any]:
    return {
        "story_id": d.story_id,
        "slug": d.slug,
        "headline": d.headline,
        "lede": d.lede,
        "paragraphs": [paragraph_dict(p) for p in d.paragraphs],
        "quotes": [quote_dict(q) for q in d.quotes],
        "relevant_articles": [relevant_dict(r) for r in d.relevant_articles],
        "entities": list(d.entities),
        "people": list(d.people),
        "published": iso(d.published),
        "updated": iso(d.updated),
        "version": d.version,
        "writer": d.writer,
        "writer_note": d.writer_note,
        "status": d.status,
        "word_count": d.word_count,
    }


def story_dict(s: Story) -> dict[str, Any]:
    return {
        "story_id": s.id,
        "title": s.title,
        "article_ids": list(s.article_ids),
        "article_count": s.article_count,
        "outlet_count": s.outlet_count,
        "independent_count": s.independent_count,
        "trend_score": round(s.trend_score, 4),
        "first_seen": iso(s.first_seen),
        "last_seen": iso(s.last_seen),
        "status": s.status,
    }


def article_dict(a: Article) -> dict[str, Any]:
    """One line of the article JSONL format (DESIGN.md §4); ``published`` at the outlet's own
    offset when known (the same instant), so a re-import keeps its local date."""
    return {
        "id": a.id, "url": a.url, "source": a.source, "title": a.title, "text": a.text,
        "published": iso(a.local_published), "lang": a.language,
    }
