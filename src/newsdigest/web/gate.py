"""The archive gate: who may read a digest first published more than ``archive_gate_days`` ago.

* A digest is *archived* when the gate is on (``archive_gate_days`` > 0) and the site can
  send mail (without SMTP nobody could subscribe, so a gate would be a wall) and it was
  first published longer ago than that.
* A confirmed subscriber reads everything: the ``nd_reader`` cookie (signed subscriber
  id) is given when they open a confirmation or sign-in link, and checked against the
  database on every use, so unsubscribing ends it.
* Anyone else sees the lede and the subscribe panel, and may open up to
  ``archive_continue_reads`` archived digests with "Continue reading": the digests opened
  so are listed in the signed ``nd_reads`` cookie (reopening one costs nothing).
* The feeds and the API, which read no cookie, give anyone an archived digest's lede only
  (``publish.open_parts``); an editor's API token reads it whole.

Search engines get the same page as any visitor, described as paywalled content in the
JSON-LD (``seo.news_article``): the part after the lede is the ``.paywall`` element.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from itsdangerous import BadData, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from ..mail import mail_enabled
from ..publish import archived
from ..records import Digest

READER_COOKIE = "nd_reader"
READS_COOKIE = "nd_reads"
READER_MAX_AGE = 365 * 86400
READS_MAX_AGE = 30 * 86400
PAYWALL_SELECTOR = ".paywall"


@dataclass(frozen=True)
class Gate:
    """What a digest page shows this reader. ``reason``: off, fresh, subscriber, continued, locked."""

    archived: bool
    locked: bool
    reason: str
    reads_left: int = 0

    @property
    def can_continue(self) -> bool:
        return self.locked and self.reads_left > 0


def _serializer(request: Request, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt=salt)


def _secure(request: Request) -> bool:
    return str(request.app.state.config.site_url).startswith("https://")


def reader_id(request: Request) -> int | None:
    """The confirmed subscriber this browser belongs to, or None."""
    if hasattr(request.state, "reader_id"):
        return request.state.reader_id  # type: ignore[no-any-return]
    found: int | None = None
    raw = request.cookies.get(READER_COOKIE)
    if raw and len(raw) < 500:
        try:
            data = _serializer(request, "nd-reader").loads(raw, max_age=READER_MAX_AGE)
        except BadData:
            data = None
        if isinstance(data, dict) and isinstance(data.get("s"), int):
            sub = request.app.state.storage.subscriber(data["s"])
            if sub is not None and sub.status == "confirmed":
                found = sub.id
    request.state.reader_id = found
    return found


def set_reader_cookie(request: Request, response: Response, subscriber_id: int) -> None:
    value = _serializer(request, "nd-reader").dumps({"s": subscriber_id})
    response.set_cookie(
        READER_COOKIE, value, max_age=READER_MAX_AGE, httponly=True, samesite="lax", secure=_secure(request)
    )


def clear_reader_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(READER_COOKIE, httponly=True, samesite="lax", secure=_secure(request))


def continued(request: Request) -> list[int]:
    """Ids of archived digests this browser opened with "Continue reading"."""
    raw = request.cookies.get(READS_COOKIE)
    if not raw or len(raw) > 2000:
        return []
    try:
        data = _serializer(request, "nd-reads").loads(raw, max_age=READS_MAX_AGE)
    except BadData:
        return []
    if not isinstance(data, list):
        return []
    return [i for i in data if isinstance(i, int)]


def allow_continue(request: Request, response: Response, digest_id: int) -> bool:
    """Spend one "Continue reading" on ``digest_id``; False when none are left."""
    opened = continued(request)
    if digest_id in opened:
        return True
    if len(opened) >= int(request.app.state.config.archive_continue_reads):
        return False
    value = _serializer(request, "nd-reads").dumps(opened + [digest_id])
    response.set_cookie(
        READS_COOKIE, value, max_age=READS_MAX_AGE, httponly=True, samesite="lax", secure=_secure(request)
    )
    return True


def gate_for(request: Request, digest: Digest) -> Gate:
    """The gate for this reader and digest (a template global: ``gate_for(request, digest)``)."""
    config = request.app.state.config
    if int(config.archive_gate_days) <= 0 or not mail_enabled(config):
        return Gate(False, False, "off")
    if not archived(digest, config):
        return Gate(False, False, "fresh")
    if reader_id(request) is not None:
        return Gate(True, False, "subscriber")
    opened = continued(request)
    if digest.id in opened:
        return Gate(True, False, "continued")
    left = max(0, int(config.archive_continue_reads) - len(opened))
    return Gate(True, True, "locked", reads_left=left)


def paywall_markup(digest: Digest, config: Any) -> dict[str, Any]:
    """The JSON-LD fields Google asks for on paywalled content (empty when not archived)."""
    if not archived(digest, config):
        return {}
    return {
        "isAccessibleForFree": False,
        "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": PAYWALL_SELECTOR},
    }
