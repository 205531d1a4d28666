"""Articles and what the analyse stage found in them."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..records import Analysis, Article, Entity, Quote, Sentence
from .base import insert_ignore, utc
from .schema import analyses, articles, stories

_PRIMARY_LANGUAGE = re.compile(r"[a-z]{2,3}")


def language_tag(value: str | None) -> str:
    """The primary subtag of a BCP 47 language tag (``en-GB`` → ``en``), or ``und``.

    Stored on every article: it names the article's clustering partition, and regional
    variants of one language must share a partition (stories never mix languages)."""
    primary = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return primary if _PRIMARY_LANGUAGE.fullmatch(primary) else "und"


def _article(row: Any) -> Article:
    return Article(
        id=row.id,
        text=row.text,
        url=row.url or "",
        source=row.source,
        title=row.title,
        author=row.author,
        published=utc(row.published),
        utc_offset_minutes=row.utc_offset_minutes,
        fetched=utc(row.fetched),
        language=row.language,
        source_id=row.source_id,
        duplicate_of=row.duplicate_of,
        story_id=row.story_id,
    )


def _analysis(row: Any) -> Analysis:
    return Analysis(
        article_id=row.article_id,
        language=row.language,
        sentences=tuple(Sentence(s, e, t) for s, e, t in row.sentences),
        entities=tuple(Entity(t, label, s, e) for t, label, s, e in row.entities),
        quotes=tuple(Quote(article_id=row.article_id, **q) for q in row.quotes),
    )


class ArticleStore:
    engine: sa.Engine

    def add_articles(self, items: Sequence[Article]) -> list[str]:
        """Insert articles that are not stored yet (by id or canonical URL); returns new ids."""
        new: list[str] = []
        base = time.time_ns()
        with self.engine.begin() as conn:
            for i, a in enumerate(items):
                row = {
                    "id": a.id, "seq": base + i, "url": a.url or None, "source": a.source,
                    "source_id": a.source_id, "title": a.title, "author": a.author,
                    "published": a.published, "utc_offset_minutes": a.utc_offset_minutes,
                    "fetched": a.fetched,
                    "language": language_tag(a.language or "en"),
                    "text": a.text, "stage": "new",
                }
                if a.url and conn.execute(sa.select(articles.c.id).where(articles.c.url == a.url)).first():
                    continue
                if insert_ignore(conn, articles, [row], ["id"]):
                    new.append(a.id)
        return new

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        urls = list(urls)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(urls), 500):
                chunk = urls[i : i + 500]
                found.update(r[0] for r in conn.execute(sa.select(articles.c.url).where(articles.c.url.in_(chunk))))
        return found

    def get_articles(self, ids: Iterable[str]) -> list[Article]:
        ids = list(ids)
        out: dict[str, Article] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                for row in conn.execute(sa.select(articles).where(articles.c.id.in_(chunk))):
                    out[row.id] = _article(row)
        return [out[i] for i in ids if i in out]

    def first_articles(self, story_ids: Sequence[int], n: int) -> dict[int, list[Article]]:
        """Each story's first ``n`` articles (by publication, else fetch time): what it first
        reported, which the clusterer compares later reports with even when they are older
        than the window."""
        when = sa.func.coalesce(articles.c.published, articles.c.fetched)
        out: dict[int, list[Article]] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(story_ids), 500):
                ranked = (
                    sa.select(
                        articles,
                        sa.func.row_number()
                        .over(partition_by=articles.c.story_id, order_by=(when, articles.c.seq))
                        .label("rank"),
                    )
                    .where(articles.c.story_id.in_(list(story_ids[i : i + 500])))
                    .subquery()
                )
                rows = conn.execute(
                    sa.select(ranked).where(ranked.c.rank <= n).order_by(ranked.c.story_id, ranked.c.rank)
                )
                for row in rows:
                    out.setdefault(row.story_id, []).append(_article(row))
        return out

    def article(self, article_id: str) -> Article | None:
        found = self.get_articles([article_id])
        return found[0] if found else None

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        last = -1
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(articles).where(articles.c.seq > last).order_by(articles.c.seq).limit(batch)
                ).all()
            if not rows:
                return
            for r in rows:
                yield _article(r)
            last = rows[-1].seq

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()

    def stage_counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(articles.c.stage, sa.func.count()).group_by(articles.c.stage)).all()
        return {stage: n for stage, n in rows}

    def articles_in_stage(self, stage: str, limit: int | None = None, *,
                          language: str | None = None) -> list[Article]:
        """Articles waiting for a stage, oldest publication first (the order clustering needs);
        with ``language``, only that clustering partition's."""
        order = [sa.func.coalesce(articles.c.published, articles.c.fetched), articles.c.seq]
        stmt = sa.select(articles).where(articles.c.stage == stage).order_by(*order)
        if language is not None:
            stmt = stmt.where(articles.c.language == language)
        if limit:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [_article(r) for r in conn.execute(stmt)]

    def articles_since(self, since: datetime, *, clustered: bool = True,
                       language: str | None = None) -> list[Article]:
        """Articles published (or fetched, when undated) since a time: the active window,
        of one language when given."""
        when = sa.func.coalesce(articles.c.published, articles.c.fetched)
        stmt = sa.select(articles).where(when >= since)
        if clustered:
            stmt = stmt.where(articles.c.stage == "clustered")
        if language is not None:
            stmt = stmt.where(articles.c.language == language)
        with self.engine.connect() as conn:
            return [_article(r) for r in conn.execute(stmt.order_by(when, articles.c.seq))]

    def cluster_languages(self, since: datetime) -> dict[str, int]:
        """The clustering partitions a pass has work for: each language with analysed articles
        waiting (how many) or with stories seen since ``since`` (0 waiting: those only need
        rescoring, as trend scores decay)."""
        active = sa.select(stories.c.id).where(stories.c.status != "merged", stories.c.last_seen >= since)
        waiting = sa.func.sum(sa.case((articles.c.stage == "analysed", 1), else_=0))
        stmt = (
            sa.select(articles.c.language, waiting)
            .where(sa.or_(articles.c.stage == "analysed", articles.c.story_id.in_(active)))
            .group_by(articles.c.language)
            .order_by(articles.c.language)
        )
        with self.engine.connect() as conn:
            return {lang: int(n or 0) for lang, n in conn.execute(stmt)}

    def save_analyses(self, items: Sequence[Analysis]) -> None:
        """Store analyses and move their articles to the 'analysed' stage, in one transaction."""
        if not items:
            return
        with self.engine.begin() as conn:
            ids = [a.article_id for a in items]
            conn.execute(analyses.delete().where(analyses.c.article_id.in_(ids)))
            conn.execute(analyses.insert(), [
                {
                    "article_id": a.article_id,
                    "language": a.language,
                    "sentences": [[s.start, s.end, s.text] for s in a.sentences],
                    "entities": [[e.text, e.label, e.start, e.end] for e in a.entities],
                    "quotes": [
                        {"text": q.text, "start": q.start, "end": q.end, "speaker": q.speaker, "role": q.role, "verb": q.verb}
                        for q in a.quotes
                    ],
                }
                for a in items
            ])
            conn.execute(
                articles.update().where(articles.c.id.in_(ids), articles.c.stage == "new").values(stage="analysed")
            )

    def get_analyses(self, ids: Iterable[str]) -> dict[str, Analysis]:
        ids = list(ids)
        out: dict[str, Analysis] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                for row in conn.execute(sa.select(analyses).where(analyses.c.article_id.in_(chunk))):
                    out[row.article_id] = _analysis(row)
        return out

    def assign_stories(self, assignments: dict[str, int], duplicates: dict[str, str]) -> None:
        """Record clustering results and move the articles to the 'clustered' stage."""
        with self.engine.begin() as conn:
            for article_id, story_id in assignments.items():
                conn.execute(
                    articles.update()
                    .where(articles.c.id == article_id)
                    .values(story_id=story_id, duplicate_of=duplicates.get(article_id), stage="clustered")
                )
