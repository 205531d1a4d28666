"""Finding digests: full-text search, topic (entity) pages and the archive by date.

Search runs on SQLite FTS5 (a ``digests_fts`` table kept in sync by triggers) or on a
PostgreSQL GIN expression index over ``to_tsvector('english', …)``; both are created by
``ensure_search_index(conn)``, which the schema step and Alembic revision 0003 call.
User text never reaches either query language: it is cut into word terms first, so quotes,
operators and stray syntax cannot raise an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from ..records import Digest
from .base import utc
from .schema import digests

# Snippet highlight markers: control characters, which digest text never shows (the site
# drops them when rendering), so the view can split on them and escape everything else.
MARK_OPEN = "\x1e"
MARK_CLOSE = "\x1f"
MAX_TERMS = 16

_TERM = re.compile(r"[^\W_]+")

_SQLITE_BODY = "(SELECT group_concat(json_extract(p.value, '$.text'), ' ') FROM json_each({row}.paragraphs) AS p)"
_SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS digests_fts USING fts5("
    "headline, lede, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS digests_fts_ai AFTER INSERT ON digests BEGIN "
    "INSERT INTO digests_fts(rowid, headline, lede, body) VALUES "
    f"(new.id, new.headline, new.lede, {_SQLITE_BODY.format(row='new')}); END",
    "CREATE TRIGGER IF NOT EXISTS digests_fts_ad AFTER DELETE ON digests BEGIN "
    "DELETE FROM digests_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS digests_fts_au AFTER UPDATE ON digests BEGIN "
    "DELETE FROM digests_fts WHERE rowid = old.id; "
    "INSERT INTO digests_fts(rowid, headline, lede, body) VALUES "
    f"(new.id, new.headline, new.lede, {_SQLITE_BODY.format(row='new')}); END",
    # Rows written before the index existed (an upgraded database).
    "INSERT INTO digests_fts(rowid, headline, lede, body) "
    f"SELECT d.id, d.headline, d.lede, {_SQLITE_BODY.format(row='d')} FROM digests AS d "
    "WHERE d.id NOT IN (SELECT rowid FROM digests_fts)",
]

# IMMUTABLE is true of this function (same inputs, same text) and is what lets an index
# use it; the query must repeat the same expression for the planner to pick the index.
_PG_TEXT_FN = (
    "CREATE OR REPLACE FUNCTION newsdigest_digest_text(headline text, lede text, paragraphs json) "
    "RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT coalesce(headline, '') || ' ' || coalesce(lede, '') || ' ' || coalesce("
    "(SELECT string_agg(p->>'text', ' ') FROM json_array_elements(paragraphs) AS p), '') $$"
)
_PG_VECTOR = "to_tsvector('english'::regconfig, newsdigest_digest_text(d.headline, d.lede, d.paragraphs))"
_PG_DDL = [
    _PG_TEXT_FN,
    "CREATE INDEX IF NOT EXISTS ix_digests_search ON digests USING gin "
    "(to_tsvector('english'::regconfig, newsdigest_digest_text(headline, lede, paragraphs)))",
]


def ensure_search_index(conn: sa.Connection) -> None:
    """Create the full-text index for ``conn``'s dialect (idempotent)."""
    ddl = _PG_DDL if conn.dialect.name == "postgresql" else _SQLITE_DDL
    for statement in ddl:
        conn.exec_driver_sql(statement)


