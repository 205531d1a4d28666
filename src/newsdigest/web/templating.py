"""The Jinja2 environment: autoescape always on, undefined names are errors.

Templates receive records and ``publish.body.Piece``s, never pre-built HTML; the only
``Markup`` made in Python is the JSON-LD block (see ``seo.json_ld``), which is escaped
for its ``<script>`` context there.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.templating import Jinja2Templates, _TemplateResponse

from .. import publish
from ..grouping import count_coverage
from ..records import Digest
from ..urls import safe_href
from .forms import CSRF_FIELD, csrf_token, set_csrf_cookie

HERE = Path(__file__).parent

# The header navigation: (href, label, section key). New sections add a row here.
NAV: list[tuple[str, str, str]] = [
    ("/", "Front page", "home"),
    ("/#latest", "Latest", "latest"),
    ("/topics/", "Topics", "topics"),
    ("/archive/", "Archive", "archive"),
    ("/search", "Search", "search"),
    ("/feed.xml", "RSS", "feeds"),
]
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"


def _static_versions() -> dict[str, str]:
    """Content hash per static file, for cache-busting ``?v=`` query strings."""
    out = {}
    for p in STATIC_DIR.rglob("*"):
        if p.is_file():
            out[p.relative_to(STATIC_DIR).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()[:10]
    return out


def long_date(dt: datetime | None) -> str:
    """ "22 May 2024, 14:05 UTC"."""
    if dt is None:
        return ""
    d = publish.as_utc(dt)
    return f"{d.day} {d:%B %Y, %H:%M} UTC"


def short_date(dt: datetime | None) -> str:
    """ "22 May 2024"."""
    if dt is None:
        return ""
    d = publish.as_utc(dt)
    return f"{d.day} {d:%b %Y}"


def iso(dt: datetime | None) -> str:
    return publish.rfc3339(dt) if dt is not None else ""


def source_summary(digest: Digest, reprints: bool = True) -> str:
    """ "4 independent reports from 3 outlets; 2 reprints by 2 other outlets" — the one
    wording of a story's counts (``grouping.CoverageCounts``); ``reprints=False`` leaves
    the reprints out where they are said next to it."""
    counts = count_coverage((a.outlet or a.article_id, bool(a.duplicate_of)) for a in digest.relevant_articles)
    return counts.text if reprints else counts.short


def outlet_names(digest: Digest, most: int = 5) -> str:
    """ "Northwire, Clarion and Gazette" (reprints left out: they add no voice)."""
    names = list(dict.fromkeys(a.outlet for a in digest.relevant_articles if a.outlet and not a.duplicate_of))
    more = len(names) - most
    names = names[:most]
    if more > 0:
        return ", ".join(names) + f" and {more} more"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _finalize(value: Any) -> Any:
    # Control characters from outside text render as boxes (and are invalid HTML);
    # drop them from every printed value. Markup was made safe on purpose: leave it.
    if isinstance(value, str) and not isinstance(value, Markup):
        return publish.xml_text(value)
    return value


def make_templates(config: Any) -> Jinja2Templates:
    env = jinja2.Environment(
        finalize=_finalize,
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    versions = _static_versions()

    def static(path: str) -> str:
        v = versions.get(path)
        return f"/static/{path}" + (f"?v={v}" if v else "")

    env.globals.update(
        site={
            "title": config.site_title,
            "url": publish.site_base(config),
            "description": config.site_description,
        },
        static=static,
        nav=NAV,
        digest_path=publish.digest_path,
        csrf_token=csrf_token,  # {{ csrf_token(request) }} inside every POST form
        csrf_field=CSRF_FIELD,
    )
    env.filters.update(
        long_date=long_date,
        short_date=short_date,
        iso=iso,
        excerpt=publish.excerpt,
        sources=source_summary,
        outlets=outlet_names,
        safe_href=safe_href,
    )
    return Jinja2Templates(env=env)


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200, max_age: int = 60
) -> _TemplateResponse:
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request,
        name,
        context,
        status_code=status_code,
        headers={"Cache-Control": f"public, max-age={max_age}"},
    )
    # A page that minted a CSRF token (it renders a form) is this browser's alone.
    if getattr(request.state, "csrf_used", False):
        response.headers["Cache-Control"] = "private, no-cache"
    set_csrf_cookie(request, response)
    return response
