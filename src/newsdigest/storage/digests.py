"""Digests and their versions. A changed digest keeps its slug and first publication
date, gets a new version and an ``updated`` time; an unchanged rewrite is a no-op."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..records import Digest
from ..serialize import digest_dict, paragraph_dict, paragraph_from, quote_dict, quote_from, relevant_dict, relevant_from
from .base import now_utc, utc
from .schema import digest_versions, digests, stories

_CONTENT = ("headline", "lede", "paragraphs", "quotes", "relevant_articles")


def _digest(row: Any) -> Digest:
    return Digest(
        id=row.id,
        story_id=row.story_id,
        slug=row.slug,
        headline=row.headline,
        lede=row.lede,
        paragraphs=tuple(paragraph_from(p) for p in row.paragraphs),
        quotes=tuple(quote_from(q) for q in row.quotes),
        relevant_articles=tuple(relevant_from(r) for r in row.relevant_articles),
        entities=tuple(row.entities or ()),
        people=tuple(row.people or ()),
        published=utc(row.published),
        updated=utc(row.updated),
        version=row.version,
        writer=row.writer,
        writer_note=row.writer_note,
        status=row.status,
    )


def _content(d: Digest) -> dict[str, Any]:
    return {
        "headline": d.headline,
        "lede": d.lede,
        "paragraphs": [paragraph_dict(p) for p in d.paragraphs],
        "quotes": [quote_dict(q) for q in d.quotes],
        "relevant_articles": [relevant_dict(r) for r in d.relevant_articles],
    }


class DigestStore:
    engine: sa.Engine

    def save_digest(self, d: Digest, *, now: datetime | None = None, keep_status: bool = False) -> Digest:
        """Insert or update the story's digest; returns it as stored.

        ``keep_status``: the writer's rewrite keeps an editor's decision (an unpublished
        digest stays unpublished when its story grows)."""
        now = now or now_utc()
        content = _content(d)
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(digests).where(digests.c.story_id == d.story_id)).first()
            if row is not None and keep_status and row.status != d.status:
                d = replace(d, status=row.status)
            if row is None:
                published = d.published or now
                values = {
                    **content, "story_id": d.story_id, "slug": self._free_slug(conn, d.slug or f"story-{d.story_id}", d.story_id),
                    "entities": list(d.entities), "people": list(d.people), "published": published, "updated": d.updated or published,
                    "version": 1, "writer": d.writer, "writer_note": d.writer_note, "status": d.status,
                }
                digest_id = conn.execute(digests.insert().values(**values)).inserted_primary_key[0]
                version = 1
            else:
                if all(getattr(row, k) == content[k] for k in _CONTENT) and row.status == d.status:
                    return _digest(row)
                digest_id, version = row.id, row.version + 1
                conn.execute(
                    digests.update().where(digests.c.id == digest_id).values(
                        **content, entities=list(d.entities), people=list(d.people), updated=now, version=version, writer=d.writer,
                        writer_note=d.writer_note, status=d.status
                    )
                )
            stored = conn.execute(sa.select(digests).where(digests.c.id == digest_id)).one()
            conn.execute(digest_versions.insert().values(
                digest_id=digest_id, version=version, created=now, writer=d.writer, data=digest_dict(_digest(stored)),
            ))
        return _digest(stored)

    @staticmethod
    def _free_slug(conn: sa.Connection, slug: str, story_id: int) -> str:
        taken = conn.execute(sa.select(digests.c.id).where(digests.c.slug == slug)).first()
        return slug if taken is None else f"{slug[:190]}-{story_id}"

    def digest_for_story(self, story_id: int) -> Digest | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(digests).where(digests.c.story_id == story_id)).first()
        return _digest(row) if row else None

    def digest_by_slug(self, slug: str) -> Digest | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(digests).where(digests.c.slug == slug, digests.c.status == "published")
            ).first()
        return _digest(row) if row else None

    def merged_digest(self, slug: str) -> Digest | None:
        """For the slug of a digest retired by a story merge, the kept story's digest."""
        with self.engine.connect() as conn:
            story_id = conn.execute(
                sa.select(digests.c.story_id).where(digests.c.slug == slug, digests.c.status == "merged")
            ).scalar()
            for _ in range(10):  # follow merge chains, bounded
                if story_id is None:
                    return None
                kept = conn.execute(sa.select(stories.c.merged_into).where(stories.c.id == story_id)).scalar()
                if kept is None:
                    break
                story_id = kept
        found = self.digest_for_story(story_id) if story_id is not None else None
        return found if found is not None and found.status == "published" else None

    def latest_digests(self, limit: int = 20, offset: int = 0) -> list[Digest]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digests).where(digests.c.status == "published")
                .order_by(digests.c.published.desc(), digests.c.id.desc()).limit(limit).offset(offset)
            ).all()
        return [_digest(r) for r in rows]

    def trending_digests(self, limit: int = 10) -> list[Digest]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digests).join(stories, stories.c.id == digests.c.story_id)
                .where(digests.c.status == "published")
                .order_by(stories.c.trend_score.desc(), digests.c.id.desc()).limit(limit)
            ).all()
        return [_digest(r) for r in rows]

    def count_digests(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).select_from(digests).where(digests.c.status == "published")
            ).scalar_one()

    def digest_versions(self, digest_id: int) -> list[tuple[int, datetime, str]]:
        """(version, created, writer), newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digest_versions.c.version, digest_versions.c.created, digest_versions.c.writer)
                .where(digest_versions.c.digest_id == digest_id).order_by(digest_versions.c.version.desc())
            ).all()
        return [(v, utc(c), w) for v, c, w in rows]  # type: ignore[misc]

    def similar_digests(self, digest: Digest, limit: int = 4, *, candidates: int = 300) -> list[Digest]:
        """"More like this": content similarity among recent digests, not recency."""
        from ..similar import rank_similar

        pool = [d for d in self.latest_digests(candidates) if d.story_id != digest.story_id]
        return rank_similar(digest, pool, limit)

    def digest_version(self, digest_id: int, version: int) -> Digest | None:
        """One stored version of a digest, as it read then (None if there is no such version).

        Built from the version's saved JSON; slug, id and publication date are the
        digest's own, which never change between versions."""
        with self.engine.connect() as conn:
            data = conn.execute(
                sa.select(digest_versions.c.data)
                .where(digest_versions.c.digest_id == digest_id, digest_versions.c.version == version)
            ).scalar()
        if data is None:
            return None
        from ..serialize import parse_iso

        return Digest(
            id=digest_id,
            story_id=data["story_id"],
            slug=data["slug"],
            headline=data["headline"],
            lede=data["lede"],
            paragraphs=tuple(paragraph_from(p) for p in data["paragraphs"]),
            quotes=tuple(quote_from(q) for q in data["quotes"]),
            relevant_articles=tuple(relevant_from(r) for r in data["relevant_articles"]),
            entities=tuple(data.get("entities") or ()),
            people=tuple(data.get("people") or ()),
            published=utc(parse_iso(data.get("published"))),
            updated=utc(parse_iso(data.get("updated"))),
            version=data.get("version", version),
            writer=data.get("writer", ""),
            writer_note=data.get("writer_note", ""),
            status=data.get("status", "published"),
        )
