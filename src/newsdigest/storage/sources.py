"""Sources: the outlets' feeds and what happened when we last fetched them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..errors import NotFound, SourceError
from ..records import Source
from .base import now_utc, utc
from .schema import run_sources, sources


def _source(row: Any) -> Source:
    return Source(
        id=row.id,
        name=row.name,
        url=row.url,
        homepage=row.homepage,
        language=row.language,
        weight=row.weight,
        labels=tuple(row.labels or ()),
        etag=row.etag,
        last_modified=row.last_modified,
        last_fetched=utc(row.last_fetched),
        last_status=row.last_status,
        error_count=row.error_count,
        last_error=row.last_error,
        last_new_articles=row.last_new_articles,
    )


class SourceStore:
    engine: sa.Engine

    def add_source(self, source: Source) -> Source:
        with self.engine.begin() as conn:
            clash = conn.execute(
                sa.select(sources.c.name, sources.c.url).where(
                    sa.or_(sources.c.name == source.name, sources.c.url == source.url)
                )
            ).first()
            if clash is not None:
                what = "name" if clash.name == source.name else "feed URL"
                raise SourceError(f"sources: a source with this {what} exists already: {clash.name} ({clash.url})")
            new_id = conn.execute(
                sources.insert().values(
                    name=source.name,
                    url=source.url,
                    homepage=source.homepage,
                    language=source.language,
                    weight=source.weight,
                    labels=list(source.labels),
                    created=now_utc(),
                )
            ).inserted_primary_key[0]
        return self.source(new_id)

    def source(self, key: int | str) -> Source:
        col = sources.c.id if isinstance(key, int) else sources.c.name
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(sources).where(col == key)).first()
        if row is None:
            raise NotFound(f"sources: no source {key!r}")
        return _source(row)

    def list_sources(self) -> list[Source]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(sources).order_by(sources.c.name)).all()
        return [_source(r) for r in rows]

    def remove_source(self, name: str) -> None:
        with self.engine.begin() as conn:
            if conn.execute(sources.delete().where(sources.c.name == name)).rowcount == 0:
                raise NotFound(f"sources: no source {name!r}")

    def record_fetch(
        self,
        source_id: int,
        *,
        status: str,
        error: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        new_articles: int = 0,
    ) -> None:
        """Store the outcome of fetching one source's feed; errors count up, success resets."""
        values: dict[str, Any] = {"last_fetched": now_utc(), "last_status": status, "last_new_articles": new_articles}
        if status == "error":
            values["error_count"] = sources.c.error_count + 1
            values["last_error"] = error
        else:
            values["error_count"] = 0
            values["last_error"] = None
            if etag is not None or last_modified is not None:
                values["etag"] = etag
                values["last_modified"] = last_modified
        with self.engine.begin() as conn:
            conn.execute(sources.update().where(sources.c.id == source_id).values(**values))

    def reset_errors(self, names: list[str] | None = None) -> int:
        stmt = sources.update().values(error_count=0, last_error=None)
        if names:
            stmt = stmt.where(sources.c.name.in_(names))
        with self.engine.begin() as conn:
            return conn.execute(stmt).rowcount or 0

    def record_run_source(self, run_id: int, source_id: int, *, status: str, entries: int, new_articles: int,
                          dropped: dict[str, int], error: str | None) -> None:
        from .base import upsert

        with self.engine.begin() as conn:
            upsert(conn, run_sources, [{
                "run_id": run_id, "source_id": source_id, "status": status, "entries": entries,
                "new_articles": new_articles, "dropped": dropped, "error": error,
            }], ["run_id", "source_id"])
