"""A database that fails under the storage layer is one message, never a traceback, and
loses nothing: what was not stored is stored by the next run, once.

Every failure here is real: a SQLite file made read-only (and opened ``mode=ro``, since
permissions do not stop root), a write lock held by a second connection, a PostgreSQL
port nobody listens on, and PostgreSQL backends ended with ``pg_terminate_backend``, at a
chosen statement or while the command waits for a lock the test holds.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from ingest_helpers import LocalServer, reply, text

from newsdigest.errors import StorageError
from newsdigest.records import Article, Source
from newsdigest.storage import Storage, open_storage

WORDS = " ".join(f"Harbour berth {i} closes for repairs after inspectors found cracks in the quay wall." for i in range(8))


def _articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}", text=f"Story {i}. {WORDS}", url=f"https://outlet.example/{i}", source="Outlet",
                    title=f"Berth {i} closes") for i in range(n)]


def _read_only(db: Path) -> str:
    """The file made read-only, and opened read-only too: a chmod does not stop root."""
    db.chmod(0o444)
    return f"sqlite:///file:{db}?mode=ro&uri=true"


def _writable(db: Path) -> str:
    db.chmod(0o644)
    return str(db)


def _nd_env() -> dict[str, str]:
    env = {**os.environ, "NEWSDIGEST_FETCH_ALLOW_NETWORKS": "127.0.0.1/32", "NEWSDIGEST_FETCH_HOST_DELAY": "0",
           "NEWSDIGEST_FETCH_RETRIES": "0"}
    env.pop("NEWSDIGEST_DATABASE_URL", None)
    return env


def nd(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsdigest", "--db", db, *args], capture_output=True, text=True,
                          env=_nd_env(), timeout=600)


def nd_start(*args: str, db: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "newsdigest", "--db", db, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_nd_env())


def _a_message(stderr: str, *parts: str) -> str:
    """The one ``error:`` line, holding every part; no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("error: storage: ")]
    assert lines, stderr
    assert all(p in lines[0] for p in parts), (parts, lines[0])
    return lines[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ SQLite


def test_a_read_only_sqlite_file_fails_as_one_message_and_stores_nothing_half(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with open_storage(str(db)) as s:
        src = s.add_source(Source(name="Outlet", url="https://outlet.example/feed.xml"))
    assert src.id is not None
    with open_storage(_read_only(db)) as s:
        assert [x.name for x in s.list_sources()] == ["Outlet"]  # reading still works
        with pytest.raises(StorageError) as stored:
            s.add_articles(_articles(2))
        with pytest.raises(StorageError) as recorded:
            s.record_fetch(src.id, status="ok", etag='"v1"', new_articles=2)
    for raised, table in ((stored, "articles"), (recorded, "sources")):
        message = str(raised.value)
        assert message.startswith(f"storage: database is read-only: {db} (writing to {table})"), message
        assert "make the file and its folder writable" in message

    with open_storage(_writable(db)) as s:
        assert s.count_articles() == 0 and s.source(src.id).last_fetched is None
        assert s.add_articles(_articles(2)) == ["a0", "a1"]
        assert s.add_articles(_articles(2)) == []
        assert s.count_articles() == 2


def test_a_lock_held_past_the_timeout_fails_as_one_message(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with open_storage(str(db)) as s:
        src = s.add_source(Source(name="Outlet", url="https://outlet.example/feed.xml"))
    assert src.id is not None
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of writing
    try:
        with open_storage(f"sqlite:///{db}?timeout=0.2") as s:
            started = time.monotonic()
            with pytest.raises(StorageError) as stored:
                s.add_articles(_articles(2))
            with pytest.raises(StorageError) as recorded:
                s.record_fetch(src.id, status="ok")
            assert time.monotonic() - started < 10
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    for raised, table in ((stored, "articles"), (recorded, "sources")):
        message = str(raised.value)
        assert message.startswith(f"storage: database is locked by another process: {db} "
                                  f"(writing to {table}; gave up after 0.2s) — let it finish"), message
    with open_storage(str(db)) as s:
        assert s.add_articles(_articles(2)) == ["a0", "a1"] and s.count_articles() == 2


def test_bugs_stay_loud(storage: Storage) -> None:
    """A broken constraint or a missing table is our bug, not the user's: not a message."""
    with pytest.raises(sa.exc.IntegrityError):
        storage.record_run_source(999_999, 999_999, status="ok", entries=0, new_articles=0, dropped={}, error=None)
    with storage.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE run_sources"))
    with pytest.raises(sa.exc.DBAPIError) as missing:  # OperationalError on SQLite, ProgrammingError on PostgreSQL
        storage.record_run_source(storage.start_run(), 1, status="ok", entries=0, new_articles=0, dropped={},
                                  error=None)
    assert "run_sources" in str(missing.value)


# ------------------------------------------------------------------ PostgreSQL


@contextmanager
def _backend_ended_at(storage: Storage, admin_url: str, statement: str, nth: int = 1) -> Iterator[list[str]]:
    """End the session's PostgreSQL backend just before its ``nth`` statement that starts
    with ``statement``, as an administrator or a crashed connection would."""
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    seen: list[str] = []

    def before(_conn, cursor, sql, *_):  # type: ignore[no-untyped-def]
        if sql.lstrip().upper().startswith(statement):
            seen.append(sql)
            if len(seen) == nth:
                with admin.connect() as c:
                    c.execute(sa.text("SELECT pg_terminate_backend(:pid, 5000)"),
                              {"pid": cursor.connection.info.backend_pid})

    sa.event.listen(storage.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        sa.event.remove(storage.engine, "before_cursor_execute", before)
        admin.dispose()


def _connection_message(message: str, url: str, doing: str) -> None:
    assert message.startswith(("storage: the database server ended the connection: ",
                               "storage: the connection to the database was lost: ")), message
    assert sa.make_url(url).database in message and f"({doing}" in message
    assert "check that the database server is running and reachable" in message


@pytest.mark.postgres
def test_a_postgresql_server_that_is_not_there(pg_url: str) -> None:
    port = _free_port()
    url = sa.make_url(pg_url).set(port=port, password="s3cret").render_as_string(hide_password=False)
    with pytest.raises(StorageError) as raised:
        open_storage(url)
    message = str(raised.value)
    assert message.startswith("storage: cannot connect to the database: postgresql+psycopg://"), message
    assert f"127.0.0.1:{port}/" in message and "(connection refused)" in message.lower()
    assert "s3cret" not in message and "NEWSDIGEST_DATABASE_URL" in message


@pytest.mark.postgres
def test_a_postgresql_connection_ended_mid_transaction_stores_nothing_half(pg_url: str) -> None:
    with open_storage(pg_url) as s:
        src = s.add_source(Source(name="Outlet", url="https://outlet.example/feed.xml"))
        assert src.id is not None
        with _backend_ended_at(s, pg_url, "INSERT INTO ARTICLES", nth=2) as seen, pytest.raises(StorageError) as stored:
            s.add_articles(_articles(2))  # the first article is in, the second never goes
        assert len(seen) == 2
        _connection_message(str(stored.value), pg_url, "writing to articles")
        with _backend_ended_at(s, pg_url, "UPDATE SOURCES"), pytest.raises(StorageError) as recorded:
            s.record_fetch(src.id, status="ok", etag='"v1"')
        _connection_message(str(recorded.value), pg_url, "writing to sources")

        assert s.count_articles() == 0 and s.source(src.id).last_fetched is None  # the pool reconnects
        assert s.add_articles(_articles(2)) == ["a0", "a1"]
        assert s.add_articles(_articles(2)) == []
        s.record_fetch(src.id, status="ok", etag='"v1"')
        assert s.count_articles() == 2 and s.source(src.id).etag == '"v1"'


# ------------------------------------------------------------------ through the command line


def _outlet() -> LocalServer:
    """An outlet with two articles whose feed answers 304 to its ETag."""
    from test_hostile import RSS, page, rss

    srv = LocalServer({"/robots.txt": text("User-agent: *\nAllow: /\n", Content_Type="text/plain")})
    feed = rss([(f"Berth {n} closes", srv.url(f"/a/{n}.html"), "Teaser.") for n in (1, 2)]).encode()

    def feed_route(h) -> None:  # type: ignore[no-untyped-def]
        if h.headers.get("If-None-Match") == '"v1"':
            reply(h, 304, b"", {"ETag": '"v1"'})
        else:
            reply(h, 200, feed, {"Content-Type": RSS, "ETag": '"v1"'})

    srv.routes["/feed.xml"] = feed_route
    for n in (1, 2):
        srv.routes[f"/a/{n}.html"] = text(page(n))
    return srv


def _feed_requests(srv: LocalServer, since: int = 0) -> list[str | None]:
    """The If-None-Match of each feed request after the first ``since`` requests."""
    return [r.headers.get("if-none-match") for r in srv.requests[since:] if r.path == "/feed.xml"]


def test_cli_import_into_a_read_only_database_then_again(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    open_storage(str(db)).close()
    lines = tmp_path / "articles.jsonl"
    lines.write_text("".join(json.dumps({"id": a.id, "url": a.url, "source": a.source, "title": a.title,
                                         "text": a.text}) + "\n" for a in _articles(3)))
    refused = nd("import", str(lines), db=_read_only(db))
    assert refused.returncode == 1
    _a_message(refused.stderr, f"database is read-only: {db} (writing to articles)", "writable")

    done = nd("import", str(lines), db=_writable(db))
    assert done.returncode == 0 and "imported 3 new article(s) of 3" in done.stderr, done.stderr
    again = nd("import", str(lines), db=str(db))
    assert again.returncode == 0 and "imported 0 new article(s) of 3" in again.stderr, again.stderr
    with open_storage(str(db)) as s:
        assert s.count_articles() == 3


def test_cli_run_on_a_read_only_database_then_again(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with _outlet() as srv:
        with open_storage(str(db)) as s:
            s.add_source(Source(name="Outlet", url=srv.url("/feed.xml")))
        refused = nd("run", db=_read_only(db))
        assert refused.returncode == 1
        _a_message(refused.stderr, f"database is read-only: {db} (writing to runs)")
        assert srv.requests == []  # it stopped before fetching anything

        first = nd("run", "--json", db=_writable(db))
        assert first.returncode == 0, first.stderr
        assert json.loads(first.stdout)["new_articles"] == 2
        again = nd("run", "--json", db=str(db))
        assert again.returncode == 0 and json.loads(again.stdout)["new_articles"] == 0
    with open_storage(str(db)) as s:
        assert s.count_articles() == 2


def test_cli_run_when_another_process_takes_the_database_mid_pass(tmp_path: Path) -> None:
    """Locked while storing, then while recording the fetch, then while closing the run:
    the message names the first failure the pass could not go on from, the fetch's record."""
    db = tmp_path / "news.db"
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    with _outlet() as srv:
        with open_storage(str(db)) as s:
            s.add_source(Source(name="Outlet", url=srv.url("/feed.xml")))
        serve_feed = srv.routes["/feed.xml"]

        def feed_then_lock(h) -> None:  # type: ignore[no-untyped-def]
            holder.execute("BEGIN IMMEDIATE")  # another process starts writing, and keeps at it
            serve_feed(h)

        srv.routes["/feed.xml"] = feed_then_lock
        try:
            locked = nd("run", db=f"sqlite:///{db}?timeout=0.5")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert locked.returncode == 1
        _a_message(locked.stderr, f"database is locked by another process: {db} "
                                  "(writing to sources; gave up after 0.5s)")
        with open_storage(str(db)) as s:
            assert s.count_articles() == 0 and s.list_sources()[0].last_fetched is None

        srv.routes["/feed.xml"] = serve_feed
        again = nd("run", "--json", db=str(db))
        assert again.returncode == 0 and json.loads(again.stdout)["new_articles"] == 2, again.stderr
        last = nd("run", "--json", db=str(db))
        assert last.returncode == 0 and json.loads(last.stdout)["new_articles"] == 0
    with open_storage(str(db)) as s:
        assert s.count_articles() == 2


@pytest.mark.postgres
def test_cli_run_on_a_postgresql_server_that_is_not_there(pg_url: str) -> None:
    port = _free_port()
    wrong = sa.make_url(pg_url).set(port=port, password="s3cret").render_as_string(hide_password=False)
    r = nd("run", db=wrong)
    assert r.returncode == 1 and "s3cret" not in r.stderr
    _a_message(r.stderr, "cannot connect to the database", f"127.0.0.1:{port}/", "NEWSDIGEST_DATABASE_URL")
    ok = nd("run", db=pg_url)
    assert ok.returncode == 0, ok.stderr


def _end_backend_waiting_on(admin: sa.Engine, statement: str, proc: subprocess.Popen[str]) -> None:
    """Wait until a backend of the database waits for a lock in ``statement``; end it."""
    deadline = time.monotonic() + 120
    query = sa.text(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
        "AND query ILIKE :q"
    )
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        with admin.connect() as c:
            pid = c.execute(query, {"q": statement + "%"}).scalar()
            if pid is not None:
                assert c.execute(sa.text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid}).scalar()
                return
        time.sleep(0.1)
    proc.kill()
    pytest.fail(f"no backend waited in {statement}")


@pytest.mark.postgres
def test_cli_run_whose_connection_drops_while_storing_articles(pg_url: str) -> None:
    """The fetch is recorded as failed, not done (no ETag kept): the next run fetches the
    whole feed again and stores its articles, once."""
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with _outlet() as srv, open_storage(pg_url) as s:
        src = s.add_source(Source(name="Outlet", url=srv.url("/feed.xml")))
        with s.engine.connect() as holder:
            holder.execute(sa.text("LOCK TABLE articles IN EXCLUSIVE MODE"))  # reads go on, inserts wait
            proc = nd_start("run", "--json", db=pg_url)
            _end_backend_waiting_on(admin, "INSERT INTO articles", proc)
            holder.rollback()
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 1, err
        assert "Traceback" not in err and "error: the database failed while storing articles of Outlet" in err
        (outcome,) = json.loads(out)["sources"]
        assert outcome["status"] == "error"
        _connection_message(outcome["error"], pg_url, "writing to articles")
        failed = s.source(src.id)
        assert failed.error_count == 1 and failed.last_error == outcome["error"] and failed.etag is None
        assert s.count_articles() == 0

        seen = len(srv.requests)
        again = nd("run", "--json", db=pg_url)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["new_articles"] == 2
        assert _feed_requests(srv, seen) == [None]  # the whole feed, not a conditional GET
        last = nd("run", "--json", db=pg_url)
        assert last.returncode == 0 and json.loads(last.stdout)["new_articles"] == 0
        assert _feed_requests(srv, seen)[-1] == '"v1"'  # recorded as done now
        assert s.count_articles() == 2 and s.source(src.id).error_count == 0
    admin.dispose()


@pytest.mark.postgres
def test_cli_run_whose_connection_drops_while_recording_the_fetch(pg_url: str) -> None:
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with _outlet() as srv, open_storage(pg_url) as s:
        src = s.add_source(Source(name="Outlet", url=srv.url("/feed.xml")))
        with s.engine.connect() as holder:
            # The row, as an UPDATE would hold it: the articles' foreign key checks go on.
            holder.execute(sa.text("SELECT id FROM sources WHERE id = :id FOR NO KEY UPDATE"), {"id": src.id})
            proc = nd_start("run", db=pg_url)
            _end_backend_waiting_on(admin, "UPDATE sources", proc)
            holder.rollback()
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 1
        _connection_message(_a_message(err).removeprefix("error: "), pg_url, "writing to sources")
        assert s.count_articles() == 2  # stored, each in its own transaction
        assert s.source(src.id).last_fetched is None and s.source(src.id).etag is None

        seen = len(srv.requests)
        again = nd("run", "--json", db=pg_url)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["new_articles"] == 0 and _feed_requests(srv, seen) == [None]
        done = s.source(src.id)
        assert done.last_status == "ok" and done.etag == '"v1"' and s.count_articles() == 2
    admin.dispose()
