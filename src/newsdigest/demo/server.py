"""A local web server that plays seven fictional news outlets for ``make demo`` and the tests.

What it serves comes from ``sample/`` (``demo.manifest`` reads the outlets and articles,
``demo.site`` renders every page and feed once, when the server starts); this module
answers requests, with ETag / Last-Modified conditional GETs as real outlets do.
Standard library only: ``http.server`` in a background thread.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

from .manifest import SAMPLE_DIR, SampleArticle, load_manifest
from .site import _Resource, _Site, sample_opml


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    # Weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored.
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return etag in tags


def _not_modified(headers: Any, resource: _Resource) -> bool:
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:  # takes precedence over If-Modified-Since
        return _etag_matches(if_none_match, resource.etag)
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return resource.last_modified <= since
    return False


class _Handler(BaseHTTPRequestHandler):
    server_version = "newsdigest-sample/1.0"
    site: _Site  # set on the subclass made per server

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        path = urlsplit(self.path).path  # query strings (utm_ tags) do not change the page
        resource = self.site.routes.get(path)
        if resource is None:
            body = b"404 Not Found: no such page on the sample server\n"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)
            return
        common = {
            "ETag": resource.etag,
            "Last-Modified": format_datetime(resource.last_modified, usegmt=True),
            "Cache-Control": "max-age=60",
        }
        if _not_modified(self.headers, resource):
            self.send_response(304)
            for name, value in common.items():
                self.send_header(name, value)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        for name, value in common.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(resource.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the demo's own logs say what was fetched; access lines would drown them


class SampleServer:
    """The running sample server; use as a context manager or call :meth:`close`."""

    def __init__(self, httpd: ThreadingHTTPServer, site: _Site, thread: threading.Thread) -> None:
        self._httpd = httpd
        self._site = site
        self._thread = thread
        self.base_url = site.base
        self.now = site.now
        self.manifest = site.manifest

    @property
    def feed_urls(self) -> list[tuple[str, str]]:
        """(outlet name, feed URL) for every sample outlet, the broken one included."""
        return [(o.name, self.base_url + o.feed_path) for o in self.manifest.outlets]

    @property
    def article_urls(self) -> dict[tuple[str, str], str]:
        """(outlet id, slug) -> the article page's canonical URL."""
        return dict(self._site.article_urls)

    def published(self, article: SampleArticle) -> datetime:
        return self._site.published[(article.outlet, article.slug)]

    def opml(self) -> str:
        return sample_opml(self.base_url, self.manifest)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def serve_sample(
    host: str = "127.0.0.1", port: int = 0, *, now: datetime | None = None, sample_dir: Path = SAMPLE_DIR
) -> SampleServer:
    """Start the sample outlets' server in a background thread; port 0 picks a free port.

    ``now`` fixes the clock the relative dates are computed from (default: the current time).
    """
    clock = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    httpd = ThreadingHTTPServer((host, port), _Handler)
    httpd.daemon_threads = True
    bound_host, bound_port = httpd.server_address[:2]
    # Links must be fetchable: a wildcard bind is reached through loopback.
    shown = "127.0.0.1" if str(bound_host) == "0.0.0.0" else str(bound_host)
    try:
        site = _Site(load_manifest(sample_dir), f"http://{shown}:{bound_port}", clock, sample_dir)
    except Exception:
        httpd.server_close()
        raise
    handler = type("SampleHandler", (_Handler,), {"site": site})
    httpd.RequestHandlerClass = handler
    # A short poll interval makes close() quick; tests start and stop servers often.
    thread = threading.Thread(
        target=httpd.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="newsdigest-sample-server",
        daemon=True,
    )
    thread.start()
    return SampleServer(httpd, site, thread)
