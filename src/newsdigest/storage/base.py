"""Engine set-up and the small helpers every entity file shares."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import StorageError


def database_url(value: str) -> str:
    """A file path becomes a SQLite URL; a URL is kept as it is."""
    if "://" in value:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def make_engine(url: str) -> sa.Engine:
    url = database_url(url)
    try:
        if url.startswith("sqlite"):
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                parent = Path(path).parent
                if not parent.is_dir():
                    raise StorageError(f"storage: folder does not exist for database {path}")
            engine = sa.create_engine(url, connect_args={"timeout": 30})

            @sa.event.listens_for(engine, "connect")
            def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute("PRAGMA busy_timeout=30000")
                cur.close()

            return engine
        return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    except sa.exc.ArgumentError as exc:
        raise StorageError(f"storage: bad database URL {url!r}: {exc}") from None
    except ModuleNotFoundError as exc:
        raise StorageError(f"storage: no driver for {url.split('://')[0]}: {exc}") from None


def utc(dt: datetime | None) -> datetime | None:
    """Stored times are UTC; SQLite hands them back naive."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def now_utc() -> datetime:
    return datetime.now(UTC)


def insert_ignore(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]], keys: list[str]) -> int:
    """INSERT … ON CONFLICT DO NOTHING on either database; returns rows inserted."""
    if not rows:
        return 0
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    # Counted from RETURNING, not rowcount: psycopg reports -1 for some of these inserts
    # (seen on composite primary keys), which made every claim look lost on PostgreSQL.
    stmt = dialect.insert(table).on_conflict_do_nothing(index_elements=keys).returning(table.c[keys[0]])
    return sum(len(conn.execute(stmt, row).all()) for row in rows)


def upsert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]], keys: list[str]) -> None:
    """INSERT … ON CONFLICT DO UPDATE (every non-key column)."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table)
    update = {c: stmt.excluded[c] for c in rows[0] if c not in keys}
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update), rows)
