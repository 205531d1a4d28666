"""Editors' work: the edit log, pins and edited-paragraph marks, the story list, search.

Who the editors are (users, sessions, login failures, API tokens) is in ``storage.users``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from ..errors import NotFound
from ..records import Digest
from .base import now_utc, utc
from .digests import _digest
from .schema import digests, stories
from .schema_admin import digest_flags, edits
from .users import User


@dataclass(frozen=True, slots=True)
class Edit:
    id: int
    story_id: int
    digest_id: int | None
    user_name: str
    via: str
    at: datetime | None
    action: str
    version: int | None
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of the editors' story list: the story and, if written, its digest."""

    story_id: int
    title: str
    trend_score: float
    article_count: int
    outlet_count: int
    last_seen: datetime | None
    changed: bool
    digest_id: int | None
    headline: str | None
    slug: str | None
    status: str | None
    version: int | None
    published: datetime | None
    updated: datetime | None
    pinned: bool


def _edit(row: Any) -> Edit:
    return Edit(
        id=row.id,
        story_id=row.story_id,
        digest_id=row.digest_id,
        user_name=row.user_name,
        via=row.via,
        at=utc(row.at),
        action=row.action,
        version=row.version,
        detail=dict(row.detail or {}),
    )


class AdminStore:
    engine: sa.Engine

    if TYPE_CHECKING:  # provided by DigestStore, the other half of ``Storage``

        def save_digest(self, d: Digest, *, now: datetime | None = None) -> Digest: ...
        def digest_for_story(self, story_id: int) -> Digest | None: ...

    # ------------------------------------------------------------------ edits

    def record_edit(
        self,
        *,
        story_id: int,
        digest_id: int | None,
        user: User,
        action: str,
        version: int | None,
        detail: dict[str, Any] | None = None,
        via: str = "admin",
        now: datetime | None = None,
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                edits.insert().values(
                    story_id=story_id,
                    digest_id=digest_id,
                    user_id=user.id,
                    user_name=user.name,
                    via=via,
                    at=now or now_utc(),
                    action=action,
                    version=version,
                    detail=detail or {},
                )
            )

    def record_moderation(
        self, *, comment_id: int, digest_id: int, status: str, user: User, now: datetime | None = None
    ) -> None:
        """Who moderated a comment, in the same log as the digest edits."""
        with self.engine.connect() as conn:
            story_id = conn.execute(sa.select(digests.c.story_id).where(digests.c.id == digest_id)).scalar()
        if story_id is not None:
            self.record_edit(
                story_id=story_id,
                digest_id=digest_id,
                user=user,
                action="moderate",
                version=None,
                detail={"comment_id": comment_id, "status": status},
                now=now,
            )

    def edits_for_story(self, story_id: int, limit: int = 50) -> list[Edit]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(edits).where(edits.c.story_id == story_id).order_by(edits.c.id.desc()).limit(limit)
            ).all()
        return [_edit(r) for r in rows]

    def recent_edits(self, limit: int = 20) -> list[Edit]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(edits).order_by(edits.c.id.desc()).limit(limit)).all()
        return [_edit(r) for r in rows]

    def save_edited_digest(
        self,
        digest: Digest,
        *,
        user: User,
        action: str,
        detail: dict[str, Any] | None = None,
        edited_paragraphs: Iterable[int] = (),
        via: str = "admin",
        now: datetime | None = None,
    ) -> tuple[Digest, bool]:
        """Save an editor's change as a new digest version and record who made it.

        Returns (digest as stored, whether anything changed); an unchanged save makes no
        version and no edit row. ``edited_paragraphs`` are indices into the new paragraphs.
        """
        now = now or now_utc()
        before = self.digest_for_story(digest.story_id)
        if before is None or before.id != digest.id:
            raise NotFound(f"admin: story {digest.story_id} has no digest {digest.id}")
        stored = self.save_digest(replace(digest, writer=f"editor:{user.name}"[:64]), now=now)
        if stored.version == before.version:
            return stored, False
        marked = sorted(set(edited_paragraphs))
        with self.engine.begin() as conn:
            flags = conn.execute(sa.select(digest_flags).where(digest_flags.c.digest_id == stored.id)).first()
            if marked or flags is not None:
                # Marks of an earlier editor version still stand if they carried over unchanged.
                carried: list[int] = []
                if flags is not None and flags.edited_version == before.version:
                    carried = [i for i in flags.edited_paragraphs if i < len(stored.paragraphs)]
                values = {
                    "edited_paragraphs": sorted(set(carried) | set(marked)),
                    "edited_version": stored.version,
                }
                if flags is None:
                    conn.execute(digest_flags.insert().values(digest_id=stored.id, pinned=False, **values))
                else:
                    conn.execute(
                        digest_flags.update().where(digest_flags.c.digest_id == stored.id).values(**values)
                    )
            conn.execute(
                edits.insert().values(
                    story_id=stored.story_id,
                    digest_id=stored.id,
                    user_id=user.id,
                    user_name=user.name,
                    via=via,
                    at=now,
                    action=action,
                    version=stored.version,
                    detail=detail or {},
                )
            )
        return stored, True

    # ------------------------------------------------------------------ flags

    def edited_paragraphs(self, digest: Digest) -> set[int]:
        """Indices of the paragraphs an editor changed, for the digest's current version."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(digest_flags).where(digest_flags.c.digest_id == digest.id)).first()
        if row is None or row.edited_version != digest.version:
            return set()
        return set(row.edited_paragraphs)

    def set_pinned(self, digest_id: int, pinned: bool, *, now: datetime | None = None) -> bool:
        """Pin or unpin; returns whether that changed anything."""
        now = now or now_utc()
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(digest_flags.c.pinned).where(digest_flags.c.digest_id == digest_id)
            ).first()
            if row is None:
                if not pinned:
                    return False
                conn.execute(
                    digest_flags.insert().values(
                        digest_id=digest_id, pinned=True, pinned_at=now, edited_paragraphs=[]
                    )
                )
                return True
            if bool(row.pinned) == pinned:
                return False
            conn.execute(
                digest_flags.update()
                .where(digest_flags.c.digest_id == digest_id)
                .values(pinned=pinned, pinned_at=now if pinned else None)
            )
        return True

    def pinned_ids(self, digest_ids: Iterable[int]) -> set[int]:
        ids = list(digest_ids)
        if not ids:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digest_flags.c.digest_id).where(
                    digest_flags.c.digest_id.in_(ids), digest_flags.c.pinned
                )
            ).all()
        return {r[0] for r in rows}

    def pinned_digests(self, limit: int = 5) -> list[Digest]:
        """Published pinned digests, most recently pinned first: the home page puts them on top."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digests)
                .join(digest_flags, digest_flags.c.digest_id == digests.c.id)
                .where(digest_flags.c.pinned, digests.c.status == "published")
                .order_by(digest_flags.c.pinned_at.desc(), digests.c.id.desc())
                .limit(limit)
            ).all()
        return [_digest(r) for r in rows]

    # ------------------------------------------------------------------ stories

    def mark_story_changed(self, story_id: int) -> bool:
        """Ask the next run to rewrite the story's digest; False when there is no such story."""
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    stories.update()
                    .where(stories.c.id == story_id, stories.c.status != "merged")
                    .values(changed=True)
                ).rowcount
            )

    def story_rows(self, limit: int = 50, offset: int = 0) -> list[StoryRow]:
        """Stories by trend score with their digest (any status) and pin, for the editors."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    stories.c.id,
                    stories.c.title,
                    stories.c.trend_score,
                    stories.c.article_count,
                    stories.c.outlet_count,
                    stories.c.last_seen,
                    stories.c.changed,
                    digests.c.id.label("digest_id"),
                    digests.c.headline,
                    digests.c.slug,
                    digests.c.status,
                    digests.c.version,
                    digests.c.published,
                    digests.c.updated,
                    digest_flags.c.pinned,
                )
                .select_from(stories)
                .outerjoin(digests, digests.c.story_id == stories.c.id)
                .outerjoin(digest_flags, digest_flags.c.digest_id == digests.c.id)
                .where(stories.c.status != "merged")
                .order_by(
                    sa.func.coalesce(digest_flags.c.pinned, sa.false()).desc(),
                    stories.c.trend_score.desc(),
                    stories.c.id,
                )
                .limit(limit)
                .offset(offset)
            ).all()
        return [
            StoryRow(
                story_id=r.id,
                title=r.title,
                trend_score=r.trend_score,
                article_count=r.article_count,
                outlet_count=r.outlet_count,
                last_seen=utc(r.last_seen),
                changed=bool(r.changed),
                digest_id=r.digest_id,
                headline=r.headline,
                slug=r.slug,
                status=r.status,
                version=r.version,
                published=utc(r.published),
                updated=utc(r.updated),
                pinned=bool(r.pinned),
            )
            for r in rows
        ]

    def page_stories(self, limit: int = 20, offset: int = 0) -> list[int]:
        """Story ids by trend score, a page at a time (``story()`` gives each in full)."""
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    sa.select(stories.c.id)
                    .where(stories.c.status != "merged")
                    .order_by(stories.c.trend_score.desc(), stories.c.id)
                    .limit(limit)
                    .offset(offset)
                ).scalars()
            )

    # ------------------------------------------------------------------ search

    def search_digests(self, q: str, limit: int = 20, offset: int = 0) -> list[Digest]:
        """Published digests matching every word of ``q``, best match first (full text:
        FTS5 on SQLite, tsvector on PostgreSQL; see ``storage.search``)."""
        return [hit.digest for hit in self.search(q, limit, offset)]  # type: ignore[attr-defined]
