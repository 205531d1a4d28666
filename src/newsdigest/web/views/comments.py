"""Comments under a digest ("Leave a Reply"): the form, posting, and what the page shows.

Posting is ``POST`` to the digest's own address. In order, a post is refused when:
a browser sent it from another site (``forms.check_same_origin``, 403); the form's signed
timestamp is missing, forged or too young (400); a field is empty, too long
(``comment_max_chars``, checked on the text as typed) or has too many links
(``comment_max_links``) (400); the client address is over ``rate_limit_posts`` accepted
posts per 10 minutes (429). Posts refused as invalid do not spend that budget: they have
their own, ``INVALID_FACTOR`` times larger (429 beyond it). A filled honeypot field
spends the budget and gets the same answer as a comment awaiting moderation, storing nothing.

A stored comment waits as ``pending`` when its author has never had a comment published
(known by the HMAC of their email, or of their address without one), when it has a link,
or when it repeats the author's earlier text here; otherwise it is published. Errors
re-render the page with status 400 and what the reader typed; success is a 303 back to
``#comments`` with ``?flash=…``.

Fill time: the form holds the signed time the page was rendered. The page is shared by
every anonymous reader and a cache may serve it up to ``digest.shared_seconds`` after
rendering (that is its ``s-maxage``), so a post must come at least
``comment_min_seconds`` + that after the render: then at least ``comment_min_seconds``
passed since this poster got the page, as when every page was rendered for its reader.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadData, URLSafeTimedSerializer
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ... import markdown_lite, publish
from ...mail import clean_email
from ...records import Digest
from ...storage.reader import Comment
from ..forms import RateLimiter, check_same_origin, client_ip
from . import digest as digest_view

log = logging.getLogger(__name__)

HONEYPOT = "website"  # looks like a field a bot should fill; hidden from people
STAMP_FIELD = "stamp"
STAMP_MAX_AGE = 24 * 3600
NAME_MAX = 80
RATE_WINDOW = 600.0
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

FLASH = {
    "comment-pending": "Thank you. Your comment is waiting for a moderator and will appear once approved.",
    "comment-published": "Thank you. Your comment is published.",
}

INVALID_FACTOR = 4  # refused-as-invalid posts allowed per window, in multiples of ``rate_limit_posts``
TOO_MANY = "You have posted a lot in the last few minutes. Please wait a while and try again."

_limiter_lock = threading.Lock()


def _limiter(request: Request, name: str, factor: int = 1) -> RateLimiter:
    state = request.app.state
    with _limiter_lock:
        if getattr(state, name, None) is None:
            setattr(state, name, RateLimiter(factor * int(state.config.rate_limit_posts), RATE_WINDOW))
    return getattr(state, name)  # type: ignore[no-any-return]


def post_limiter(request: Request) -> RateLimiter:
    """The budget per client address for accepted reader posts: comments, subscribe and
    follow requests share ``rate_limit_posts`` per ``RATE_WINDOW``. Spend it only on a
    post that passed the form's checks (see :func:`invalid_limiter` for the others)."""
    return _limiter(request, "reader_post_limiter")


def invalid_limiter(request: Request) -> RateLimiter:
    """A separate, larger budget for posts refused as invalid (a mistyped address, an empty
    comment): a reader who fixes a typo keeps the ``post_limiter`` budget, and a client
    that only sends garbage is still stopped after ``INVALID_FACTOR`` x the limit."""
    return _limiter(request, "reader_invalid_limiter", INVALID_FACTOR)


def signin_limiter(request: Request) -> RateLimiter:
    """Sign-in link requests get their own ``rate_limit_posts`` budget: commenting or
    subscribing must not lock a subscriber out of signing in (each address also gets at
    most one sign-in mail per ``subscribe.SIGNIN_COOLDOWN``)."""
    return _limiter(request, "reader_signin_limiter")


