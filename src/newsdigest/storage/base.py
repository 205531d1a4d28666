"""Engine set-up and the small helpers every entity file shares.

Database failures are turned into messages here, once for every entity file: an engine
event (``handle_error``) sees every failure of the driver (on connecting, on a statement,
on commit) and raises the ones the user has to act on (a read-only file, a full disk, a
lock held past the timeout, a server down, a dropped connection) as one
:class:`~newsdigest.errors.StorageError` that names the failure, the database, what was
being done and what to do. A transaction it interrupts is rolled back as usual, so a
caller that recorded nothing stores nothing half. What signals a bug (a broken
constraint, SQL the database refuses, a missing table) is left as SQLAlchemy raised it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import StorageError

SQLITE_TIMEOUT = 30.0  # seconds a SQLite write waits for another process's lock (``?timeout=`` in the URL)


def database_url(value: str) -> str:
    """A file path becomes a SQLite URL; a URL is kept as it is."""
    if "://" in value:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def sqlite_path(url: sa.URL) -> str | None:
    """The file of a SQLite URL, also of a ``file:`` URI (``?mode=ro&uri=true``); None in memory."""
    name = url.database or ""
    if name.startswith("file:") and url.query.get("uri") in ("true", "1"):
        name = name.removeprefix("file:")
    return None if name in ("", ":memory:") else name


def make_engine(url: str) -> sa.Engine:
    url = database_url(url)
    try:
        parsed = sa.make_url(url)
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        engine = sa.create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10)
        sa.event.listen(engine, "handle_error", _translator(parsed.render_as_string(hide_password=True)))
        return engine
    except (sa.exc.ArgumentError, ValueError) as exc:
        raise StorageError(f"storage: bad database URL {_shown(url)!r}: {exc}") from None
    except ModuleNotFoundError as exc:
        raise StorageError(f"storage: no driver for {url.split('://')[0]}: {exc}") from None


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    path = sqlite_path(url)
    if path is not None and not Path(path).parent.is_dir():
        raise StorageError(f"storage: folder does not exist for database {path}")
    timeout = float(url.query.get("timeout", SQLITE_TIMEOUT))  # type: ignore[arg-type]
    engine = sa.create_engine(url, connect_args={"timeout": timeout})

    @sa.event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cur.close()

    sa.event.listen(engine, "handle_error", _translator(path or ":memory:", waited=timeout))
    return engine


def _shown(url: str) -> str:
    """A URL for a message: without its password."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url.split("@", 1)[-1] if "@" in url else url


# ------------------------------------------------------------------ database failures

# Bugs, never turned into messages: a constraint our code broke, SQL the database refuses,
# a value of the wrong type.
_BUGS = (sa.exc.IntegrityError, sa.exc.ProgrammingError, sa.exc.DataError, sa.exc.NotSupportedError)

