"""Shared helpers for the ingestion tests: real HTTP servers on loopback addresses.

A :class:`LocalServer` is a ``ThreadingHTTPServer`` on ``host:port`` (port 0 = random)
whose routes are plain functions ``(handler) -> None`` that write the answer. Every
request is recorded (path, headers, time) so tests can assert what reached the wire —
and what never did.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from newsdigest.settings import Config, load_config

Route = Callable[[BaseHTTPRequestHandler], None]


def shared_data() -> Path:
    base = os.environ.get("NEWSDIGEST_SHARED_DATA")
    return Path(base) if base else Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def ingest_config(**changes: Any) -> Config:
    """A config for tests: no delays, no retries, loopback 127.0.0.1 reachable."""
    base = {
        "fetch_allow_networks": "127.0.0.1/32",
        "fetch_host_delay": 0,
        "fetch_retries": 0,
        "fetch_timeout": 5,
    }
    base.update(changes)
    return load_config(env={}).replace(**base)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


def reply(
    h: BaseHTTPRequestHandler, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None
) -> None:
    h.send_response(status)
    headers = dict(headers or {})
    headers.setdefault("Content-Type", "text/html; charset=utf-8")
    if "Content-Length" not in headers and not headers.pop("X-No-Length", None):
        headers["Content-Length"] = str(len(body))
    for k, v in headers.items():
        h.send_header(k, v)
    h.end_headers()
    if body and h.command != "HEAD":
        h.wfile.write(body)


def text(body: str | bytes, status: int = 200, **headers: str) -> Route:
    data = body.encode() if isinstance(body, str) else body
    hdrs = {k.replace("_", "-"): v for k, v in headers.items()}
    return lambda h: reply(h, status, data, hdrs)


def redirect(location: str, status: int = 302) -> Route:
    return lambda h: reply(h, status, b"", {"Location": location})


class _Server(ThreadingHTTPServer):
    request_queue_size = 64  # many client threads at once must not hit SYN retries
    daemon_threads = True


class LocalServer:
    """A threaded HTTP server; use as a context manager."""

    def __init__(
        self, routes: dict[str, Route] | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                if route is None:
                    route = server.routes.get("*") or (lambda h: reply(h, 404, b"not found"))
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client hung up, as fetch tests make it do

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = _Server((host, port), Handler)
        self._httpd.daemon_threads = True
        self.host = host
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