def keyed_hash(request: Request, kind: str, value: str) -> str:
    """HMAC-SHA256 with the site key: recognisable again, not reversible without the key."""
    key = str(request.app.state.secret_key).encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def form_stamp(request: Request) -> str:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt="nd-comment-form").dumps(int(time.time()))


def least_fill_seconds(config: Any) -> float:
    """How old the form's stamp must be: the minimum fill time, plus how long a cache may
    have served the page before this reader got it (none without a minimum)."""
    least = float(config.comment_min_seconds)
    return least + digest_view.shared_seconds(config) if least > 0 else 0.0


def _stamp_age(request: Request, stamp: str) -> float | None:
    try:
        shown = URLSafeTimedSerializer(request.app.state.secret_key, salt="nd-comment-form").loads(
            stamp, max_age=STAMP_MAX_AGE
        )
    except BadData:
        return None
    return time.time() - shown if isinstance(shown, int) else None


# ------------------------------------------------------------------ what the page shows


@dataclass(frozen=True)
class ShownComment:
    comment: Comment
    html: Markup  # markdown_lite.render: sanitized with nh3, safe to insert
    replies: tuple["ShownComment", ...] = ()


@dataclass
class CommentForm:
    values: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    parent_id: int | None = None  # which form the values belong to (None: the main one)


@dataclass(frozen=True)
class CommentSection:
    threads: list[ShownComment]
    count: int
    form: CommentForm
    flash: str
    stamp: str
    max_chars: int


def _shown(c: Comment, replies: tuple[ShownComment, ...] = ()) -> ShownComment:
    return ShownComment(c, Markup(markdown_lite.render(c.body)), replies)  # noqa: S704 - sanitized by nh3


def comment_section(request: Request, digest: Digest) -> CommentSection:
    """Template global: ``comment_section(request, digest)``."""
    storage = request.app.state.storage
    published = storage.comments_for_digest(digest.id) if digest.id is not None else []
    tops = [c for c in published if c.parent_id is None]
    replies: dict[int, list[Comment]] = {}
    for c in published:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(c)
    threads = [_shown(c, tuple(_shown(r) for r in replies.get(c.id, []))) for c in tops]
    count = len(tops) + sum(len(t.replies) for t in threads)  # replies to hidden comments are not counted
    form = getattr(request.state, "comment_form", None) or CommentForm()
    return CommentSection(
        threads=threads,
        count=count,
        form=form,
        flash=FLASH.get(request.query_params.get("flash", ""), ""),
        stamp=form_stamp(request),
        max_chars=int(request.app.state.config.comment_max_chars),
    )


# ------------------------------------------------------------------ posting


def _again(request: Request, form: CommentForm, status: int) -> Response:
    """The digest page again, with the errors and what the reader typed."""
    request.state.comment_form = form
    response = digest_view.digest_page(request)
    response.status_code = status
    return response


def _digest(request: Request) -> Digest:
    d: Digest | None = request.app.state.storage.digest_by_slug(request.path_params["slug"])
    if d is None or not publish.is_publishable(d) or publish.digest_path(d) != request.url.path:
        raise HTTPException(404)
    return d


def _parent(request: Request, digest: Digest, raw: str) -> tuple[int | None, str | None]:
    """(top-level parent id, error): a reply to a reply joins its parent's thread."""
    if not raw:
        return None, None
    if not raw.isdigit() or len(raw) > 12:
        return None, "The comment you replied to is not there."
    parent = request.app.state.storage.comment(int(raw))
    if parent is None or parent.digest_id != digest.id or parent.status != "published":
        return None, "The comment you replied to is not there any more."
    return (parent.parent_id or parent.id), None


def _invalid(request: Request, form: CommentForm, ip: str) -> Response:
    """The page again with the form's errors (400), spending the invalid-post budget only."""
    if not invalid_limiter(request).hit(ip):
        form.errors[:] = [TOO_MANY]
        return _again(request, form, 429)
    return _again(request, form, 400)


