"""Ingest speed: pages per second through newsdigest's whole pass vs ``trafilatura.extract`` alone.

A local HTTP server (``tests/ingest_helpers.LocalServer`` on 127.0.0.1) serves the 121 real
article pages of ``shared/data/extraction/html`` behind generated RSS feeds. In the same
run the bench

1. times ``trafilatura.extract`` on the same pages (decoded once, in memory, no network);
2. times ``newsdigest.extract.extract_article`` on them (what the pipeline calls per page:
   precision mode plus a wide-mode retry on short results);
3. times ``newsdigest.pipeline.run_pass`` on a fresh SQLite file with the feeds added as
   sources (fetch → extract → store → analyse → cluster → rank → write), split by stage
   from ``PassReport.stage_seconds``.

spaCy is loaded before the clock starts (a long-running process pays it once). Wall time
and process CPU time (all threads, ``time.process_time``) are both printed: on a loaded
machine wall time includes waiting for a core, CPU time does not. The HTTP server runs in
this process, so its (small) CPU cost is inside the pipeline's CPU figure.

    .venv/bin/python bench/ingest.py [--feeds 4] [--repeat 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("NEWSDIGEST_SHARED_DATA", REPO.parent / "shared" / "data"))
sys.path.insert(0, str(REPO / "tests"))  # the local-server helper the ingest tests use

from ingest_helpers import LocalServer, text  # noqa: E402
from pagefeeds import load_pages, rss  # noqa: E402


def serve(pages: dict[str, bytes], feeds: int) -> tuple[LocalServer, list[str]]:
    """A server with every page at /page/<id>.html and the ids dealt round-robin over feeds."""
    server = LocalServer({"/robots.txt": text("User-agent: *\nAllow: /\n", Content_Type="text/plain")})
    names = sorted(pages)
    for n in names:
        server.routes[f"/page/{n}.html"] = text(pages[n])
    now = datetime.now(UTC).replace(microsecond=0)
    urls = []
    for f in range(feeds):
        path = f"/feed/{f}.xml"
        server.routes[path] = text(rss(server.url(""), f"Feed {f}", names[f::feeds], now),
                                   Content_Type="application/rss+xml")
        urls.append(server.url(path))
    return server, urls


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall seconds, process CPU seconds)."""
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def bench_trafilatura(pages: dict[str, bytes]) -> dict[str, Any]:
    import trafilatura

    from newsdigest.extract import decode_html

    docs = [decode_html(b, "text/html; charset=utf-8") for b in pages.values()]
    trafilatura.extract(docs[0])  # warm its lazy imports, not timed
    outs, wall, cpu = timed(lambda: [trafilatura.extract(d) for d in docs])
    return {"pages": len(docs), "extracted": sum(1 for o in outs if o), "wall_s": wall, "cpu_s": cpu}


def bench_extract_article(pages: dict[str, bytes]) -> dict[str, Any]:
    from newsdigest.extract import extract_article

    items = list(pages.items())
    outs, wall, cpu = timed(lambda: [extract_article(b, f"http://127.0.0.1/page/{n}.html",
                                                     content_type="text/html; charset=utf-8") for n, b in items])
    return {"pages": len(items), "extracted": sum(1 for o in outs if o.text), "wall_s": wall, "cpu_s": cpu}


def bench_pipeline(pages: dict[str, bytes], feeds: int) -> dict[str, Any]:
    from newsdigest.analyse import nlp
    from newsdigest.pipeline import run_pass
    from newsdigest.records import Source
    from newsdigest.settings import load_config
    from newsdigest.storage import open_storage

    nlp()  # model load is a once-per-process cost, not a per-page one
    config = load_config(env={"NEWSDIGEST_FETCH_ALLOW_NETWORKS": "127.0.0.1/32", "NEWSDIGEST_FETCH_HOST_DELAY": "0"})
    server, urls = serve(pages, feeds)
    with tempfile.TemporaryDirectory(prefix="nd-bench-ingest-") as tmp, server:
        storage = open_storage(str(Path(tmp) / "bench.db"))
        for i, url in enumerate(urls):
            storage.add_source(Source(name=f"bench-feed-{i}", url=url))
        report, wall, cpu = timed(lambda: run_pass(storage, config))
        storage.close()
    fetched = sum(1 for r in server.requests if r.path.startswith("/page/"))
    return {"pages": fetched, "new_articles": report.new_articles, "analysed": report.analysed,
            "digests_written": report.digests_written, "errors": report.errors,
            "source_status": [s.status for s in report.sources],
            "stage_seconds": dict(report.stage_seconds), "wall_s": wall, "cpu_s": cpu}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=4, help="feeds the pages are dealt over (fetched in parallel)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    pages = load_pages()
    traf = bench_trafilatura(pages)
    ours = bench_extract_article(pages)
    pipe = bench_pipeline(pages, args.feeds)
    n = len(pages)
    result = {"pages": n, "feeds": args.feeds, "load_avg": os.getloadavg(), "cpus": os.cpu_count(),
              "trafilatura_extract": traf, "extract_article": ours, "run_pass": pipe,
              "overhead_wall": pipe["wall_s"] / traf["wall_s"], "overhead_cpu": pipe["cpu_s"] / traf["cpu_s"]}
    if args.json:
        print(json.dumps(result, indent=2))
        return result
    print(f"ingest bench: {n} real pages, {args.feeds} feeds, 127.0.0.1; load average "
          f"{' '.join(f'{x:.1f}' for x in result['load_avg'])} on {result['cpus']} CPUs")
    print(f"{'what':40} {'pages':>6} {'wall s':>8} {'pages/s':>8} {'cpu s':>8} {'pages/cpu-s':>11}")
    for label, row in (("trafilatura.extract alone", traf), ("newsdigest extract_article alone", ours),
                       ("newsdigest run_pass (whole pass)", pipe)):
        print(f"{label:40} {row['pages']:>6} {row['wall_s']:>8.2f} {row['pages'] / row['wall_s']:>8.1f} "
              f"{row['cpu_s']:>8.2f} {row['pages'] / row['cpu_s']:>11.1f}")
    print(f"pipeline overhead over trafilatura.extract alone: {result['overhead_wall']:.1f}x wall, "
          f"{result['overhead_cpu']:.1f}x CPU")
    total = sum(pipe["stage_seconds"].values()) or 1.0
    print("run_pass by stage (wall): " + ", ".join(
        f"{k} {v:.2f}s ({100 * v / total:.0f}%)" for k, v in pipe["stage_seconds"].items()))
    print(f"run_pass stored {pipe['new_articles']} new articles, analysed {pipe['analysed']}, "
          f"wrote {pipe['digests_written']} digests; errors: {len(pipe['errors'])}")
    return result


if __name__ == "__main__":
    main()
