"""Per-host request turns in PostgreSQL, so politeness holds across every worker process
and machine of the distributed mode (the in-process mode paces in memory, see
:class:`newsdigest.fetch.MemoryPacer`).

A turn is taken, not booked ahead: :meth:`PacingStore.try_turn` succeeds only when the
host's ``next_at`` has passed, and moves it one delay ahead in the same statement (an
``INSERT … ON CONFLICT DO UPDATE … WHERE``, which PostgreSQL runs under the row's lock,
so two workers never both get a turn for the same instant). Taking the turn at the moment
the request goes, rather than reserving a future slot and sleeping until it, keeps the
gap between two requests at least one delay even when a worker oversleeps, stalls or
dies before using a slot: there are no slots to overrun or waste. Times are the
database's clock (``statement_timestamp()``), the one clock every worker shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from ..errors import ConfigError, StorageError
from .base import utc
from .schema_pacing import host_pacing


@dataclass(frozen=True, slots=True)
class Turn:
    """The answer to one :meth:`PacingStore.try_turn`."""

    granted: bool  # True: the caller may send its request now (next_at moved one delay on)
    wait: float  # seconds until the host's next free moment; 0.0 when granted
    at: datetime  # database time of the answer


_NOW = sa.func.statement_timestamp(type_=host_pacing.c.next_at.type)
_STEP = sa.literal_column("interval '1 second'", type_=sa.Interval) * sa.bindparam("delay", type_=sa.Float)


def _take_statement() -> sa.Executable:
    insert = postgresql.insert(host_pacing).values(host=sa.bindparam("host"), next_at=_NOW + _STEP)
    return insert.on_conflict_do_update(
        index_elements=[host_pacing.c.host],
        set_={"next_at": _NOW + _STEP},
        where=host_pacing.c.next_at <= _NOW,  # otherwise: no row comes back, nothing changes
    ).returning(host_pacing.c.next_at, _NOW)


_TAKE = _take_statement()
_PEEK = sa.select(host_pacing.c.next_at, _NOW).where(host_pacing.c.host == sa.bindparam("host"))


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
        params = {"host": host, "delay": max(0.0, float(delay))}
        try:
            with self.engine.begin() as conn:
                row = conn.execute(_TAKE, params).first()
                if row is not None:
                    return Turn(True, 0.0, _db_time(row[1]))
                # Refused: the row exists (the insert conflicted). Read how long until it frees;
                # a turn taken and expired meanwhile reads as a wait of zero: ask again at once.
                peek = conn.execute(_PEEK, {"host": host}).first()
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError(f"storage: cannot take a fetch turn for host {host}: {exc}") from None
        if peek is None:  # the row was deleted between the two statements: ask again at once
            return Turn(False, 0.0, datetime.now(UTC))
        next_at, now = _db_time(peek[0]), _db_time(peek[1])
        return Turn(False, max(0.0, (next_at - now).total_seconds()), now)

    def next_at(self, host: str) -> datetime | None:
        """When ``host`` may next be sent a request (database time); None if never paced."""
        with self.engine.connect() as conn:
            row = conn.execute(_PEEK, {"host": host}).first()
        return _db_time(row[0]) if row is not None else None


def _db_time(value: datetime) -> datetime:
    stamp = utc(value)
    assert stamp is not None  # both columns read are NOT NULL
    return stamp
