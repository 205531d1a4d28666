"""Per-host pacing shared through PostgreSQL (the distributed mode), and the in-memory
pacing of the in-process mode, unchanged.

The turn store is exercised on the real PostgreSQL with many threads, each on an engine of
its own (as separate worker processes would be); what reaches a real HTTP server from
real Celery workers is in tests/test_celery.py.
"""

from __future__ import annotations

import itertools
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from ingest_helpers import LocalServer, ingest_config, text
from newsdigest import fetch
from newsdigest.errors import ConfigError, PacingError
from newsdigest.fetch import Fetcher, HostBusy, MemoryPacer, SharedPacer
from newsdigest.pipeline import PassReport, ingest
from newsdigest.progress import NullReporter
from newsdigest.records import Source
from newsdigest.storage import Storage, open_storage
from newsdigest.storage.base import utc
from newsdigest.storage.base import make_engine
from newsdigest.storage.pacing import PRUNE_AFTER, PacingStore, Turn
from newsdigest.storage.schema_pacing import host_pacing

DELAY = 0.1


@pytest.fixture
def pg(pg_url: str) -> Iterator[Storage]:
    with open_storage(pg_url) as s:
        yield s


class _Recording:
    """A PacingStore that notes the database time of every turn it was granted."""

    def __init__(self, store: PacingStore, granted: list[datetime]) -> None:
        self._store = store
        self._granted = granted

    def try_turn(self, host: str, delay: float) -> Turn:
        turn = self._store.try_turn(host, delay)
        if turn.granted:
            self._granted.append(turn.at)
        return turn

    def mark_sent(self, host: str, delay: float) -> None:
        self._store.mark_sent(host, delay)


class _TimedMemoryPacer(MemoryPacer):
    """A MemoryPacer that notes the time of every turn it grants (its own clock reading,
    taken under its lock), so the gaps are the pacer's, not a busy machine's wake-ups."""

    granted: list[float] = []  # set per test

    def _try_turn(self, host: str, delay: float) -> tuple[bool, float]:
        granted, at = super()._try_turn(host, delay)
        if granted:
            self.granted.append(at)
        return granted, at


def _gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(sorted(times))]


def _gaps_dt(times: list[datetime]) -> list[timedelta]:
    return [b - a for a, b in itertools.pairwise(sorted(times))]


def _set_next_at(storage: Storage, host: str, seconds_ahead: float) -> None:
    """As if another worker had just taken a turn with a delay of ``seconds_ahead``."""
    with storage.engine.begin() as conn:
        conn.execute(sa.delete(host_pacing).where(host_pacing.c.host == host))
        conn.execute(sa.insert(host_pacing).values(
            host=host, next_at=sa.func.statement_timestamp() + timedelta(seconds=seconds_ahead)))


# ------------------------------------------------------------------ the turn store


@pytest.mark.postgres
def test_a_turn_is_granted_once_per_delay_by_the_database_clock(pg: Storage) -> None:
    store = PacingStore(pg.engine)
    assert store.next_at("news.example") is None
    first = store.try_turn("news.example", 1.0)
    assert first.granted and first.wait == 0.0
    refused = store.try_turn("news.example", 1.0)
    assert not refused.granted and refused.at > first.at
    # the wait is what is left of the delay by the database's clock, however long the round trips took
    assert refused.wait == pytest.approx((first.at + timedelta(seconds=1.0) - refused.at).total_seconds(), abs=1e-5)
    assert store.next_at("news.example") == first.at + timedelta(seconds=1.0)  # a refusal moves nothing
    assert store.try_turn("other.example", 1.0).granted  # hosts are paced apart
    time.sleep(refused.wait)
    again = store.try_turn("news.example", 1.0)
    assert again.granted and (again.at - first.at).total_seconds() >= 1.0


