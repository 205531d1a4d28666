"""Serving speed: requests/s and p50/p99 latency of ``newsdigest serve`` vs nginx on the same pages.

In one run, on 127.0.0.1 only:

* a demo database (``newsdigest demo --no-serve`` in a temp directory, or ``--db``);
* the same site as static files (``newsdigest --db DB build -o DIR``) served by nginx
  (one process, ``master_process off``, temp config, access log off);
* ``newsdigest serve`` (uvicorn, one process) with the rendered-page cache on — and the
  same app with ``create_app(..., page_cache=False)`` for the before/after comparison;
* load from a second process: ``wrk`` (keep-alive, ``--connections`` connections, fixed
  ``--duration`` ≤ 10 s) when installed, else a small Python load generator in a
  subprocess (httpx, keep-alive, threads).

Pages: the home page and one digest page, both asked as an anonymous reader (no cookie),
so with the page cache on both come from it (the digest page's reader forms carry no
per-visitor token; a reader with a cookie still gets a page rendered for them, which the
"page cache off" rows approximate). Printed per row:
requests/s, p50/p99 latency, and requests per server CPU-second (``/proc`` utime+stime of
the server process over the load window) — on a loaded machine the CPU figure is the
steadier one. The load generator runs on the same cores and takes its share.

    .venv/bin/python bench/serve.py [--db DB] [--duration 5] [--connections 16] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MAX_DURATION = 10.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"serve bench: server exited ({proc.returncode}) before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"serve bench: {url} did not answer within {timeout:.0f}s")


@contextmanager
def running(cmd: list[str], ready_url: str, **kw: Any) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    try:
        wait_ready(ready_url, proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def demo_database(tmp: Path) -> Path:
    subprocess.run([str(BIN / "newsdigest"), "demo", "--no-serve"], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
    db = tmp / "newsdigest-demo.db"
    if not db.exists():
        raise SystemExit("serve bench: the demo made no newsdigest-demo.db")
    return db


def digest_path(site: Path) -> str:
    """The address of one built digest page (…/yyyy/mm/dd/slug/index.html)."""
    for page in sorted(site.glob("[0-9][0-9][0-9][0-9]/*/*/*/index.html")):
        return "/" + page.parent.relative_to(site).as_posix() + "/"
    raise SystemExit(f"serve bench: no digest page in the built site {site}")


def nginx_conf(tmp: Path, site: Path, port: int) -> Path:
    conf = tmp / "nginx.conf"
    conf.write_text(textwrap.dedent(f"""\
        daemon off;
        master_process off;
        worker_processes 1;
        user root;
        pid {tmp}/nginx.pid;
        error_log {tmp}/nginx-error.log warn;
        events {{ worker_connections 1024; }}
        http {{
            include /etc/nginx/mime.types;
            access_log off;
            sendfile on;
            keepalive_requests 1000000;
            client_body_temp_path {tmp}/body;
            proxy_temp_path {tmp}/proxy;
            fastcgi_temp_path {tmp}/fastcgi;
            uwsgi_temp_path {tmp}/uwsgi;
            scgi_temp_path {tmp}/scgi;
            server {{
                listen 127.0.0.1:{port};
                root {site};
                index index.html;
            }}
        }}
        """))
    return conf


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not m:
        raise ValueError(f"serve bench: cannot read wrk latency {value!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def load_wrk(url: str, duration: float, connections: int) -> dict[str, Any]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{int(duration)}s", "--timeout", "5s", "--latency", url],
        capture_output=True, text=True, timeout=duration + 30, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"tool": "wrk", "requests": total, "rps": rps, "p50_ms": p50, "p99_ms": p99,
            "non_2xx": int(bad.group(1)) if bad else 0, "socket_errors": errors.group(1) if errors else ""}


# The fallback load generator, run in its own process so it does not share our GIL.
PY_LOAD = textwrap.dedent("""\
    import json, sys, threading, time, httpx
    url, duration, conns = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    lat, bad, stop = [], [0], time.monotonic() + duration
    def worker():
        with httpx.Client(timeout=5) as c:
            while time.monotonic() < stop:
                t = time.perf_counter()
                r = c.get(url)
                lat.append(time.perf_counter() - t)
                if r.status_code >= 400: bad[0] += 1
    ts = [threading.Thread(target=worker) for _ in range(conns)]
    t0 = time.monotonic(); [t.start() for t in ts]; [t.join() for t in ts]
    lat.sort(); n = len(lat)
    print(json.dumps({"tool": "python-httpx", "requests": n, "rps": n / (time.monotonic() - t0),
                      "p50_ms": 1000 * lat[n // 2], "p99_ms": 1000 * lat[min(n - 1, int(n * 0.99))],
                      "non_2xx": bad[0], "socket_errors": ""}))
    """)


def load_python(url: str, duration: float, connections: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", PY_LOAD, url, str(duration), str(connections)],
                         capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    return json.loads(out)


def measure(url: str, pid: int, duration: float, connections: int) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=10) as r:  # warm (and check) the page first
        size = len(r.read())
    cpu0 = cpu_seconds(pid)
    row = (load_wrk if shutil.which("wrk") else load_python)(url, duration, connections)
    row["server_cpu_s"] = cpu_seconds(pid) - cpu0
    row["rps_per_cpu_s"] = row["requests"] / row["server_cpu_s"] if row["server_cpu_s"] else float("nan")
    row["bytes"] = size
    return row


def check_conditional(url: str) -> str:
    """One If-None-Match round trip: '304' when the server honours its own ETag."""
    with urllib.request.urlopen(url, timeout=10) as r:
        etag = r.headers.get("ETag")
    if not etag:
        return "no ETag"
    try:
        urllib.request.urlopen(urllib.request.Request(url, headers={"If-None-Match": etag}), timeout=10)
    except urllib.error.HTTPError as e:
        return str(e.code)
    return "200"


APP_WITHOUT_PAGE_CACHE = textwrap.dedent("""\
    import sys, uvicorn
    from newsdigest.settings import load_config
    from newsdigest.storage import open_storage
    from newsdigest.web.app import create_app
    config = load_config()
    uvicorn.run(create_app(config, open_storage(sys.argv[1]), page_cache=False), host="127.0.0.1",
                port=int(sys.argv[2]), log_level="warning", proxy_headers=False)
    """)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="a database to serve (default: a fresh demo database)")
    ap.add_argument("--duration", type=float, default=5.0, help=f"seconds of load per row (≤ {MAX_DURATION:.0f})")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--no-before", action="store_true", help="skip the page-cache-off rows")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    duration = max(1.0, min(args.duration, MAX_DURATION))
    if not shutil.which("nginx"):
        raise SystemExit("serve bench: nginx is not installed (apt-get install -y nginx)")

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="nd-bench-serve-") as tmp_name:
        tmp = Path(tmp_name)
        os.chmod(tmp, 0o755)
        db = Path(args.db) if args.db else demo_database(tmp)
        site = tmp / "site"
        subprocess.run([str(BIN / "newsdigest"), "--db", str(db), "build", "-o", str(site)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        pages = {"home": "/", "digest": digest_path(site)}

        targets: list[tuple[str, list[str]]] = []
        nport = free_port()
        targets.append(("nginx (static build)", ["nginx", "-c", str(nginx_conf(tmp, site, nport)), "-p", str(tmp)]))
        aport = free_port()
        targets.append(("newsdigest serve", [str(BIN / "newsdigest"), "--db", str(db), "serve", "--port", str(aport)]))
        if not args.no_before:
            bport = free_port()
            targets.append(("newsdigest, page cache off", [sys.executable, "-c", APP_WITHOUT_PAGE_CACHE, str(db), str(bport)]))
        ports = dict(zip([t[0] for t in targets], [nport, aport] + ([bport] if not args.no_before else [])))

        env = dict(os.environ, NEWSDIGEST_LOG_LEVEL="WARNING")
        for label, cmd in targets:
            base = f"http://127.0.0.1:{ports[label]}"
            with running(cmd, base + "/", env=env) as proc:
                for page, path in pages.items():
                    row = measure(base + path, proc.pid, duration, args.connections)
                    row.update(server=label, page=page, path=path, conditional=check_conditional(base + path))
                    rows.append(row)

    result = {"rows": rows, "duration_s": duration, "connections": args.connections,
              "load_avg": os.getloadavg(), "cpus": os.cpu_count()}
    by = {(r["server"], r["page"]): r for r in rows}
    result["ratios"] = {
        page: {label: by[("nginx (static build)", page)]["rps"] / by[(label, page)]["rps"]
               for label, _ in targets[1:]} for page in pages
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return result
    print(f"serve bench: {duration:.0f}s per row, {args.connections} keep-alive connections, "
          f"{rows[0]['tool']}, 127.0.0.1; load average {' '.join(f'{x:.1f}' for x in result['load_avg'])} "
          f"on {result['cpus']} CPUs (the load generator shares them)")
    print(f"{'server':28} {'page':7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'req/cpu-s':>10} {'bytes':>7} {'non2xx':>6} {'INM':>6}")
    for r in rows:
        print(f"{r['server']:28} {r['page']:7} {r['rps']:>9.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
              f"{r['rps_per_cpu_s']:>10.0f} {r['bytes']:>7} {r['non_2xx']:>6} {r['conditional']:>6}")
    for page, ratios in result["ratios"].items():
        print(f"nginx / newsdigest req/s, {page}: " + ", ".join(f"{v:.1f}x vs {k}" for k, v in ratios.items()))
    return result


if __name__ == "__main__":
    main()
