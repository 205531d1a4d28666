"""Corrections in the open: "Report an error" on every digest, the dated correction notes
under a digest, ``/corrections/`` and ``/corrections/feed.xml``.

A report is ``POST``ed to ``<digest path>report``. In order it is refused when: a browser
sent it from another site (``forms.check_same_origin``, 403); the client address is over ``rate_limit_posts`` reports per
10 minutes (429); the kind is unknown, the details are empty or too long, or the email
does not look like one (400, the digest page again with what the reader typed). A filled
honeypot gets the same "thank you" as a stored report and stores nothing. Details are
kept as typed (control characters removed) and only ever shown autoescaped.
"""

from __future__ import annotations

import logging
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ... import publish
from ...mail import clean_email
from ...records import Digest
from ...storage.corrections import REPORT_KINDS, ErrorReport
from ..forms import RateLimiter, check_same_origin, client_ip
from ..templating import render
from . import digest as digest_view
from .comments import keyed_hash, read_form
from .feeds import RSS, cached

log = logging.getLogger(__name__)

HONEYPOT = "website"
DETAILS_MIN = 10
DETAILS_MAX = 4000
RATE_WINDOW = 600.0
FEED_ITEMS = 50
PAGE_ITEMS = 100
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_limiter_lock = threading.Lock()


@dataclass
class ReportForm:
    values: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReportSection:
    notes: list[ErrorReport]  # accepted corrections of this digest, oldest first
    form: ReportForm
    received: bool  # the reader just sent a report
    kinds: dict[str, str]
    details_max: int


def report_path(r: ErrorReport) -> str:
    """The digest page of a correction (the same address ``publish.digest_path`` gives)."""
    assert r.published is not None
    return publish.as_utc(r.published).strftime("/%Y/%m/%d/") + r.slug + "/"


def corrections_for(request: Request, digest: Digest) -> ReportSection:
    """Template global: ``corrections_for(request, digest)`` (once per request)."""
    cached_section = getattr(request.state, "report_section", None)
    if cached_section is not None:
        return cached_section  # type: ignore[no-any-return]
    storage = request.app.state.storage
    notes = storage.corrections_for_digest(digest.id) if digest.id is not None else []
    section = ReportSection(
        notes=notes,
        form=getattr(request.state, "report_form", None) or ReportForm(),
        received=request.query_params.get("report") == "received",
        kinds=REPORT_KINDS,
        details_max=DETAILS_MAX,
    )
    request.state.report_section = section
    return section


def report_limiter(request: Request) -> RateLimiter:
    state = request.app.state
    with _limiter_lock:
        if getattr(state, "report_limiter", None) is None:
            state.report_limiter = RateLimiter(int(state.config.rate_limit_posts), RATE_WINDOW)
    return state.report_limiter  # type: ignore[no-any-return]


def _digest(request: Request) -> Digest:
    d: Digest | None = request.app.state.storage.digest_by_slug(request.path_params["slug"])
    if d is None or not publish.is_publishable(d) or publish.digest_path(d) + "report" != request.url.path:
        raise HTTPException(404)
    return d


def _again(request: Request, digest: Digest, form: ReportForm, status: int) -> Response:
    """The digest page again, with the errors and what the reader typed."""
    request.state.report_form = form
    path = publish.digest_path(digest)
    # Same scope (and so the same request.state), at the digest's own address.
    page_request = Request({**request.scope, "path": path, "raw_path": path.encode()}, request.receive)
    response = digest_view.digest_page(page_request)
    response.status_code = status
    return response


def _handle(request: Request, data: FormData) -> Response:
    digest = _digest(request)
    check_same_origin(request)
    values = {k: str(data.get(k) or "") for k in ("kind", "details", "email")}
    form = ReportForm(values=values)
    back = publish.digest_path(digest)
    ip = client_ip(request)
    if not report_limiter(request).hit(ip):
        form.errors.append("You have sent a lot in the last few minutes. Please wait a while and try again.")
        return _again(request, digest, form, 429)
    if str(data.get(HONEYPOT) or "").strip():
        log.info("web: error-report honeypot filled on digest %s; dropped", digest.id)
        return RedirectResponse(back + "?report=received#report", status_code=303)
    kind = values["kind"]
    details = _CONTROL.sub("", values["details"].replace("\r\n", "\n")).strip()
    email_raw = values["email"].strip()
    email = clean_email(email_raw) if email_raw else None
    if kind not in REPORT_KINDS:
        form.errors.append("Please choose what kind of error it is.")
    if len(details) < DETAILS_MIN:
        form.errors.append("Please say what is wrong, in a sentence or two.")
    elif len(details) > DETAILS_MAX:
        form.errors.append(f"The details are {len(details):,} characters long; the most is {DETAILS_MAX:,}.")
    if email_raw and email is None:
        form.errors.append("That email address does not look right (you may also leave it empty).")
    if form.errors:
        return _again(request, digest, form, 400)
    stored = request.app.state.storage.add_error_report(
        digest.id, kind, details, email=email, ip_hash=keyed_hash(request, "ip", ip)
    )
    log.info("web: error report %s (%s) on digest %s stored", stored.id, kind, digest.id)
    return RedirectResponse(back + "?report=received#report", status_code=303)


async def post_report(request: Request) -> Response:
    data = await read_form(request)
    return await run_in_threadpool(_handle, request, data)


# ------------------------------------------------------------------ /corrections/


def corrections_page(request: Request) -> Response:
    items = request.app.state.storage.recent_corrections(PAGE_ITEMS)
    return render(
        request,
        "corrections.html",
        {"items": [(r, report_path(r)) for r in items if r.published is not None]},
        max_age=120,
    )


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = publish.xml_text(text)  # control characters are not allowed in XML
    return el


def corrections_rss(items: list[ErrorReport], config: object, now: datetime | None = None) -> bytes:
    """RSS 2.0 of corrections, newest first: one item per accepted report."""
    base = publish.site_base(config)  # type: ignore[arg-type]
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    title = str(getattr(config, "site_title", "newsdigest"))
    _sub(channel, "title", f"{title}: corrections")
    _sub(channel, "link", base + "/corrections/")
    _sub(channel, "description", f"Corrections to {title} digests, newest first.")
    newest = max((r.resolved for r in items if r.resolved), default=now or datetime.now(UTC))
    _sub(channel, "lastBuildDate", format_datetime(publish.as_utc(newest), usegmt=True))
    for r in items:
        if r.published is None or r.resolved is None:
            continue
        link = base + report_path(r) + f"#correction-{r.id}"
        item = _sub(channel, "item")
        _sub(item, "title", f"Correction: {r.headline}")
        _sub(item, "link", link)
        _sub(item, "guid", f"{base}/corrections/#correction-{r.id}", isPermaLink="false")
        _sub(item, "pubDate", format_datetime(publish.as_utc(r.resolved), usegmt=True))
        _sub(item, "category", r.kind_label)
        _sub(item, "description", r.note or "")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(rss, encoding="utf-8")


def corrections_feed(request: Request) -> Response:
    storage, config = request.app.state.storage, request.app.state.config
    return cached(request, corrections_rss(storage.recent_corrections(FEED_ITEMS), config), RSS)


routes = [
    Route("/{year}/{month}/{day}/{slug}/report", post_report, methods=["POST"], name="report_error"),
    Route("/corrections", lambda r: RedirectResponse("/corrections/", status_code=308)),
    Route("/corrections/", corrections_page, name="corrections"),
    Route("/corrections/feed.xml", corrections_feed, name="corrections_feed"),
]
