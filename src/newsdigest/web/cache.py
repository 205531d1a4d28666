"""A small in-process cache with expiry, one per app (``app.state.cache``).

Feeds and sitemaps are rebuilt from many digests and read by polling machines, and
"more like this" compares a digest with hundreds of others; both change slowly, so a
minute-old answer is fine and saves the database most of the work.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class TTLCache(Generic[T]):
    def __init__(
        self, maxsize: int = 256, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.maxsize = maxsize
        self.ttl = ttl
        self.clock = clock
        self._items: OrderedDict[Hashable, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()  # sync views run in a thread pool

    def get_or_set(self, key: Hashable, make: Callable[[], T]) -> T:
        now = self.clock()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] > now:
                self._items.move_to_end(key)
                return hit[1]
        # Built outside the lock: two threads may both build once; neither waits on the other.
        value = make()
        with self._lock:
            self._items[key] = (now + self.ttl, value)
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