def drop_search_index(conn: sa.Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_digests_search")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS newsdigest_digest_text(text, text, json)")
    else:
        for name in ("digests_fts_ai", "digests_fts_ad", "digests_fts_au"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql("DROP TABLE IF EXISTS digests_fts")


def query_terms(q: str) -> list[str]:
    """The words of a user's query (letters and digits), at most ``MAX_TERMS``."""
    return _TERM.findall(unicodedata.normalize("NFKC", q).casefold())[:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    # Each term a quoted string: FTS5 reads it as text, never as an operator (AND, NEAR, *).
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def entity_slug(name: str) -> str:
    """ "Maria Olsen" -> "maria-olsen"; "" when the name has no letters or digits."""
    return "-".join(_TERM.findall(unicodedata.normalize("NFKC", name).casefold()))[:120]


@dataclass(frozen=True)
class SearchHit:
    digest: Digest
    # The matching passage as runs of (text, highlighted); plain text, for escaping later.
    snippet: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str  # the spelling most digests use
    count: int  # published digests naming it
    person: bool  # someone quoted under this name in at least one of them
    latest: datetime


def snippet_runs(raw: str) -> tuple[tuple[str, bool], ...]:
    """Split a marked snippet into (text, highlighted) runs; unpaired markers are dropped."""
    runs: list[tuple[str, bool]] = []
    for i, part in enumerate(re.split(f"[{MARK_OPEN}{MARK_CLOSE}]", raw or "")):
        if part:
            runs.append((part, i % 2 == 1))
    return tuple(runs)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return start, start + timedelta(days=1)


class SearchStore:
    engine: sa.Engine

    # ------------------------------------------------------------------ full text

    def search(self, q: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Published digests matching every word of ``q``, best match first."""
        terms = query_terms(q)
        if not terms:
            return []
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                found = conn.execute(
                    sa.text(
                        # The snippet comes from the body (whose first paragraph is the lede).
                        "SELECT d.id, ts_headline('english', coalesce((SELECT string_agg(p->>'text', ' ') "
                        "FROM json_array_elements(d.paragraphs) AS p), d.lede), q.query, :opts) AS snip, "
                        f"ts_rank({_PG_VECTOR}, q.query) AS score "
                        "FROM digests AS d, plainto_tsquery('english', :q) AS q(query) "
                        f"WHERE d.status = 'published' AND {_PG_VECTOR} @@ q.query "
                        "ORDER BY score DESC, d.published DESC, d.id DESC LIMIT :limit OFFSET :offset"
                    ),
                    {
                        "q": " ".join(terms), "limit": limit, "offset": offset,
                        "opts": f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=12, "
                        "MaxFragments=2, FragmentDelimiter=\" … \"",
                    },
                ).all()
            else:
                found = conn.execute(
                    sa.text(
                        "SELECT d.id, snippet(digests_fts, -1, :open, :close, '…', 24) AS snip, "
                        "bm25(digests_fts, 10.0, 4.0, 1.0) AS score "
                        "FROM digests_fts JOIN digests AS d ON d.id = digests_fts.rowid "
                        "WHERE digests_fts MATCH :m AND d.status = 'published' "
                        "ORDER BY score, d.published DESC, d.id DESC LIMIT :limit OFFSET :offset"
                    ),
                    {"m": fts5_query(terms), "open": MARK_OPEN, "close": MARK_CLOSE, "limit": limit, "offset": offset},
                ).all()
            by_id = self._digests_by_id(conn, [r.id for r in found])
        return [SearchHit(by_id[r.id], snippet_runs(r.snip)) for r in found if r.id in by_id]

    def count_search(self, q: str) -> int:
        terms = query_terms(q)
        if not terms:
            return 0
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                return conn.execute(
                    sa.text(
                        "SELECT count(*) FROM digests AS d WHERE d.status = 'published' "
                        f"AND {_PG_VECTOR} @@ plainto_tsquery('english', :q)"
                    ),
                    {"q": " ".join(terms)},
                ).scalar_one()
            return conn.execute(
                sa.text(
                    "SELECT count(*) FROM digests_fts JOIN digests AS d ON d.id = digests_fts.rowid "
                    "WHERE digests_fts MATCH :m AND d.status = 'published'"
                ),
                {"m": fts5_query(terms)},
            ).scalar_one()

    @staticmethod
    def _digests_by_id(conn: sa.Connection, ids: list[int]) -> dict[int, Digest]:
        from .digests import _digest

        if not ids:
            return {}
        rows = conn.execute(sa.select(digests).where(digests.c.id.in_(ids))).all()
        return {r.id: _digest(r) for r in rows}

    # ------------------------------------------------------------------ topics

    def _entity_scan(self) -> tuple[dict[str, Topic], dict[str, list[int]]]:
        """Every named entity of the published digests, and its digests' ids, newest first.

        A person is one a digest's writer says is one (``people``; none for a digest written
        before 0008) or one quoted in it. A lone surname ("Hale") is the person of the one
        full name that ends with it ("Martin Hale"), when there is one.

        A scan of three JSON columns: fine for tens of thousands of digests; a
        ``digest_entities`` table is the step after that."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digests.c.id, digests.c.entities, digests.c.people, digests.c.quotes, digests.c.published)
                .where(digests.c.status == "published")
                .order_by(digests.c.published.desc(), digests.c.id.desc())
            ).all()
        spellings: dict[str, Counter[str]] = {}
        ids: dict[str, list[int]] = {}
        people: set[str] = set()
        latest: dict[str, datetime] = {}
        for row in rows:
            speakers = {entity_slug(q.get("speaker") or "") for q in row.quotes or ()}
            speakers |= {entity_slug(str(n)) for n in row.people or ()}
            seen: set[str] = set()
            for name in row.entities or ():
                slug = entity_slug(str(name))
                if not slug or slug in seen:
                    continue
                seen.add(slug)
                spellings.setdefault(slug, Counter())[" ".join(str(name).split())] += 1
                ids.setdefault(slug, []).append(row.id)
                latest.setdefault(slug, utc(row.published))  # type: ignore[arg-type]
                if slug in speakers:
                    people.add(slug)
        folded = _fold_surnames(spellings, ids, people, latest, {row.id: k for k, row in enumerate(rows)})
        topics = {
            slug: Topic(slug, names.most_common(1)[0][0], len(ids[slug]), slug in people, latest[slug])
            for slug, names in spellings.items()
        }
        for slug, full in folded.items():  # "/topics/hale/" still finds Martin Hale (a redirect)
            topics[slug], ids[slug] = topics[full], ids[full]
        return topics, ids

    def topics(self, limit: int = 100) -> list[Topic]:
        """The most-named entities, most digests first."""
        found, _ = self._entity_scan()
        own = (t for slug, t in found.items() if t.slug == slug)  # not a lone surname's redirect
        return sorted(own, key=lambda t: (-t.count, -t.latest.timestamp(), t.slug))[:limit]

    def topic(self, slug: str) -> Topic | None:
        return self._entity_scan()[0].get(slug)

    def topic_digests(self, slug: str, limit: int = 20, offset: int = 0) -> list[Digest]:
        """Published digests naming the entity, newest first."""
        page = self._entity_scan()[1].get(slug, [])[offset : offset + limit]
        with self.engine.connect() as conn:
            by_id = self._digests_by_id(conn, page)
        return [by_id[i] for i in page if i in by_id]

    # ------------------------------------------------------------------ archive

    def archive_days(self) -> list[tuple[date, int]]:
        """(UTC day, published digests that day), newest day first."""
        with self.engine.connect() as conn:
            stamps = conn.execute(
                sa.select(digests.c.published).where(digests.c.status == "published")
            ).scalars().all()
        days = Counter(utc(s).date() for s in stamps)  # type: ignore[union-attr]
        return sorted(days.items(), reverse=True)

    def digests_on(self, day: date, limit: int = 50, offset: int = 0) -> list[Digest]:
        from .digests import _digest

        start, end = _day_bounds(day)
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digests).where(
                    digests.c.status == "published", digests.c.published >= start, digests.c.published < end
                ).order_by(digests.c.published.desc(), digests.c.id.desc()).limit(limit).offset(offset)
            ).all()
        return [_digest(r) for r in rows]

    def count_on(self, day: date) -> int:
        start, end = _day_bounds(day)
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).select_from(digests).where(
                    digests.c.status == "published", digests.c.published >= start, digests.c.published < end
                )
            ).scalar_one()

    def neighbour_days(self, day: date) -> tuple[date | None, date | None]:
        """The nearest earlier and later days that have published digests."""
        start, end = _day_bounds(day)
        with self.engine.connect() as conn:
            before = conn.execute(
                sa.select(sa.func.max(digests.c.published)).where(
                    digests.c.status == "published", digests.c.published < start
                )
            ).scalar()
            after = conn.execute(
                sa.select(sa.func.min(digests.c.published)).where(
                    digests.c.status == "published", digests.c.published >= end
                )
            ).scalar()
        as_day = lambda v: utc(v).date() if v is not None else None  # noqa: E731
        return as_day(before), as_day(after)


