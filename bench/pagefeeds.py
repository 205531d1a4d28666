"""What the ingest and scaling benches share: the 121 real article pages of the
extraction set, and RSS feeds generated to point at them on a local server."""

from __future__ import annotations

import gzip
import os
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("NEWSDIGEST_SHARED_DATA", REPO.parent / "shared" / "data"))


def load_pages(name_chars: int | None = None) -> dict[str, bytes]:
    """Page id (cut to ``name_chars`` when given) → the page's HTML bytes."""
    folder = SHARED_DATA / "extraction" / "html"
    pages = {p.name.removesuffix(".html.gz")[:name_chars]: gzip.decompress(p.read_bytes())
             for p in sorted(folder.glob("*.html.gz"))}
    if not pages:
        raise SystemExit(f"bench: no pages in {folder}")
    return pages


def rss(base: str, title: str, names: list[str], now: datetime) -> str:
    """An RSS 2.0 feed linking ``base/page/<name>.html``, one minute apart, newest first."""
    items = "".join(
        f"<item><title>Page {escape(n)}</title><link>{base}/page/{n}.html</link>"
        f"<guid>{base}/page/{n}.html</guid><pubDate>{format_datetime(now - timedelta(minutes=i))}</pubDate></item>"
        for i, n in enumerate(names)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>{base}/</link><description>bench feed</description>{items}</channel></rss>")