@pytest.mark.postgres
def test_a_request_sent_late_moves_the_next_turn_one_delay_past_it(pg: Storage) -> None:
    """A turn is dated when it is taken; a worker held up before sending tells the store when
    its request went, so the next worker's turn comes one delay after that, not after the
    taking (CI: two requests 0.05 s apart on a busy machine, the delay 0.3 s)."""
    store = PacingStore(pg.engine)
    first = store.try_turn("news.example", DELAY)
    assert first.granted
    time.sleep(DELAY * 0.8)  # held up between taking the turn and sending
    store.mark_sent("news.example", DELAY)
    moved = store.next_at("news.example")
    assert moved is not None and (moved - first.at).total_seconds() >= DELAY * 1.8
    assert not store.try_turn("news.example", DELAY).granted  # the delay after the taking is over: not enough
    store.mark_sent("news.example", DELAY / 10)  # never earlier than it was
    assert store.next_at("news.example") == moved
    pacer = SharedPacer(store, max_wait=5.0)
    pacer.wait_turn("news.example", DELAY)
    taken = store.next_at("news.example")
    assert taken is not None and (taken - moved).total_seconds() >= DELAY


def test_the_fetcher_says_each_request_sent_and_the_memory_pacer_waits_from_there() -> None:
    sent: list[str] = []

    class _Noting(MemoryPacer):
        def sent(self, host: str, delay: float) -> None:
            sent.append(host)
            super().sent(host, delay)

    pacer = _Noting()
    with LocalServer({"*": text("ok")}) as srv, Fetcher(ingest_config(fetch_host_delay=0.2), pacer=pacer) as f:
        f.get(srv.url("/p0"))
    assert sent == ["127.0.0.1", "127.0.0.1"]  # robots.txt and the page
    memory = MemoryPacer()
    memory.wait_turn("h", 0.2)
    time.sleep(0.1)
    memory.sent("h", 0.2)
    granted, free_at = memory._try_turn("h", 0.2)
    assert not granted and free_at - time.monotonic() > 0.15  # one delay from the sending, not the taking


@pytest.mark.postgres
def test_a_refused_caller_holds_no_lock_on_the_hosts_row(pg: Storage, pg_url: str) -> None:
    """After each statement of a refused try_turn another session can lock the host's row at
    once: refusals, the many, never make the one granted caller queue behind them."""
    store = PacingStore(pg.engine)
    _set_next_at(pg, "busy.example", 5.0)
    lockable: list[bool] = []
    with open_storage(pg_url) as other:

        def probe(*_: object) -> None:
            with other.engine.connect() as conn:
                try:
                    conn.execute(sa.text("SELECT 1 FROM host_pacing WHERE host = 'busy.example' FOR UPDATE NOWAIT"))
                    lockable.append(True)
                except sa.exc.OperationalError:  # "could not obtain lock on row"
                    lockable.append(False)
                conn.rollback()

        sa.event.listen(pg.engine, "after_cursor_execute", probe)
        try:
            turn = store.try_turn("busy.example", DELAY)
        finally:
            sa.event.remove(pg.engine, "after_cursor_execute", probe)
    assert not turn.granted and turn.wait > 4.0
    assert lockable and all(lockable), lockable


@pytest.mark.postgres
def test_a_turn_waited_for_is_dated_when_the_row_was_had(pg: Storage, pg_url: str) -> None:
    """A caller that queued behind another session's lock on the host's row takes its turn
    when it gets the row, not when its statement began: the next turn is one delay after
    the moment the row was free, so the next worker cannot send sooner."""
    store = PacingStore(pg.engine)
    _set_next_at(pg, "held.example", -1.0)  # free: the caller will be granted, once it has the row
    turns: list[Turn] = []
    with open_storage(pg_url) as other, other.engine.connect() as conn:
        conn.execute(sa.text("SELECT 1 FROM host_pacing WHERE host = 'held.example' FOR UPDATE"))
        caller = threading.Thread(target=lambda: turns.append(store.try_turn("held.example", DELAY)))
        caller.start()
        time.sleep(0.5)  # the caller's statement has begun and waits for the row
        released = utc(conn.execute(sa.text("SELECT clock_timestamp()")).scalar())
        conn.commit()
        caller.join(10)
    (turn,) = turns
    assert turn.granted and released is not None
    assert turn.at >= released, (turn.at, released)
    assert store.next_at("held.example") == turn.at + timedelta(seconds=DELAY)


