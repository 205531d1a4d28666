"""Politeness between requests: who says when a host may be sent the next one.

:class:`~newsdigest.fetch.Fetcher` calls its :class:`Pacer` before every request (the page,
each redirect hop, robots.txt, a retry). :class:`MemoryPacer` (the default) paces the
threads of one process; :class:`SharedPacer` paces every process and machine that shares
its turn store (the distributed mode's PostgreSQL table, :mod:`newsdigest.storage.pacing`),
and may give up with :class:`HostBusy` rather than hold a worker for long. After each
request the fetcher says it was ``sent``, which moves the host's next turn to at least one
delay after it: a turn is dated when it is taken, and a worker held up between taking its
turn and sending (the machine busy) must not send close to the next worker's request. The names are
imported from :mod:`newsdigest.fetch` too, where callers have always found them.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from .errors import PacingError

log = logging.getLogger(__name__)

TURN_JITTER = 0.02  # seconds, at most, added to each wait for a shared turn: waiters do not all ask at once


class Pacer(Protocol):
    """The pacing seam: one call before every request (page, redirect hop, robots.txt, retry)."""

    def wait_turn(self, host: str, delay: float) -> None:
        """Return when a request to ``host`` may go, at least ``delay`` seconds after the
        previous one to it; may raise :class:`HostBusy`."""
        ...

    def sent(self, host: str, delay: float) -> None:
        """The request whose turn was taken has reached ``host`` (its answer is back): the
        next turn is at least ``delay`` from now. A turn is dated when it is taken; a worker
        held up between taking it and sending would otherwise send close to the next one."""
        ...


class HostBusy(Exception):
    """A :class:`SharedPacer` waited its limit for a turn at a host that other workers keep busy.

    Deliberately not a :class:`~newsdigest.errors.FetchError`: it says nothing about the
    URL, so it must not be recorded as the page's or the source's failure. It goes up
    through the stage to the task, which is run again later (``tasks.fetch_source``).
    """

    def __init__(self, host: str, waited: float, limit: float) -> None:
        # Given up when the next free turn lies beyond the limit, so ``waited`` may be under it:
        # say both, or "no turn in 0.1s" reads as if the limit were 0.1 s.
        super().__init__(f"fetch: no turn at host {host} within the {limit:g}s limit "
                         f"(waited {waited:.1f}s; other workers keep it busy)")
        self.host = host
        self.waited = waited
        self.limit = limit


class MemoryPacer:
    """Pacing within one process (the in-process mode): a thread takes its host's turn
    under a lock once the host is free, which makes it busy for ``delay``; until then it
    sleeps outside the lock and asks again.

    Taken at the moment of the request, not booked ahead: a thread that wakes late (the
    GIL held by a parse, a first import) used to send on top of the next booked slot.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free_at: dict[str, float] = {}

    def wait_turn(self, host: str, delay: float) -> None:
        while True:
            granted, at = self._try_turn(host, delay)
            if granted:
                return
            # The turn may have come free since it was asked for (a thread descheduled on a
            # busy machine): then ask again at once, not sleep a negative time.
            time.sleep(max(0.0, at - time.monotonic()))

    def _try_turn(self, host: str, delay: float) -> tuple[bool, float]:
        """Take ``host``'s turn if it is free: ``(True, when taken)``, else ``(False, when
        it frees)``, both ``time.monotonic()``; a test notes the turns' own times here."""
        with self._lock:
            now = time.monotonic()
            free_at = self._free_at.get(host, 0.0)
            if free_at <= now:
                self._free_at[host] = now + delay
                return True, now
            return False, free_at

    def sent(self, host: str, delay: float) -> None:
        with self._lock:
            self._free_at[host] = max(self._free_at.get(host, 0.0), time.monotonic() + delay)


class TurnStore(Protocol):
    """Where a :class:`SharedPacer` takes turns: :class:`newsdigest.storage.pacing.PacingStore`."""

    def try_turn(self, host: str, delay: float) -> Any:
        """Take the host's turn if it is free; the answer has ``granted`` and ``wait`` (seconds)."""
        ...

    def mark_sent(self, host: str, delay: float) -> None:
        """The host's next turn is at least ``delay`` seconds from now."""
        ...


class SharedPacer:
    """Pacing across processes and machines: a request goes only once it has *taken* its
    host's turn in the shared store, which then makes everyone else wait ``delay``.

    Waiting is bounded: after ``max_wait`` seconds (at least two delays, so a host paced
    slower than the bound still gets requests) without a turn it raises :class:`HostBusy`,
    so a worker is not held for minutes by one crowded host. Inside :meth:`patient` it
    waits as long as it takes (a task that was put off often enough must finish).
    """

    def __init__(self, store: TurnStore, *, max_wait: float) -> None:
        self._store = store
        self._max_wait = max_wait
        self._local = threading.local()

    def wait_turn(self, host: str, delay: float) -> None:
        if delay <= 0:
            return  # nothing to keep apart; spares a database round trip per request
        limit = None if getattr(self._local, "patient", False) else max(self._max_wait, 2 * delay)
        started = time.monotonic()
        while True:
            turn = self._store.try_turn(host, delay)
            if turn.granted:
                return
            waited = time.monotonic() - started
            if limit is not None and waited + turn.wait > limit:
                raise HostBusy(host, waited, limit)
            time.sleep(turn.wait + random.uniform(0.0, TURN_JITTER))

    def sent(self, host: str, delay: float) -> None:
        if delay <= 0:
            return  # as in ``wait_turn``: no turn was taken, nothing to move
        try:
            self._store.mark_sent(host, delay)
        except PacingError as exc:  # the turn was taken and the request is done: warn, go on
            log.warning("%s", exc)

    @contextmanager
    def patient(self, on: bool = True) -> Iterator[None]:
        """Within the block (this thread only), wait for turns without a limit when ``on``."""
        before = getattr(self._local, "patient", False)
        self._local.patient = on
        try:
            yield
        finally:
            self._local.patient = before
