"""Runs: one row per pass, with what each source did in it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .base import now_utc, utc
from .schema import run_sources, runs, sources


class RunStore:
    engine: sa.Engine

    def start_run(self) -> int:
        with self.engine.begin() as conn:
            return conn.execute(runs.insert().values(started=now_utc(), status="running", stats={})).inserted_primary_key[0]

    def finish_run(self, run_id: int, *, status: str, stats: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(runs.update().where(runs.c.id == run_id).values(finished=now_utc(), status=status, stats=stats))

    def last_run(self) -> dict[str, Any] | None:
        """The newest run with its per-source rows."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(runs).order_by(runs.c.id.desc()).limit(1)).first()
            if row is None:
                return None
            per_source = conn.execute(
                sa.select(sources.c.name, run_sources).join(sources, sources.c.id == run_sources.c.source_id)
                .where(run_sources.c.run_id == row.id).order_by(sources.c.name)
            ).all()
        return {
            "id": row.id, "started": utc(row.started), "finished": utc(row.finished), "status": row.status,
            "stats": row.stats,
            "sources": [
                {"name": r.name, "status": r.status, "entries": r.entries, "new_articles": r.new_articles,
                 "dropped": r.dropped, "error": r.error}
                for r in per_source
            ],
        }
