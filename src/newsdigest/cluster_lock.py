"""Clustering's single consumer: one ``cluster`` task at a time per partition (a language),
across all workers and hosts, held by a PostgreSQL advisory lock (``tasks.cluster_partition``)."""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from .errors import ConfigError
from .storage import Storage

LOCK_NAMESPACE = 0x6E64  # "nd": first key of the two-key advisory lock, so other apps' locks never clash


def _lock_key(partition: str) -> int:
    # pg advisory keys are signed int4; crc32 is stable across processes and hosts (hash() is not)
    key = zlib.crc32(partition.encode("utf-8"))
    return key - (1 << 32) if key >= (1 << 31) else key


@contextmanager
def cluster_lock(storage: Storage, partition: str, *, wait: float = 30.0) -> Iterator[bool]:
    """Hold the cluster lock of one partition (a language) for the block; yields False when
    another consumer held it for ``wait`` seconds. A session-level PostgreSQL advisory lock on
    a connection of its own: a worker that dies drops the connection, and with it the lock."""
    if storage.dialect != "postgresql":
        raise ConfigError("tasks: distributed clustering needs PostgreSQL (its advisory lock)")
    key = _lock_key(partition)
    deadline = time.monotonic() + wait
    with storage.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        try_lock = sa.text("SELECT pg_try_advisory_lock(:ns, :key)")
        while not conn.execute(try_lock, {"ns": LOCK_NAMESPACE, "key": key}).scalar():
            if time.monotonic() >= deadline:
                yield False
                return
            time.sleep(0.2)
        try:
            yield True
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:ns, :key)"), {"ns": LOCK_NAMESPACE, "key": key})
