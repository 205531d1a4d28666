"""Source labels (country, language, ownership …) and which labelled outlets covered a story
(with a report of their own, or only reprints)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

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

    def story_outlet_labels(
        self, story_id: int, article_ids: Iterable[str] = (), reprint_ids: Collection[str] = ()
    ) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """(independent, reprinting): outlet name → its labels, split by what it carried.

        An outlet is independent when it has an article of its own in the story, reprinting
        when its only articles are copies (``duplicate_of`` set, or listed in
        ``reprint_ids``: a digest's own reprint marks). Ten outlets reprinting one wire
        story are one report, so coverage by label must count only the independent ones.
        ``article_ids`` (a digest's relevant articles) are counted too, so a digest whose
        articles were moved to another story still shows where its text came from.
        """
        ids = list(article_ids)
        cond = articles.c.story_id == story_id
        if ids:
            cond = sa.or_(cond, articles.c.id.in_(ids))
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(sources.c.name, sources.c.labels, articles.c.id, articles.c.duplicate_of)
                .join(articles, articles.c.source_id == sources.c.id).where(cond)
                .order_by(sources.c.name)
            ).all()
        labels = {r.name: tuple(r.labels or ()) for r in rows}
        own = {r.name for r in rows if r.duplicate_of is None and r.id not in reprint_ids}
        independent = {n: ls for n, ls in labels.items() if n in own}
        reprinting = {n: ls for n, ls in labels.items() if n not in own}
        return independent, reprinting