@pytest.mark.postgres
def test_concurrent_workers_never_share_a_turn_and_are_not_slowed_further(pg: Storage, pg_url: str) -> None:
    """Eight threads on engines of their own, five requests each to one host, while four
    more fetch from a second host: every two turns at the first host are one delay apart
    (by the database's clock and by the wall clock after the turn), the host is kept busy
    (total not much over 39 delays), and the second host's turns do not wait for the first's."""
    threads_per_host, each = {"busy.example": 8, "side.example": 4}, 5
    granted: dict[str, list[datetime]] = {h: [] for h in threads_per_host}
    sent: dict[str, list[float]] = {h: [] for h in threads_per_host}
    lock = threading.Lock()
    barrier = threading.Barrier(sum(threads_per_host.values()))
    errors: list[BaseException] = []

    def worker(host: str) -> None:
        try:
            with open_storage(pg_url) as own:
                pacer = SharedPacer(_Recording(PacingStore(own.engine), granted[host]), max_wait=30.0)
                barrier.wait()
                for _ in range(each):
                    pacer.wait_turn(host, DELAY)
                    with lock:
                        sent[host].append(time.monotonic())
        except BaseException as exc:  # noqa: BLE001 — reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(h,))
               for h, n in threads_per_host.items() for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    for host, n in threads_per_host.items():
        db_gaps = [g.total_seconds() for g in _gaps_dt(granted[host])]
        assert len(granted[host]) == n * each
        # Exact, on the database's own clock. (The threads' own wake-up times are not compared:
        # with twelve threads on two loaded cores one wakes 50 ms late now and then.)
        assert min(db_gaps) >= DELAY, (host, db_gaps)
        span = max(sent[host]) - min(sent[host])
        # turns follow each other closely: a generous bound (twelve threads on two loaded
        # cores), still far under what serialising every thread's five turns would cost
        assert span <= (n * each - 1) * DELAY * 2.0 + 2.0, (host, span)
    # the side host's 20 turns ran alongside the busy host's 40, not after them
    assert max(sent["side.example"]) < max(sent["busy.example"]) - 1.0


@pytest.mark.postgres
def test_a_crowded_host_raises_host_busy_instead_of_holding_the_worker(pg: Storage) -> None:
    store = PacingStore(pg.engine)
    pacer = SharedPacer(store, max_wait=0.3)
    _set_next_at(pg, "crowded.example", 5.0)  # e.g. another worker's turn under a Crawl-delay of 5 s
    before = store.next_at("crowded.example")
    start = time.monotonic()
    with pytest.raises(HostBusy) as info:
        pacer.wait_turn("crowded.example", DELAY)
    assert time.monotonic() - start < 0.5  # it did not sleep the 5 s out
    assert re.fullmatch(r"fetch: no turn at host crowded\.example within the 0\.3s limit "
                        r"\(waited [0-9.]+s; other workers keep it busy\)", str(info.value)), str(info.value)
    assert info.value.host == "crowded.example" and info.value.limit == 0.3
    assert store.next_at("crowded.example") == before  # and took nothing
    # a pacer never gives up before two delays: a host paced slower than the bound still gets requests
    _set_next_at(pg, "slow.example", 0.4)
    start = time.monotonic()
    pacer.wait_turn("slow.example", 0.3)
    assert 0.3 < time.monotonic() - start < 1.5


@pytest.mark.postgres
def test_a_patient_pacer_waits_as_long_as_it_takes(pg: Storage) -> None:
    pacer = SharedPacer(PacingStore(pg.engine), max_wait=0.2)
    _set_next_at(pg, "crowded.example", 1.0)
    start = time.monotonic()
    with pacer.patient():
        pacer.wait_turn("crowded.example", DELAY)
    assert 0.9 < time.monotonic() - start < 3.0
    _set_next_at(pg, "crowded.example", 1.0)
    with pacer.patient(False), pytest.raises(HostBusy):  # patience is only inside the block
        pacer.wait_turn("crowded.example", DELAY)


@pytest.mark.postgres
def test_no_delay_means_no_database_round_trip(pg: Storage) -> None:
    store = PacingStore(pg.engine)
    SharedPacer(store, max_wait=1.0).wait_turn("fast.example", 0.0)
    assert store.next_at("fast.example") is None


def test_the_shared_store_refuses_sqlite(sqlite_storage: Storage) -> None:
    with pytest.raises(ConfigError, match="^storage: pacing shared between workers needs PostgreSQL"):
        PacingStore(sqlite_storage.engine)