__all__ = [
    "SearchHit", "SearchStore", "Topic", "ensure_search_index", "drop_search_index", "entity_slug",
    "query_terms", "fts5_query", "snippet_runs", "MARK_OPEN", "MARK_CLOSE",
]


def _fold_surnames(
    spellings: dict[str, Counter[str]], ids: dict[str, list[int]], people: set[str], latest: dict[str, datetime],
    rank: dict[int, int],
) -> dict[str, str]:
    """A one-word person ("Hale") into the one multi-word person whose name ends with it
    ("Martin Hale"), in place: one topic, its digests merged in ``rank`` order (newest first).
    Not a place or an organisation: "Washington" stays apart from George Washington. Returns
    what was folded into what ("hale" → "martin-hale")."""
    owners: dict[str, list[str]] = {}
    for slug in people:
        words = slug.split("-")
        if len(words) > 1:
            owners.setdefault(words[-1], []).append(slug)
    folded: dict[str, str] = {}
    for slug in [s for s in people if "-" not in s and len(owners.get(s, ())) == 1]:
        full = folded[slug] = owners[slug][0]
        ids[full] = sorted(set(ids[full]) | set(ids.pop(slug)), key=rank.__getitem__)
        spellings.pop(slug)
        latest[full] = max(latest[full], latest.pop(slug))
        people.discard(slug)
    return folded
