""""Follow this story" by email: the form on every digest page and the links in its mails.

``POST /follow`` (email + the digest's slug; refused when sent from another site
(``forms.check_same_origin``), honeypot, the reader forms' shared rate limit, which a
refused address does not spend: see ``comments.post_limiter``) → a confirmation mail with
a signed link that expires (``/follow/confirm/<token>``; opening it shows a "Confirm"
button, since mail scanners open links, and its POST confirms). Every follow is confirmed from the mail, even for a
confirmed newsletter subscriber, so nobody can make someone else follow anything; the
answer is the same redirect whatever the address, and the mail goes out after it.
``/follow/unfollow/<token>`` shows a button on GET (mail scanners open links) and stops
the follow on POST, also the RFC 8058 one-click target of every "What's new" mail.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ... import follow, mail, publish
from ...records import Digest
from ...storage.follows import Follow
from ..forms import check_same_origin, client_ip, safe_next
from ..templating import render
from .comments import HONEYPOT, invalid_limiter, post_limiter, read_form
from .subscribe import subscriptions_open

log = logging.getLogger(__name__)

MAIL_COOLDOWN = timedelta(minutes=10)  # confirmation mails for one (address, story)


def _page(request: Request, kind: str, *, status: int = 200, digest: Digest | None = None,
          token: str = "", error: str = "", back: str = "/") -> Response:
    if digest is not None and publish.is_publishable(digest):
        back = publish.digest_path(digest)
    response = render(
        request, "follow_done.html",
        {"kind": kind, "headline": digest.headline if digest else "", "back": back, "token": token, "error": error},
        status_code=status, max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"  # answers a form post or a private link
    return response


def _story_digest(storage: Any, story_id: int) -> Digest | None:
    digest = storage.digest_for_story(story_id)
    return digest if digest is not None and digest.status == "published" and publish.is_publishable(digest) else None


def _follow(request: Request, data: FormData) -> Response:
    storage = request.app.state.storage
    digest = storage.digest_by_slug(str(data.get("slug") or "")[:200])
    if digest is None or not publish.is_publishable(digest):
        raise HTTPException(404)
    if not subscriptions_open(request):
        return _page(request, "error", status=503, digest=digest,
                     error="This site does not send mail, so stories cannot be followed by email.")
    check_same_origin(request)
    ip = client_ip(request)
    email = mail.clean_email(str(data.get("email") or ""))
    if email is None and invalid_limiter(request).hit(ip):
        return _page(request, "error", status=400, digest=digest,
                     error="Please give a single email address, like name@example.org.")
    if email is None or not post_limiter(request).hit(ip):
        return _page(request, "error", status=429, digest=digest,
                     error="Too many requests from your address. Please try again in a few minutes.")
    done = RedirectResponse("/follow/sent?next=" + publish.digest_path(digest), status_code=303)
    if str(data.get(HONEYPOT) or "").strip():
        log.info("web: follow honeypot filled; dropped")
        return done
    storage.move_merged_follows()  # a follow of a merged story must not block following the kept one
    req = storage.request_follow(email, digest.story_id, seen_seq=storage.story_seq(digest.story_id),
                                 cooldown=MAIL_COOLDOWN)
    if req.action == "confirm":
        config, key = request.app.state.config, request.app.state.secret_key
        msg = follow.confirm_mail(config, key, req.follow, digest.headline, publish.digest_url(digest, config))
        done.background = BackgroundTask(mail.send_quietly, config, msg)
    return done


async def confirm_post(request: Request) -> Response:
    await read_form(request)  # the button's empty form; the link decides
    return await run_in_threadpool(_confirm, request)


async def follow_post(request: Request) -> Response:
    return await run_in_threadpool(_follow, request, await read_form(request))


def sent(request: Request) -> Response:
    return _page(request, "sent", back=safe_next(request.query_params.get("next"), "/"))


def confirm_page(request: Request) -> Response:
    """GET of the mailed link: a "Confirm" button, nothing changed (mail scanners open links)."""
    data = follow.read_token(request.app.state.secret_key, "confirm", request.path_params["token"])
    storage = request.app.state.storage
    found = storage.follow(data["f"]) if data else None
    nonce = str(data.get("n") or "") if data else ""
    if found is None or found.status not in ("pending", "active") or not nonce or not secrets.compare_digest(found.nonce, nonce):
        return _page(request, "invalid", status=400)
    return _page(request, "confirm-ask", digest=_story_digest(storage, found.story_id), token=request.path_params["token"])


def _confirm(request: Request) -> Response:
    check_same_origin(request)  # the signed link decides; another site cannot press the button
    data = follow.read_token(request.app.state.secret_key, "confirm", request.path_params["token"])
    storage = request.app.state.storage
    found = storage.confirm_follow(data["f"], str(data.get("n") or "")) if data else None
    if found is None:
        return _page(request, "invalid", status=400)
    log.info("web: follow %s of story %s confirmed", found.id, found.story_id)
    return _page(request, "following", digest=_story_digest(storage, found.story_id))


def _unfollower(request: Request) -> Follow | None:
    data = follow.read_token(request.app.state.secret_key, "unfollow", request.path_params["token"])
    found = request.app.state.storage.follow(data["f"]) if data else None
    return found if found is not None and found.email == data.get("e") else None  # type: ignore[union-attr]


def unfollow_page(request: Request) -> Response:
    found = _unfollower(request)
    if found is None:
        return _page(request, "invalid", status=400)
    digest = _story_digest(request.app.state.storage, found.story_id)
    if found.status not in ("pending", "active"):
        return _page(request, "unfollowed", digest=digest)
    return _page(request, "unfollow-ask", digest=digest, token=request.path_params["token"])


def _unfollow(request: Request) -> Response:
    # No CSRF token: the signed link is the authority, and RFC 8058 one-click posts come
    # from mail providers, which have no cookie of ours.
    found = _unfollower(request)
    if found is None:
        return _page(request, "invalid", status=400)
    request.app.state.storage.unfollow(found.id)
    log.info("web: follow %s of story %s stopped", found.id, found.story_id)
    return _page(request, "unfollowed", digest=_story_digest(request.app.state.storage, found.story_id))


async def unfollow_post(request: Request) -> Response:
    await read_form(request)  # "List-Unsubscribe=One-Click" or our button; the link decides
    return await run_in_threadpool(_unfollow, request)


routes = [
    Route("/follow", follow_post, methods=["POST"], name="follow_post"),
    Route("/follow/sent", sent, methods=["GET"], name="follow_sent"),
    Route("/follow/confirm/{token}", confirm_page, methods=["GET"], name="follow_confirm"),
    Route("/follow/confirm/{token}", confirm_post, methods=["POST"], name="follow_confirm_post"),
    Route("/follow/unfollow/{token}", unfollow_page, methods=["GET"], name="unfollow"),
    Route("/follow/unfollow/{token}", unfollow_post, methods=["POST"], name="unfollow_post"),
]
