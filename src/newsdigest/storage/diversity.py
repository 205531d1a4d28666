"""Source labels (country, language, ownership …) and which labelled outlets covered a story."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from ..errors import NotFound
from ..records import Source
from .schema import articles, sources


class DiversityStore:
    engine: sa.Engine

    def set_source_labels(self, name: str, labels: Iterable[str]) -> Source:
        """Replace a source's labels (kept in the order given, duplicates dropped)."""
        kept = list(dict.fromkeys(x for x in labels if x))
        with self.engine.begin() as conn:
            if conn.execute(sources.update().where(sources.c.name == name).values(labels=kept)).rowcount == 0:
                raise NotFound(f"sources: no source {name!r}")
        return self.source(name)  # type: ignore[attr-defined, no-any-return]  # SourceStore's

    def story_outlet_labels(self, story_id: int, article_ids: Iterable[str] = ()) -> dict[str, tuple[str, ...]]:
        """Outlet name → its labels, for every source with an article in the story.

        ``article_ids`` (a digest's relevant articles) are counted too, so a digest whose
        articles were moved to another story still shows where its text came from.
        """
        ids = list(article_ids)
        cond = articles.c.story_id == story_id
        if ids:
            cond = sa.or_(cond, articles.c.id.in_(ids))
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(sources.c.name, sources.c.labels).distinct()
                .join(articles, articles.c.source_id == sources.c.id).where(cond)
            ).all()
        return {r.name: tuple(r.labels or ()) for r in rows}