_AGAIN = "then run the command again"
_SERVER = "check that the database server is running and reachable, " + _AGAIN
# SQLite primary result codes (sqlite.org/rescode.html). SQLITE_ERROR (1: no such table,
# bad SQL) and SQLITE_CONSTRAINT (19) are bugs, so not here.
_SQLITE: dict[int, tuple[str, str]] = {
    3: ("access to the database was denied", "check the permissions of the file and of its folder"),
    5: ("database is locked by another process",
        f"let it finish (a second run, a worker?), {_AGAIN}; ?timeout=SECONDS in the database URL waits longer"),
    6: ("database is locked by another connection", _AGAIN),
    7: ("SQLite ran out of memory", _AGAIN),
    8: ("database is read-only", f"make the file and its folder writable (SQLite writes a journal beside it), {_AGAIN}"),
    10: ("disk I/O error", "check the disk that holds the database"),
    11: ("database file is damaged", "restore it from a backup"),
    13: ("disk is full", f"free some space, {_AGAIN}"),
    14: ("cannot open the database file", "check that it exists and that it and its folder may be written"),
    15: ("database locking failed", "keep the database on a local disk, not a network share"),
    26: ("file is not a SQLite database", "check the path given to --db / NEWSDIGEST_DATABASE_URL"),
}
# PostgreSQL SQLSTATE codes, or their two-character classes. Not here: 55P03
# (lock_not_available), the answer to a NOWAIT its caller asked for and handles.
_POSTGRES: dict[str, tuple[str, str]] = {
    "08": ("the connection to the database failed", _SERVER),
    "57P01": ("the database server ended the connection", _SERVER),
    "57P02": ("the database server crashed", _SERVER),
    "57P03": ("the database server is starting up or shutting down", _SERVER),
    "57014": ("the database cancelled a statement (statement_timeout?)", _AGAIN),
    "53100": ("the database server's disk is full", f"free space on the server, {_AGAIN}"),
    "53200": ("the database server is out of memory", _AGAIN),
    "53300": ("the database server has too many connections", "raise its max_connections or run fewer workers"),
    "58": ("the database server had an I/O error", "check the server's disk and logs"),
    "25006": ("the database is read-only", "point the database URL at the primary server, not a standby"),
    "40001": ("a transaction clashed with another one", _AGAIN),
    "40P01": ("a transaction deadlocked with another one", _AGAIN),
}
# The statement's own verb: at its start, or after its WITH clause (not a FOR UPDATE).
_WRITE = re.compile(r"(?:^|\))\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)
_READ = re.compile(r"\bFROM\s+\"?(\w+)", re.IGNORECASE)


def _translator(where: str, waited: float | None = None) -> Callable[[sa.engine.ExceptionContext], None]:
    """An engine's ``handle_error`` listener; ``where`` names its database (a path, or the
    URL without password), ``waited`` is SQLite's lock timeout."""

    def translate(ctx: sa.engine.ExceptionContext) -> None:
        if ctx.is_pre_ping:  # a dead pooled connection: the pool replaces it by itself
            return
        if ctx.sqlalchemy_exception is None or isinstance(ctx.sqlalchemy_exception, _BUGS):
            return
        connecting = ctx.connection is None
        found = _failure(ctx.original_exception, ctx.dialect, connecting)
        if found is None:
            return
        what, detail, todo = found
        about = [] if connecting else [_doing(ctx.statement)]
        if detail:
            about.append(detail)
        if waited is not None and "locked" in what:
            about.append(f"gave up after {waited:g}s")
        shown = f" ({'; '.join(about)})" if about else ""
        raise StorageError(f"storage: {what}: {where}{shown} — {todo}")

    return translate


def _failure(orig: BaseException, dialect: sa.Dialect, connecting: bool) -> tuple[str, str, str] | None:
    """What failed, the server's words for it, and what to do, when the user has to act;
    None for anything else."""
    if dialect.name == "sqlite":
        code = getattr(orig, "sqlite_errorcode", None)
        found = _SQLITE.get(code & 0xFF) if isinstance(code, int) else None
        return (found[0], "", found[1]) if found else None
    if dialect.name != "postgresql":
        return None
    lines = str(orig).strip().splitlines() or [type(orig).__name__]
    # psycopg's connect failures read "connection to server at …, port … failed: FATAL:  why".
    detail = lines[0].rsplit("failed: ", 1)[-1].removeprefix("FATAL:").strip()
    detail = detail[:1].lower() + detail[1:]
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state:
        found = _POSTGRES.get(state) or _POSTGRES.get(state[:2])
        return (found[0], detail, found[1]) if found else None
    dbapi = dialect.loaded_dbapi
    if not isinstance(orig, (dbapi.OperationalError, dbapi.InterfaceError)):
        return None
    # No SQLSTATE: the driver's own failure, no answer from a server (refused, dropped, closed).
    if connecting:
        return ("cannot connect to the database", detail,
                "check that the server is running and that --db / NEWSDIGEST_DATABASE_URL is right")
    return ("the connection to the database was lost", detail, _SERVER)


def _doing(statement: str | None) -> str:
    """What the failed statement did, by the table it touched."""
    if not statement:
        return "committing"
    if m := _WRITE.search(statement):
        return f"writing to {m.group(1)}"
    if m := _READ.search(statement):
        return f"reading {m.group(1)}"
    return "running " + statement.split(None, 1)[0].upper()


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
