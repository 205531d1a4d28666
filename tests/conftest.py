"""Fixtures shared by every test: real SQLite files, the real PostgreSQL, local servers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
import sys
from pathlib import Path

import pytest

from newsdigest.settings import load_config
from newsdigest.storage import Storage, open_storage

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("NEWSDIGEST_SHARED_DATA", REPO.parent / "shared" / "data"))
PG_ADMIN_URL = os.environ.get("NEWSDIGEST_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = bool(os.environ.get("CI"))


def need(condition: bool, why: str) -> None:
    """Skip locally when something a test needs is missing; fail in CI, where nothing may skip."""
    if not condition:
        if IN_CI:
            pytest.fail(f"required in CI: {why}")
        pytest.skip(why)


@pytest.fixture
def config(tmp_path: Path):
    return load_config(env={"NEWSDIGEST_FETCH_ALLOW_NETWORKS": "127.0.0.0/8", "NEWSDIGEST_FETCH_HOST_DELAY": "0"}).replace(
        database_url=str(tmp_path / "test.db")
    )


@pytest.fixture
def sqlite_storage(tmp_path: Path) -> Iterator[Storage]:
    s = open_storage(str(tmp_path / "news.db"))
    yield s
    s.close()


def _pg_available() -> bool:
    import sqlalchemy as sa

    try:
        eng = sa.create_engine(PG_ADMIN_URL)
        with eng.connect() as c:
            c.execute(sa.text("select 1"))
        eng.dispose()
        return True
    except Exception:
        return False


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import sqlalchemy as sa

    need(_pg_available(), f"PostgreSQL at {PG_ADMIN_URL}")
    name = f"nd_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def storage(request, tmp_path: Path) -> Iterator[Storage]:
    """The same storage tests run on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        s = open_storage(str(tmp_path / "news.db"))
    else:
        s = open_storage(request.getfixturevalue("pg_url"))
    yield s
    s.close()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium driven by Playwright (missing: skip locally, fail in CI)."""
    from browser_helpers import CHROMIUM, CHROMIUM_ARGS

    need(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def bench_module(name: str):
    """A script of ``bench/`` imported as a module (bench/ is not a package)."""
    import importlib

    path = str(Path(__file__).resolve().parents[1] / "bench")
    sys.path.insert(0, path)
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(path)


@contextmanager
def cheap_argon2() -> Iterator[None]:
    """Real argon2id at a cost that keeps a test fast (the default costs ~0.5 s a check)."""
    from newsdigest import auth

    auth.set_hash_cost(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        yield
    finally:
        auth.set_hash_cost(**auth.HASH_COST)


@pytest.fixture
def cheap_hashing() -> Iterator[None]:
    with cheap_argon2():
        yield