def _hosts(storage: Storage) -> set[str]:
    with storage.engine.connect() as conn:
        return set(conn.execute(sa.select(host_pacing.c.host)).scalars())


@pytest.mark.postgres
def test_hosts_long_past_their_turn_are_pruned_when_a_new_host_comes(pg: Storage) -> None:
    """The table holds the hosts fetched lately, not every host ever fetched: a row more than
    a day past its turn says no more than a missing row, and goes when the table grows."""
    store = PacingStore(pg.engine)
    _set_next_at(pg, "old.example", -PRUNE_AFTER - 3600)
    _set_next_at(pg, "recent.example", -PRUNE_AFTER + 3600)
    _set_next_at(pg, "busy.example", 5.0)
    assert store.try_turn("recent.example", DELAY).granted  # a known host's turn prunes nothing
    assert store.try_turn("busy.example", DELAY).wait > 4.0
    assert _hosts(pg) == {"old.example", "recent.example", "busy.example"}
    assert store.try_turn("new.example", DELAY).granted  # a host's first row: stale rows go
    assert _hosts(pg) == {"recent.example", "busy.example", "new.example"}
    back = store.try_turn("old.example", DELAY)  # a pruned host's turn is free, as it was before
    assert back.granted and store.next_at("old.example") == back.at + timedelta(seconds=DELAY)
    time.sleep(DELAY)
    assert store.prune(older_than=0.0) == 3 and _hosts(pg) == {"busy.example"}  # its turn is still ahead


@pytest.mark.postgres
def test_pruning_never_waits_for_a_row_another_worker_holds(pg: Storage, pg_url: str) -> None:
    store = PacingStore(pg.engine)
    _set_next_at(pg, "held.example", -2 * PRUNE_AFTER)
    _set_next_at(pg, "stale.example", -2 * PRUNE_AFTER)
    with open_storage(pg_url) as other, other.engine.connect() as worker:
        worker.execute(sa.text("SELECT 1 FROM host_pacing WHERE host = 'held.example' FOR UPDATE"))
        started = time.monotonic()
        assert store.prune() == 1
        assert time.monotonic() - started < 2.0
        worker.rollback()
    assert _hosts(pg) == {"held.example"}
    assert store.prune() == 1 and _hosts(pg) == set()


