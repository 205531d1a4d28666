"""Scale-out throughput: pages per second through fetch + extract + analyse, in-process and
with 1, 2 and 4 Celery worker processes.

A local HTTP server serves the 121 real article pages of ``shared/data/extraction/html``
behind generated RSS feeds (several feeds, so several fetch tasks run at once). For each
row the bench makes a fresh PostgreSQL database, adds the feeds as sources, starts the
workers (``tasks.worker_main``, each loads spaCy before it takes tasks: not timed), then
times the ingest and analyse stages of one pass (the coordinator sends the tasks and waits
for them: ``tasks.DistributedPass``). The in-process row times ``pipeline.ingest`` and
``pipeline.analyse_pending`` on the same kind of database.

    .venv/bin/python bench/scaling.py [--workers 1 2 4] [--feeds 8] [--broker amqp://…] [--json]

Needs PostgreSQL (NEWSDIGEST_TEST_PG, default postgresql+psycopg://postgres@127.0.0.1:5432/test)
and a broker (default: RabbitMQ at 127.0.0.1:5672). Figures depend on what else the
machine runs; the bench prints the load average next to them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pagefeeds import load_pages, rss  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("NEWSDIGEST_SHARED_DATA", REPO.parent / "shared" / "data"))
PG_ADMIN_URL = os.environ.get("NEWSDIGEST_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DEFAULT_BROKER = "amqp://guest:guest@127.0.0.1:5672//"


# --- the local outlets: real pages behind generated feeds ----------------------------------


def _rss(base: str, feed: int, names: list[str], now: datetime) -> bytes:
    return rss(base, f"Feed {feed}", names, now).encode()



@contextmanager
def serve_pages(pages: dict[str, bytes], feeds: int) -> Iterator[list[str]]:
    """Yields the feed URLs; pages are dealt round-robin over ``feeds`` feeds."""
    names = sorted(pages)
    now = datetime.now(UTC).replace(microsecond=0)
    routes: dict[str, tuple[bytes, str]] = {"/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain")}
    for n in names:
        routes[f"/page/{n}.html"] = (pages[n], "text/html; charset=utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body, ctype = routes.get(self.path, (b"", ""))
            self.send_response(200 if ctype else 404)
            self.send_header("Content-Type", ctype or "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    urls = []
    for f in range(feeds):
        routes[f"/feed/{f}.xml"] = (_rss(base, f, names[f::feeds], now), "application/rss+xml")
        urls.append(f"{base}/feed/{f}.xml")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield urls
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- one measured row ------------------------------------------------------------------------


@contextmanager
def fresh_database() -> Iterator[str]:
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"nd_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _env(db_url: str, broker: str) -> dict[str, str]:
    return dict(os.environ, NEWSDIGEST_DATABASE_URL=db_url, NEWSDIGEST_BROKER_URL=broker,
                NEWSDIGEST_FETCH_ALLOW_NETWORKS="127.0.0.1/32", NEWSDIGEST_FETCH_HOST_DELAY="0",
                NEWSDIGEST_LOG_LEVEL="WARNING")


def _storage_with_sources(db_url: str, feed_urls: list[str]) -> Any:
    from newsdigest.records import Source
    from newsdigest.storage import open_storage

    storage = open_storage(db_url)
    for i, url in enumerate(feed_urls):
        storage.add_source(Source(name=f"bench-feed-{i}", url=url))
    return storage


def measure_in_process(feed_urls: list[str], broker: str) -> dict[str, Any]:
    from newsdigest.analyse import nlp
    from newsdigest.pipeline import PassReport, analyse_pending, ingest
    from newsdigest.progress import NullReporter
    from newsdigest.settings import load_config

    nlp()  # loaded before the clock starts, as the workers do
    with fresh_database() as db_url:
        config = load_config(env=_env(db_url, ""))
        storage = _storage_with_sources(db_url, feed_urls)
        report = PassReport()
        t0 = time.perf_counter()
        ingest(storage, config, NullReporter(), report)
        t1 = time.perf_counter()
        analyse_pending(storage, NullReporter(), report)
        t2 = time.perf_counter()
        storage.close()
    return _row("in-process", report.new_articles, t1 - t0, t2 - t1)


def measure_workers(n: int, feed_urls: list[str], broker: str) -> dict[str, Any]:
    from newsdigest import tasks
    from newsdigest.pipeline import PassReport
    from newsdigest.settings import load_config

    queue = f"nd-bench-{uuid.uuid4().hex[:8]}"
    with fresh_database() as db_url:
        env = _env(db_url, broker)
        config = load_config(env=env)
        tasks.configure(config)
        storage = _storage_with_sources(db_url, feed_urls)
        code = ("from newsdigest import tasks\nfrom newsdigest.settings import load_config\n"
                f"tasks.worker_main(load_config(), queue={queue!r})\n")
        procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for _ in range(n)]
        try:
            deadline = time.monotonic() + 300
            while len(tasks._consumers(queue)) < n:
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                    raise SystemExit(f"only {len(tasks._consumers(queue))} of {n} workers came up")
                time.sleep(0.5)
            stages = tasks.DistributedPass(storage, config, queue)
            report = PassReport()
            cpu0 = [_cpu_seconds(p.pid) for p in procs]
            t0 = time.perf_counter()
            stages.ingest(report)
            t1 = time.perf_counter()
            stages.analyse(report)
            t2 = time.perf_counter()
            cpu = [_cpu_seconds(p.pid) - c for p, c in zip(procs, cpu0)]
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                try:
                    p.wait(60)
                except subprocess.TimeoutExpired:
                    p.kill()
            storage.close()
    return _row(f"{n} worker{'s' if n > 1 else ''}", report.new_articles, t1 - t0, t2 - t1, cpu)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc): the work a worker did, whatever the load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _row(label: str, pages: int, fetch_s: float, analyse_s: float, cpu: list[float] | None = None) -> dict[str, Any]:
    total = fetch_s + analyse_s
    row = {"executor": label, "pages": pages, "fetch_extract_s": round(fetch_s, 2), "analyse_s": round(analyse_s, 2),
           "total_s": round(total, 2), "pages_per_s": round(pages / total, 2) if total else 0.0}
    if cpu is not None:  # how the work spread over the workers (CPU seconds each during the stages)
        row["worker_cpu_s"] = [round(c, 1) for c in cpu]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--feeds", type=int, default=8, help="feeds the pages are dealt over (fetch tasks per pass)")
    parser.add_argument("--broker", default=os.environ.get("NEWSDIGEST_BENCH_BROKER", DEFAULT_BROKER))
    parser.add_argument("--no-in-process", action="store_true", help="skip the in-process row")
    parser.add_argument("--json", action="store_true", help="rows as JSON on stdout")
    args = parser.parse_args()

    pages = load_pages(name_chars=16)
    rows = []
    with serve_pages(pages, args.feeds) as feed_urls:
        if not args.no_in_process:
            rows.append(measure_in_process(feed_urls, args.broker))
        for n in args.workers:
            rows.append(measure_workers(n, feed_urls, args.broker))
            print(f"done: {rows[-1]}", file=sys.stderr)
    result = {"pages_served": len(pages), "feeds": args.feeds, "broker": args.broker.split("://")[0],
              "cpus": os.cpu_count(), "load_average": [round(x, 1) for x in os.getloadavg()], "rows": rows}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{len(pages)} pages behind {args.feeds} feeds, broker {result['broker']}, {result['cpus']} CPUs, "
          f"load average {result['load_average']}")
    print(f"{'executor':<12} {'pages':>5} {'fetch+extract s':>15} {'analyse s':>9} {'total s':>8} {'pages/s':>8}"
          "  CPU s per worker")
    for r in rows:
        print(f"{r['executor']:<12} {r['pages']:>5} {r['fetch_extract_s']:>15} {r['analyse_s']:>9} "
              f"{r['total_s']:>8} {r['pages_per_s']:>8}  {' '.join(map(str, r.get('worker_cpu_s', [])))}")


if __name__ == "__main__":
    main()
