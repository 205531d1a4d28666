"""Per-host request turns in PostgreSQL, so politeness holds across every worker process
and machine of the distributed mode (the in-process mode paces in memory, see
:class:`newsdigest.pacing.MemoryPacer`).

A turn is taken, not booked ahead: :meth:`PacingStore.try_turn` succeeds only when the
host's ``next_at`` has passed, and moves it one delay ahead in the same statement (the
row locked ``FOR UPDATE … WHERE next_at <= now``, a condition PostgreSQL re-checks once it
has the lock, then updated), so two workers never both get a turn for the same instant.
Taking the turn at the moment the request goes, rather than reserving a future slot and
sleeping until it, keeps the gap between two requests at least one delay even when a
worker oversleeps, stalls or dies before using a slot: there are no slots to overrun or
waste.

Times are the database's clock, the one clock every worker shares, read with
``clock_timestamp()`` (the moment of evaluation): a caller that queued behind another's
row lock is granted its turn at the time it got the lock, not at its statement's start,
which would date the turn before the previous one's request and let the next worker
send less than one delay after it.

Every statement commits on its own (autocommit), and a refused caller locks nothing: a
``FOR UPDATE`` whose condition fails takes no row lock (unlike ``INSERT … ON CONFLICT DO
UPDATE … WHERE``, which locks the row even when it changes nothing), and the wait is read
by a plain ``SELECT`` afterwards. So the callers that are refused, the many, never make
the one that is granted queue behind them.

A row whose ``next_at`` is long past says no more than a missing row (the host's next
turn is free either way), so rows more than :data:`PRUNE_AFTER` seconds past are deleted
whenever a host gets its first row: the table holds the hosts fetched lately, not every
host ever fetched. The delete skips rows another worker has locked (it never waits) and
failing it costs nothing but a few stale rows, so it never fails the turn just taken.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from ..errors import ConfigError, PacingError, StorageError
from .base import utc
from .schema_pacing import host_pacing

log = logging.getLogger(__name__)
PRUNE_AFTER = 86400.0  # seconds past its next_at after which a host's row is deleted
PRUNE_BATCH = 1000  # rows deleted at most by one prune


@dataclass(frozen=True, slots=True)
class Turn:
    """The answer to one :meth:`PacingStore.try_turn`."""

    granted: bool  # True: the caller may send its request now (next_at moved one delay on)
    wait: float  # seconds until the host's next free moment; 0.0 when granted
    at: datetime  # database time of the answer (when granted: the moment the turn was taken)


_NOW = sa.func.clock_timestamp(type_=host_pacing.c.next_at.type)
_STEP = sa.literal_column("interval '1 second'", type_=sa.Interval) * sa.bindparam("delay", type_=sa.Float)
_HOST = host_pacing.c.host == sa.bindparam("which")  # "host" is reserved by UPDATE … SET

# The row is locked first (a CTE ``FOR UPDATE``, which skips it unlocked when the turn is
# not free, re-checked after any wait), and only then is the clock read for the new
# ``next_at``: a caller that queued for the row dates its turn when it had it. The turn is
# dated by that same reading: at = next_at - delay.
_TAKE = sa.text(
    """
    WITH mine AS (
        SELECT host FROM host_pacing
        WHERE host = :which AND next_at <= clock_timestamp()
        FOR UPDATE
    )
    UPDATE host_pacing SET next_at = clock_timestamp() + make_interval(secs => :delay)
    FROM mine WHERE host_pacing.host = mine.host
    RETURNING host_pacing.next_at, host_pacing.next_at - make_interval(secs => :delay)
    """
).columns(sa.column("next_at", host_pacing.c.next_at.type), sa.column("at", host_pacing.c.next_at.type))
# A host's first turn: the row does not exist yet. DO NOTHING locks nothing on a conflict.
_FIRST = (
    postgresql.insert(host_pacing)
    .values(host=sa.bindparam("which"), next_at=_NOW + _STEP)
    .on_conflict_do_nothing(index_elements=[host_pacing.c.host])
    .returning(host_pacing.c.next_at, host_pacing.c.next_at - _STEP)
)
_PEEK = sa.select(host_pacing.c.next_at, _NOW).where(_HOST)
# A request has gone: the next turn is at least one delay from now (never earlier than it was).
_SENT = sa.text(
    "UPDATE host_pacing SET next_at = GREATEST(next_at, clock_timestamp() + make_interval(secs => :delay)) "
    "WHERE host = :which"
)
# Stale rows, oldest first; SKIP LOCKED: a row a worker is taking a turn on is left alone.
_PRUNE = sa.text(
    """
    DELETE FROM host_pacing WHERE host IN (
        SELECT host FROM host_pacing
        WHERE next_at < clock_timestamp() - make_interval(secs => :keep)
        ORDER BY next_at LIMIT :batch
        FOR UPDATE SKIP LOCKED
    )
    """
)


class PacingStore:
    """The ``host_pacing`` table; one per worker process, safe to share between threads."""

    def __init__(self, engine: sa.Engine) -> None:
        if engine.dialect.name != "postgresql":
            raise ConfigError("storage: pacing shared between workers needs PostgreSQL")
        self.engine = engine

    def try_turn(self, host: str, delay: float) -> Turn:
        """Take ``host``'s turn if it is free: the next turn is then ``delay`` seconds away
        for everyone. When it is not free, nothing changes and ``wait`` says how long until
        it is (a caller sleeps that long and asks again)."""
        params = {"which": host, "delay": max(0.0, float(delay))}
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                turn, first = _try_turn(conn, params)
        except (sa.exc.SQLAlchemyError, StorageError) as exc:
            why = str(exc).removeprefix("storage: ")
            raise PacingError(f"storage: cannot take a fetch turn for host {host}: {why}") from None
        if first:  # the table grew by a host: time to drop the hosts not fetched lately
            try:
                self.prune()
            except (sa.exc.SQLAlchemyError, StorageError) as exc:
                log.warning("pacing: stale hosts not pruned: %s", exc)
        return turn

    def mark_sent(self, host: str, delay: float) -> None:
        """``host``'s request has gone: its next turn is at least ``delay`` seconds from now."""
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                conn.execute(_SENT, {"which": host, "delay": max(0.0, float(delay))})
        except (sa.exc.SQLAlchemyError, StorageError) as exc:
            why = str(exc).removeprefix("storage: ")
            raise PacingError(f"storage: cannot mark a request sent for host {host}: {why}") from None

    def prune(self, older_than: float = PRUNE_AFTER) -> int:
        """Delete hosts whose ``next_at`` is more than ``older_than`` seconds past (database
        time), at most PRUNE_BATCH of them; returns how many went."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            return conn.execute(_PRUNE, {"keep": float(older_than), "batch": PRUNE_BATCH}).rowcount or 0

    def next_at(self, host: str) -> datetime | None:
        """When ``host`` may next be sent a request (database time); None if never paced."""
        with self.engine.connect() as conn:
            row = conn.execute(_PEEK, {"which": host}).first()
        return _db_time(row[0]) if row is not None else None


def _try_turn(conn: sa.Connection, params: dict[str, Any]) -> tuple[Turn, bool]:
    """The statements of one :meth:`PacingStore.try_turn`, each committed at once; and
    whether the host got its first row."""
    taken = conn.execute(_TAKE, params).first()
    if taken is not None:
        return Turn(True, 0.0, _db_time(taken[1])), False
    peek = conn.execute(_PEEK, params).first()
    if peek is not None:
        # Refused. A turn freed between the two statements reads as a wait of zero: ask again at once.
        next_at, now = _db_time(peek[0]), _db_time(peek[1])
        return Turn(False, max(0.0, (next_at - now).total_seconds()), now), False
    first = conn.execute(_FIRST, params).first()
    if first is not None:
        return Turn(True, 0.0, _db_time(first[1])), True
    return Turn(False, 0.0, datetime.now(UTC)), False  # another worker took the first turn just now: ask again


def _db_time(value: datetime) -> datetime:
    stamp = utc(value)
    assert stamp is not None  # both columns read are NOT NULL
    return stamp
