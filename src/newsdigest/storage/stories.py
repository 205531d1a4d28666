"""Stories: groups of articles reporting the same thing, with their trend score."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..records import Story
from .base import insert_ignore, upsert, utc
from .schema import articles, digest_versions, digests, id_counters, stories


def _story_row(s: Story, changed: bool) -> dict[str, object]:
    return {
        "id": s.id, "first_seen": s.first_seen, "last_seen": s.last_seen,
        "article_count": s.article_count, "outlet_count": s.outlet_count,
        "independent_count": s.independent_count, "trend_score": s.trend_score,
        "status": s.status, "title": s.title, "changed": changed,
    }


class StoryStore:
    engine: sa.Engine

    def next_story_id(self) -> int:
        """Take one new story id (it is never handed out again)."""
        return self.allocate_story_ids(1).start

    def allocate_story_ids(self, count: int) -> range:
        """Take ``count`` consecutive new story ids, above every stored story.

        One UPDATE of the counter row: concurrent callers (clustering partitions on other
        hosts, an editor's split) queue on its row lock and get disjoint blocks. The
        ``max(id) + 1`` floor keeps the counter ahead of stories stored without it."""
        if count <= 0:
            return range(0)
        floor = sa.select(sa.func.coalesce(sa.func.max(stories.c.id), 0) + 1).scalar_subquery()
        larger = sa.func.greatest if self.engine.dialect.name == "postgresql" else sa.func.max
        take = (
            id_counters.update().where(id_counters.c.name == "stories")
            .values(next_id=larger(id_counters.c.next_id, floor) + count)
            .returning(id_counters.c.next_id)
        )
        with self.engine.begin() as conn:
            end = conn.execute(take).scalar()
            if end is None:  # first use: make the row (a concurrent first use may win), then take
                insert_ignore(conn, id_counters, [{"name": "stories", "next_id": 1}], ["name"])
                end = conn.execute(take).scalar_one()
        return range(end - count, end)

    def _members(self, conn: sa.Connection, ids: Sequence[int]) -> dict[int, list[str]]:
        members: dict[int, list[str]] = defaultdict(list)
        when = sa.func.coalesce(articles.c.published, articles.c.fetched)
        for i in range(0, len(ids), 500):
            rows = conn.execute(
                sa.select(articles.c.story_id, articles.c.id)
                .where(articles.c.story_id.in_(ids[i : i + 500]))
                .order_by(when, articles.c.seq)
            )
            for sid, aid in rows:
                members[sid].append(aid)
        return members

    def _stories(self, conn: sa.Connection, rows: Sequence[Any]) -> list[Story]:
        members = self._members(conn, [r.id for r in rows])
        return [
            Story(
                id=r.id,
                article_ids=tuple(members.get(r.id, ())),
                first_seen=utc(r.first_seen),
                last_seen=utc(r.last_seen),
                article_count=r.article_count,
                outlet_count=r.outlet_count,
                independent_count=r.independent_count,
                trend_score=r.trend_score,
                status=r.status,
                title=r.title,
            )
            for r in rows
        ]

    def save_stories(self, items: Iterable[Story], *, changed: bool = True) -> None:
        rows = [_story_row(s, changed) for s in items]
        with self.engine.begin() as conn:
            upsert(conn, stories, rows, ["id"])

    def save_clustering(
        self,
        items: Iterable[Story],
        assignments: dict[str, int],
        duplicates: dict[str, str],
        merges: Sequence[tuple[int, int]] = (),
    ) -> None:
        """Store one clustering step atomically: a crash leaves either all of it or none,
        so the articles are simply clustered again on the next run."""
        rows = [_story_row(s, True) for s in items]
        with self.engine.begin() as conn:
            upsert(conn, stories, rows, ["id"])
            for article_id, story_id in assignments.items():
                conn.execute(
                    articles.update()
                    .where(articles.c.id == article_id)
                    .values(story_id=story_id, duplicate_of=duplicates.get(article_id), stage="clustered")
                )
            for absorbed, kept in merges:
                conn.execute(articles.update().where(articles.c.story_id == absorbed).values(story_id=kept))
                conn.execute(
                    stories.update().where(stories.c.id == absorbed).values(status="merged", merged_into=kept, changed=False)
                )
                # The absorbed story's digest is retired: its readers belong on the kept story's page.
                conn.execute(digests.update().where(digests.c.story_id == absorbed).values(status="merged"))

    def update_story_stats(self, items: Iterable[Story], *, mark_changed: bool = False) -> None:
        """Refresh counts and trend scores (scores decay with time, so every pass does this)."""
        with self.engine.begin() as conn:
            for s in items:
                values = dict(
                    first_seen=s.first_seen, last_seen=s.last_seen, article_count=s.article_count,
                    outlet_count=s.outlet_count, independent_count=s.independent_count,
                    trend_score=s.trend_score, title=s.title,
                )
                if mark_changed:
                    values["changed"] = True
                conn.execute(stories.update().where(stories.c.id == s.id).values(**values))

    def active_stories(self, since: datetime, *, language: str | None = None) -> list[Story]:
        """Stories seen since a time; with ``language``, those with an article in it (a
        clustering partition's own: stories never mix languages)."""
        stmt = sa.select(stories).where(stories.c.status != "merged", stories.c.last_seen >= since)
        if language is not None:
            stmt = stmt.where(
                sa.exists().where(articles.c.story_id == stories.c.id, articles.c.language == language)
            )
        with self.engine.connect() as conn:
            rows = conn.execute(stmt.order_by(stories.c.id)).all()
            return self._stories(conn, rows)

    def merge_story(self, absorbed: int, kept: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(articles.update().where(articles.c.story_id == absorbed).values(story_id=kept))
            conn.execute(
                stories.update().where(stories.c.id == absorbed).values(status="merged", merged_into=kept, changed=False)
            )
            # The absorbed story's digest is retired: its readers belong on the kept story's page.
            conn.execute(digests.update().where(digests.c.story_id == absorbed).values(status="merged"))
            conn.execute(stories.update().where(stories.c.id == kept).values(changed=True))

    def story(self, story_id: int) -> Story | None:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(stories).where(stories.c.id == story_id)).all()
            found = self._stories(conn, rows)
        return found[0] if found else None

    def list_stories(self, limit: int = 50, *, min_articles: int = 1) -> list[Story]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(stories)
                .where(stories.c.status != "merged", stories.c.article_count >= min_articles)
                .order_by(stories.c.trend_score.desc(), stories.c.id)
                .limit(limit)
            ).all()
            return self._stories(conn, rows)

    def changed_stories(self) -> list[Story]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(stories).where(stories.c.changed, stories.c.status != "merged").order_by(stories.c.id)
            ).all()
            return self._stories(conn, rows)

    def mark_written(self, story_ids: Iterable[int]) -> None:
        ids = list(story_ids)
        if ids:
            with self.engine.begin() as conn:
                conn.execute(stories.update().where(stories.c.id.in_(ids)).values(changed=False))

    def count_stories(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).select_from(stories).where(stories.c.status != "merged")
            ).scalar_one()

    def merged_into(self, story_id: int) -> int | None:
        """Where a merged story went (followed to the end of a chain of merges)."""
        seen = {story_id}
        target = None
        with self.engine.connect() as conn:
            while True:
                nxt = conn.execute(sa.select(stories.c.merged_into).where(stories.c.id == story_id)).scalar()
                if nxt is None or nxt in seen:
                    return target
                seen.add(nxt)
                target = story_id = nxt

    def story_digest_versions(self, story_id: int, limit: int = 50) -> list[tuple[int, datetime, dict[str, Any]]]:
        """(version, created, stored digest data) of the story's published digest, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digest_versions.c.version, digest_versions.c.created, digest_versions.c.data)
                .join(digests, digests.c.id == digest_versions.c.digest_id)
                .where(digests.c.story_id == story_id, digests.c.status == "published")
                .order_by(digest_versions.c.version.desc()).limit(limit)
            ).all()
        return [(v, utc(c), d) for v, c, d in rows]  # type: ignore[misc]