def _handle(request: Request, data: FormData) -> Response:
    digest = _digest(request)
    config = request.app.state.config
    storage = request.app.state.storage
    check_same_origin(request)
    values = {k: str(data.get(k) or "") for k in ("name", "email", "body", "parent")}
    parent_raw = values["parent"].strip()
    form = CommentForm(values={k: values[k] for k in ("name", "email", "body")},
                       parent_id=int(parent_raw) if parent_raw.isdigit() and len(parent_raw) <= 12 else None)
    ip = client_ip(request)
    back = publish.digest_path(digest)
    if str(data.get(HONEYPOT) or "").strip():
        if not post_limiter(request).hit(ip):
            form.errors.append(TOO_MANY)
            return _again(request, form, 429)
        log.info("web: comment honeypot filled on digest %s; dropped", digest.id)
        return RedirectResponse(back + "?flash=comment-pending#comments", status_code=303)
    age = _stamp_age(request, str(data.get(STAMP_FIELD) or ""))
    if age is None:
        form.errors.append("The form is too old. Please check your comment and send it again.")
        return _invalid(request, form, ip)
    if age < least_fill_seconds(config):
        form.errors.append("That was quicker than anyone can read and type. Please check your comment and send it again.")
        return _invalid(request, form, ip)

    name = " ".join(values["name"].split())
    body = _CONTROL.sub("", values["body"].replace("\r\n", "\n")).strip()
    email_raw = values["email"].strip()
    email = clean_email(email_raw) if email_raw else None
    max_chars = int(config.comment_max_chars)
    if not name:
        form.errors.append("Please give a name.")
    elif len(name) > NAME_MAX or _CONTROL.search(name):
        form.errors.append(f"Please keep your name under {NAME_MAX} characters.")
    if email_raw and email is None:
        form.errors.append("That email address does not look right (you may also leave it empty).")
    if not body:
        form.errors.append("The comment is empty.")
    elif len(body) > max_chars:
        form.errors.append(f"The comment is {len(body):,} characters long; the most is {max_chars:,}.")
    elif markdown_lite.count_links(body) > int(config.comment_max_links):
        form.errors.append(f"A comment may have at most {config.comment_max_links} links.")
    parent_id, parent_error = _parent(request, digest, parent_raw)
    if parent_error:
        form.errors.append(parent_error)
        form.parent_id = None  # its thread is not on the page: show the errors in the main form
    if form.errors:
        return _invalid(request, form, ip)
    if not post_limiter(request).hit(ip):
        form.errors.append(TOO_MANY)
        return _again(request, form, 429)

    ip_hash = keyed_hash(request, "ip", ip)
    email_hash = keyed_hash(request, "email", email) if email else None
    author = email_hash or ip_hash
    flags = []
    if not storage.author_is_known(author):
        flags.append("first_comment")
    if markdown_lite.count_links(body):
        flags.append("links")
    if storage.has_same_comment(digest.id, author, body):
        flags.append("duplicate")
    status = "pending" if flags else "published"
    stored = storage.add_comment(
        digest.id, name, body, author_key=author, ip_hash=ip_hash, email_hash=email_hash,
        parent_id=parent_id, status=status, flags=tuple(flags),
    )
    log.info("web: comment %s on digest %s stored as %s %s", stored.id, digest.id, status, flags)
    if status == "published":
        return RedirectResponse(back + f"?flash=comment-published#comment-{stored.id}", status_code=303)
    return RedirectResponse(back + "?flash=comment-pending#comments", status_code=303)


MAX_POST_BYTES = 256 * 1024


async def read_form(request: Request) -> FormData:
    """The posted form, refusing bodies far larger than any comment (413) before reading them."""
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > MAX_POST_BYTES:
        raise HTTPException(413 if length.isdigit() else 411, "The form is too large.")
    return await request.form(max_files=0, max_fields=20, max_part_size=MAX_POST_BYTES)


async def post_comment(request: Request) -> Response:
    data = await read_form(request)
    return await run_in_threadpool(_handle, request, data)


routes = [Route("/{year}/{month}/{day}/{slug}/", post_comment, methods=["POST"], name="post_comment")]
