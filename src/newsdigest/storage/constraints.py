"""Editors' grouping corrections: must-link / cannot-link article pairs, and applying a
split or merge to stored stories in the same transaction that records them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime

import sqlalchemy as sa

from ..records import Story
from .base import now_utc, upsert
from .schema import articles, digests, stories
from .schema_trust import story_constraints

Pair = frozenset[str]
KINDS = ("must", "cannot")


def _rows(pairs: Iterable[Pair], kind: str, by: str, now: datetime) -> list[dict[str, object]]:
    rows: dict[tuple[str, str], dict[str, object]] = {}
    for pair in pairs:
        members = sorted(pair)
        if len(members) != 2:
            raise ValueError(f"storage: a constraint links exactly two article ids, got {members}")
        a, b = members
        rows[(a, b)] = {"article_a": a, "article_b": b, "kind": kind, "created": now, "by": by[:64]}
    return list(rows.values())


def _story_row(s: Story) -> dict[str, object]:
    return {
        "id": s.id, "first_seen": s.first_seen, "last_seen": s.last_seen,
        "article_count": s.article_count, "outlet_count": s.outlet_count,
        "independent_count": s.independent_count, "trend_score": s.trend_score,
        "status": "active", "title": s.title, "changed": True, "merged_into": None,
    }


class ConstraintStore:
    engine: sa.Engine

    def add_constraints(
        self, must: Iterable[Pair] = (), cannot: Iterable[Pair] = (), *, by: str = "", now: datetime | None = None
    ) -> int:
        """Record pairs; the latest decision on a pair wins (a split undone by a merge)."""
        now = now or now_utc()
        rows = _rows(must, "must", by, now) + _rows(cannot, "cannot", by, now)
        with self.engine.begin() as conn:
            self._write_constraints(conn, rows)
        return len(rows)

    @staticmethod
    def _write_constraints(conn: sa.Connection, rows: list[dict[str, object]]) -> None:
        for i in range(0, len(rows), 500):
            upsert(conn, story_constraints, rows[i : i + 500], ["article_a", "article_b"])

    def constraints_for(self, article_ids: Collection[str]) -> tuple[set[Pair], set[Pair]]:
        """(must_link, cannot_link) pairs touching any of ``article_ids``."""
        ids = list(dict.fromkeys(article_ids))
        must: set[Pair] = set()
        cannot: set[Pair] = set()
        t = story_constraints.c
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 400):
                chunk = ids[i : i + 400]
                rows = conn.execute(
                    sa.select(t.article_a, t.article_b, t.kind).where(sa.or_(t.article_a.in_(chunk), t.article_b.in_(chunk)))
                )
                for a, b, kind in rows:
                    (must if kind == "must" else cannot).add(frozenset((a, b)))
        return must, cannot

    def list_constraints(self, article_ids: Collection[str] | None = None) -> list[tuple[str, str, str, str]]:
        """(article_a, article_b, kind, by), for showing an editor what is recorded."""
        t = story_constraints.c
        query = sa.select(t.article_a, t.article_b, t.kind, t.by).order_by(t.article_a, t.article_b)
        if article_ids is not None:
            ids = list(article_ids)
            query = query.where(sa.or_(t.article_a.in_(ids), t.article_b.in_(ids)))
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(query)]  # type: ignore[misc]

    def apply_regrouping(
        self,
        updated: Sequence[Story],
        *,
        absorbed: Sequence[tuple[int, int]] = (),
        must: Iterable[Pair] = (),
        cannot: Iterable[Pair] = (),
        by: str = "",
        now: datetime | None = None,
    ) -> None:
        """One editor correction, atomically: every article of each ``updated`` story
        points at it, the stories' counts are stored and marked changed (so their digests
        are rewritten), ``absorbed`` stories are marked merged and their digests retired
        (their addresses then redirect to the kept story's), and the pairs recorded."""
        now = now or now_utc()
        rows = _rows(must, "must", by, now) + _rows(cannot, "cannot", by, now)
        with self.engine.begin() as conn:
            upsert(conn, stories, [_story_row(s) for s in updated], ["id"])
            for s in updated:
                ids = list(s.article_ids)
                for i in range(0, len(ids), 500):
                    conn.execute(articles.update().where(articles.c.id.in_(ids[i : i + 500])).values(story_id=s.id))
            for gone, kept in absorbed:
                conn.execute(
                    stories.update().where(stories.c.id == gone).values(status="merged", merged_into=kept, changed=False)
                )
                # ``updated`` moves too: it is the public page cache's change marker.
                conn.execute(digests.update().where(digests.c.story_id == gone).values(status="merged", updated=now))
            self._write_constraints(conn, rows)
