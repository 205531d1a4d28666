"""``host_pacing``: when each host may next be sent a request, shared by every worker.

One row per host that a worker has fetched from. ``next_at`` is database time (the
clock of the one PostgreSQL server every worker talks to, so workers on different
machines agree without synchronised clocks). A worker may send its request once
``next_at`` has passed, and takes that turn by moving ``next_at`` one delay ahead in
the same statement (see :class:`newsdigest.storage.pacing.PacingStore`).

One short row per host; rows a day past their turn are pruned when a new host arrives
(``PacingStore.prune``). Harmless to empty: a lost row costs at most one request sent
without waiting.
"""

from __future__ import annotations

import sqlalchemy as sa

from .schema import TS, metadata

host_pacing = sa.Table(
    "host_pacing",
    metadata,
    sa.Column("host", sa.String(255), primary_key=True),  # fetch.host_of(url): lower-case, canonical IP
    sa.Column("next_at", TS, nullable=False),  # no request to this host before this (database time)
)

TABLES = (host_pacing,)


def create_pacing_tables(conn: sa.Connection) -> None:
    """For the migration that brings an existing database up to this table (a fresh one
    gets it from ``create_all``)."""
    metadata.create_all(conn, tables=list(TABLES), checkfirst=True)
