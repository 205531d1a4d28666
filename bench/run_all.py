"""Run the benches that finish in minutes and print their tables (``make bench``).

Each bench runs as its own process (its own memory peak, no shared imports), one after
the other, with a wall-clock limit; a bench that fails or times out is reported and the
rest still run. The slow ones are listed with their commands in bench/README.md and are
left out here: scaling (needs PostgreSQL and a broker), llm_verify (about 15 minutes of
spaCy over 448 real stories), rouge (needs DUC-layout data), memory at 10k+ articles
(hours of spaCy on a small box).

    .venv/bin/python bench/run_all.py [--only ingest serve ...] [--timeout 1800]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# (name, arguments): quick enough for `make bench` on a laptop.
FAST: list[tuple[str, list[str]]] = [
    ("extraction", ["extraction.py"]),
    ("dedupe", ["dedupe.py"]),
    ("cluster", ["cluster.py", "--skip-peer"]),
    ("cluster_stories", ["cluster_stories.py"]),
    ("quotes", ["quotes.py", "--split", "dev", "--no-peer"]),
    ("fragments", ["fragments.py", "--chromium", "10"]),
    ("ingest", ["ingest.py"]),
    ("serve", ["serve.py", "--duration", "5"]),
    ("memory", ["memory.py", "--n", "500"]),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="names to run (default: all of " + ", ".join(n for n, _ in FAST) + ")")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds allowed per bench")
    args = ap.parse_args(argv)
    chosen = [(n, a) for n, a in FAST if not args.only or n in args.only]
    failed: list[str] = []
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs", flush=True)
    for name, bench_args in chosen:
        print(f"\n=== {name}: {' '.join(['bench/' + bench_args[0], *bench_args[1:]])}", flush=True)
        w0 = time.perf_counter()
        before = os.times()
        try:
            rc = subprocess.run([sys.executable, str(BENCH / bench_args[0]), *bench_args[1:]],
                                timeout=args.timeout).returncode
        except subprocess.TimeoutExpired:
            rc = -1
            print(f"{name}: stopped after {args.timeout:.0f}s")
        after = os.times()
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        print(f"--- {name}: exit {rc}, {time.perf_counter() - w0:.0f}s wall, {cpu:.0f}s CPU", flush=True)
        if rc != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