@pytest.mark.postgres
def test_a_prune_the_database_fails_costs_the_turn_nothing(pg: Storage, pg_url: str,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """The connection ends just before the prune: the turn, taken and committed, stands."""
    store = PacingStore(pg.engine)
    _set_next_at(pg, "old.example", -2 * PRUNE_AFTER)
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")

    def end_backend(_conn, cursor, sql, *_):  # type: ignore[no-untyped-def]
        if sql.lstrip().startswith("DELETE FROM host_pacing"):
            with admin.connect() as c:
                c.execute(sa.text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": cursor.connection.info.backend_pid})

    sa.event.listen(pg.engine, "before_cursor_execute", end_backend)
    try:
        turn = store.try_turn("new.example", DELAY)
    finally:
        sa.event.remove(pg.engine, "before_cursor_execute", end_backend)
        admin.dispose()
    assert turn.granted and store.next_at("new.example") is not None
    assert _hosts(pg) == {"old.example", "new.example"}  # left for a later prune
    assert "stale hosts not pruned: storage: the database server ended the connection" in caplog.text
    assert store.prune() == 1


@pytest.mark.postgres
def test_a_database_that_is_not_there_puts_the_fetch_off_with_a_message(pg_url: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    engine = make_engine(sa.make_url(pg_url).set(port=port).render_as_string(hide_password=False))
    try:
        with pytest.raises(PacingError) as raised:
            PacingStore(engine).try_turn("news.example", DELAY)
    finally:
        engine.dispose()
    assert str(raised.value).startswith("storage: cannot take a fetch turn for host news.example: "
                                        "cannot connect to the database: "), raised.value


# ------------------------------------------------------------------ schema and migration


def test_a_fresh_database_has_the_pacing_table(storage: Storage) -> None:
    with storage.engine.connect() as conn:
        assert sa.inspect(conn).has_table("host_pacing")


def test_migration_adds_the_pacing_table(tmp_path: Path) -> None:
    from alembic.runtime.migration import MigrationContext

    from newsdigest.storage.base import make_engine
    from newsdigest.storage.migrate import script_directory

    path = tmp_path / "old.db"
    open_storage(str(path)).close()
    engine = make_engine(str(path))
    with engine.begin() as conn:  # as a database from before shared pacing
        conn.execute(sa.text("DROP TABLE host_pacing"))
        MigrationContext.configure(conn).stamp(script_directory(), "0005")
    engine.dispose()
    with open_storage(str(path)) as s, s.engine.connect() as conn:
        assert sa.inspect(conn).has_table("host_pacing")
        head = script_directory().get_current_head()
        assert MigrationContext.configure(conn).get_current_revision() == head


@pytest.mark.postgres
def test_migration_adds_the_pacing_table_on_postgresql(pg_url: str) -> None:
    from alembic.runtime.migration import MigrationContext

    from newsdigest.storage.migrate import script_directory

    with open_storage(pg_url) as s, s.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE host_pacing"))
        MigrationContext.configure(conn).stamp(script_directory(), "0005")
    with open_storage(pg_url) as s:
        assert PacingStore(s.engine).try_turn("news.example", 1.0).granted


# ------------------------------------------------------------------ the in-process mode, unchanged


def test_a_fetcher_paces_in_memory_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "MemoryPacer", _TimedMemoryPacer)
    monkeypatch.setattr(_TimedMemoryPacer, "granted", [])
    with LocalServer({"*": text("ok")}) as srv, Fetcher(ingest_config(fetch_host_delay=0.2)) as f:
        assert isinstance(f._pacer, MemoryPacer)
        for i in range(4):
            f.get(srv.url(f"/p{i}"))
    assert len(srv.requests) == 5  # robots.txt and four pages, each after a turn of its own
    gaps = _gaps(_TimedMemoryPacer.granted)
    assert len(_TimedMemoryPacer.granted) == 5 and min(gaps) >= 0.2, gaps


def test_the_in_process_pass_paces_one_host_and_never_touches_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An in-process ingest on SQLite: three sources on one host, fetched by parallel
    threads, still one delay apart; nothing is written to host_pacing."""
    from test_hostile import RSS, page, rss

    srv = LocalServer({"/robots.txt": text("User-agent: *\nAllow: /\n", Content_Type="text/plain")})
    for i in range(3):
        ns = [10 * i + j for j in range(2)]
        srv.routes[f"/feed{i}.xml"] = text(rss([(f"Berth {n} closes", srv.url(f"/a/{n}.html"), "Teaser.")
                                                for n in ns]), Content_Type=RSS)
        for n in ns:
            srv.routes[f"/a/{n}.html"] = text(page(n))
    config = ingest_config(fetch_host_delay=0.2, fetch_concurrency=3)
    monkeypatch.setattr(fetch, "MemoryPacer", _TimedMemoryPacer)
    monkeypatch.setattr(_TimedMemoryPacer, "granted", [])
    with srv, open_storage(str(tmp_path / "in-process.db")) as storage:
        for i in range(3):
            storage.add_source(Source(name=f"Outlet {i}", url=srv.url(f"/feed{i}.xml")))
        report = PassReport()
        ingest(storage, config, NullReporter(), report)
        with storage.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(host_pacing)).scalar() == 0
    assert report.new_articles == 6
    assert len(srv.requests) == 10  # robots.txt, three feeds, six pages, each after a turn of its own
    gaps = _gaps(_TimedMemoryPacer.granted)  # taken by three threads
    assert len(_TimedMemoryPacer.granted) == 10 and min(gaps) >= 0.2, gaps


def test_a_turn_that_frees_while_the_thread_is_descheduled_is_taken_not_slept_negative() -> None:
    """CI on a loaded machine: between being told when the host frees and going to sleep, a
    thread lost the CPU past that moment and ``time.sleep`` got a negative length
    (ValueError). It asks again at once instead."""

    class _Late(MemoryPacer):
        asked = 0

        def _try_turn(self, host: str, delay: float) -> tuple[bool, float]:
            self.asked += 1
            if self.asked == 1:
                return False, time.monotonic() - 1.0  # freed a second ago, as a late wake-up sees it
            return super()._try_turn(host, delay)

    pacer = _Late()
    pacer.wait_turn("example.org", 0.2)
    assert pacer.asked == 2
