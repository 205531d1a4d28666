"""``newsdigest build``: the whole site as static files, for any static host.

The real app renders every page (through Starlette's in-process test client, so the
files are byte for byte what ``serve`` sends); the crawl starts at the home page, the
feeds and the sitemaps and follows same-site links. Query-string pages (``?page=2``,
search) have no static form and are left out; forms post to a running ``serve``.
"""

from __future__ import annotations

import re
import shutil
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from starlette.testclient import TestClient

from .errors import NewsdigestError
from .settings import Config
from .storage import Storage

SEEDS = ("/", "/feed.xml", "/atom.xml", "/feed.json", "/sitemap.xml", "/news-sitemap.xml", "/robots.txt")
_LINK = re.compile(r"""(?:href|src)=["']([^"'#]+)""")
_TEXT_TYPES = ("text/html", "application/xml", "text/xml")


def _target(out: Path, path: str) -> Path:
    clean = path.split("?", 1)[0]
    if clean.endswith("/"):
        return out / clean.lstrip("/") / "index.html"
    return out / clean.lstrip("/")


def _older_build(out: Path) -> bool:
    """A folder a newsdigest build wrote before the marker existed: its top level is the
    export's own files (the feeds, robots.txt and index.html at least) and nothing else a
    build does not write."""
    names = {p.name for p in out.iterdir()}
    core = {"index.html", "robots.txt", "sitemap.xml", "feed.xml", "atom.xml", "feed.json"}
    return core <= names and (out / "static" / "site.css").is_file() and not any(n.startswith(".") for n in names)


def build_site(config: Config, storage: Storage, out: Path) -> int:
    """Render every reachable page into ``out``; returns the number of files written."""
    from .web.app import create_app

    out = Path(out)
    marker = out / ".newsdigest-build"
    try:
        if out.is_symlink() or (out.exists() and not out.is_dir()):
            raise NewsdigestError(f"build: {out} is not a folder")
        if out.exists() and any(out.iterdir()):
            if not marker.exists() and not _older_build(out):  # never wipe a folder we did not write (".", ~, a project)
                raise NewsdigestError(f"build: {out} is not empty and is not an earlier build; "
                                      "give an empty or new folder with -o")
            shutil.rmtree(out)
        out.mkdir(parents=True, exist_ok=True)
        marker.write_text("written by newsdigest build; the folder is replaced by the next build\n")
    except OSError as exc:
        raise NewsdigestError(f"build: cannot write {out}: {exc.strerror or exc}") from None
    app = create_app(config, storage, cache_seconds=0)
    seen: set[str] = set()
    queue: deque[str] = deque(SEEDS)
    written = 1  # the marker
    with TestClient(app, base_url="http://testserver") as client:
        while queue:
            path = queue.popleft()
            if path in seen:
                continue
            seen.add(path)
            resp = client.get(path, follow_redirects=False)
            if resp.status_code != 200:
                continue
            target = _target(out, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(resp.content)
            written += 1
            ctype = resp.headers.get("content-type", "")
            if any(t in ctype for t in _TEXT_TYPES):
                for link in _LINK.findall(resp.text):
                    absolute = urljoin("http://testserver" + path, link)
                    parts = urlsplit(absolute)
                    if parts.netloc == "testserver" and not parts.query and parts.path not in seen:
                        queue.append(parts.path)
                    elif parts.path.startswith("/static/") and parts.path not in seen:
                        queue.append(parts.path)  # versioned static files: ?v= is only cache busting
    return written
