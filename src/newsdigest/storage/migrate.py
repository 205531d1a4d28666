"""Create or upgrade the schema on first use by any command.

A fresh database gets ``schema.metadata.create_all`` and is stamped at the newest
Alembic revision (the Alembic cookbook's way); an older one runs the revisions in
``migrations/versions`` it has not seen. No ``env.py`` is needed: the revisions run on
the connection we already hold.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.config import Config as AlembicConfig

from ..errors import StorageError
from . import schema_pacing  # noqa: F401  (puts host_pacing on the metadata before create_all)
from .base import sqlite_path
from .schema import metadata
from .search import ensure_search_index

try:
    import fcntl
except ImportError:  # Windows: no flock; two first opens at once stay a race there
    fcntl = None  # type: ignore[assignment]

_LOCATION = str(Path(__file__).with_name("migrations"))
_LOCK_KEY = 0x6E657773  # "news": PostgreSQL advisory lock id for migrations


def script_directory() -> ScriptDirectory:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", _LOCATION)
    cfg.set_main_option("version_locations", str(Path(_LOCATION) / "versions"))
    return ScriptDirectory.from_config(cfg)


def migrate(engine: sa.Engine) -> str:
    """Bring the database to the newest schema; returns what was done. One process at a time:
    PostgreSQL's advisory lock, or a lock on the SQLite file's folder (two commands started
    together on a new file, ``run --every`` and ``serve``, had both created the tables: "table
    sources already exists")."""
    with _sqlite_lock(engine):
        return _migrate(engine)


@contextlib.contextmanager
def _sqlite_lock(engine: sa.Engine) -> Iterator[None]:
    """An exclusive ``flock`` on the SQLite file's folder while its schema is made or upgraded:
    SQLite cannot serialise our schema work itself (pysqlite runs each CREATE TABLE outside a
    transaction). Not on the file: closing any descriptor of it would drop the POSIX locks
    another connection of this process holds on it (sqlite.org/howtocorrupt.html, 2.2). Nothing
    to lock for PostgreSQL, an in-memory database, or a folder that cannot be opened or locked
    (some network mounts): the schema work then goes on unlocked, as before."""
    path = sqlite_path(engine.url) if engine.dialect.name == "sqlite" else None
    fd = -1
    if path and fcntl is not None:
        try:
            fd = os.open(Path(path).resolve().parent, os.O_RDONLY)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            if fd >= 0:
                os.close(fd)
            fd = -1
    try:
        yield
    finally:
        if fd >= 0:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _migrate(engine: sa.Engine) -> str:
    script = script_directory()
    head = script.get_current_head()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        ctx = MigrationContext.configure(conn)
        current = ctx.get_current_revision()
        if current == head:
            return "current"
        found = set(sa.inspect(conn).get_table_names()) - _extension_tables(conn)
        # Ours: the schema's tables and the SQLite search index with its FTS5 shadow tables. A
        # database holding only these is a first open that was cut short (no stamp yet; SQLite
        # commits each CREATE TABLE) or lost a race with another process: finish it, never refuse.
        ours = set(metadata.tables) | {"alembic_version"} | {t for t in found if t.startswith("digests_fts")}
        if current is None and (foreign := sorted(found - ours)):
            # Another program's database: adding ours beside its tables would change it.
            shown = ", ".join(foreign[:5]) + (", …" if len(foreign) > 5 else "")
            raise StorageError(f"storage: the database already holds tables that are not newsdigest's ({shown}); "
                               "give newsdigest a database of its own")
        if current is not None and current not in {r.revision for r in script.walk_revisions()}:
            raise StorageError(f"storage: the database is at schema revision {current!r}, which this newsdigest "
                               "does not know (a newer newsdigest's, or another program's)")
        if current is None:
            metadata.create_all(conn)  # checkfirst: a half-made database keeps what it has
            ensure_search_index(conn)
            ctx.stamp(script, head)
            return "created"

        def upgrade(rev, _context):  # type: ignore[no-untyped-def]
            return script._upgrade_revs(head, rev)

        ctx = MigrationContext.configure(conn, opts={"script": script, "fn": upgrade})
        with Operations.context(ctx):
            ctx.run_migrations()
        return "upgraded"


def _extension_tables(conn: sa.Connection) -> set[str]:
    """Tables a PostgreSQL extension made in the schema (PostGIS's ``spatial_ref_sys``): the
    database's, not another program's."""
    if conn.dialect.name != "postgresql":
        return set()
    rows = conn.execute(sa.text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'e' WHERE n.nspname = current_schema()"
    ))
    return {r[0] for r in rows}
