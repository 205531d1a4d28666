"""Email subscriptions (double opt-in), sign-in links, unsubscribing and "Continue reading".

``/subscribe`` (GET form, POST request) → a confirmation mail with a signed link that
expires (``/subscribe/confirm/<token>``). Opening the link (GET) only shows a "Confirm"
button, because mail scanners open links; its POST confirms and gives the browser the
reader cookie. The subscribe forms on a digest page (the archive gate's, the one under
the digest: ``BACK_FORMS``) answer by going back to that page (``next``, a same-site
path) with the outcome shown in the form (:func:`subscribe_notice`); the form on
``/subscribe`` answers there. ``/subscribe/signin`` mails a confirmed subscriber a sign-in link
(``/subscribe/signin/<token>``). ``/subscribe/unsubscribe/<token>`` shows a button on GET
(mail scanners open links) and unsubscribes on POST, which is also the RFC 8058 one-click
target named in every newsletter's ``List-Unsubscribe`` header.

Every post here is checked with ``forms.check_same_origin`` (refused, 403, when a browser
sent it from another site); the forms carry no per-visitor token, so the pages holding
them can be cached and shared. What a subscribe or sign-in post answers never depends on the address: the same redirect
for new, pending, confirmed and unknown addresses, and the mail (if any) goes out after
the response, so its time tells nothing either. An address gets at most one mail per
``MAIL_COOLDOWN`` (subscription bombing). Subscribing spends the per-client budget it
shares with comments and follows; sign-in has a budget of its own, and a refused address
spends only the budget for invalid posts (see ``comments.post_limiter``).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ... import mail, publish
from ...storage.reader import Subscriber
from .. import gate
from ..forms import RateLimiter, check_same_origin, client_ip, private_to_browser, safe_next
from ..templating import render
from .comments import HONEYPOT, invalid_limiter, post_limiter, read_form, signin_limiter

log = logging.getLogger(__name__)

MAIL_COOLDOWN = timedelta(minutes=10)  # confirmation mails to one address
SIGNIN_COOLDOWN = timedelta(minutes=2)  # sign-in mails: a reader may want a second device soon after

FLASH = {
    "sent": "Thank you. If that address can be subscribed, a mail with a confirmation link is on its way. "
    "The link works for three days.",
    "signin-sent": "If that address belongs to a confirmed subscriber, a sign-in link is on its way.",
}

# Why a subscribe or sign-in post was refused: (status, what the reader is told).
REFUSALS = {
    "closed": (503, "This site does not send mail, so subscriptions are closed."),
    "limited": (429, "Too many requests from your address. Please try again in a few minutes."),
    "invalid": (400, "Please give a single email address, like name@example.org."),
}

# The subscribe forms on a digest page (``form_id`` in the templates): their post goes
# back to ``next`` with ``?flash=subscribe-<outcome>&form=<id>#<id>-subscribe``.
BACK_FORMS = frozenset({"gate", "foot"})


@dataclass(frozen=True)
class Notice:
    text: str
    error: bool


def subscribe_notice(request: Request, form_id: str) -> Notice | None:
    """Template global: what the subscribe form ``form_id`` says after its post came back."""
    if request.query_params.get("form") != form_id:
        return None
    outcome = request.query_params.get("flash", "").removeprefix("subscribe-")
    if outcome == "sent":
        return Notice(FLASH["sent"], False)
    if outcome in REFUSALS:
        return Notice(REFUSALS[outcome][1], True)
    return None


def _back_form(data: FormData) -> str | None:
    form_id = str(data.get("form") or "")
    return form_id if form_id in BACK_FORMS else None


def back_to(next_path: str, outcome: str, form_id: str) -> str:
    """``next_path`` (already ``safe_next``) with the outcome for the form ``form_id``."""
    parts = urlsplit(next_path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("flash", "form")]
    query += [("flash", f"subscribe-{outcome}"), ("form", form_id)]
    return urlunsplit(("", "", parts.path, urlencode(query), f"{form_id}-subscribe"))


def subscriptions_open(request: Request) -> bool:
    """Template global: the site can send mail, so the forms are shown."""
    return mail.mail_enabled(request.app.state.config)


def _page(request: Request, *, email: str = "", errors: list[str] | None = None, status: int = 200,
          next_path: str = "/") -> Response:
    response = render(
        request,
        "subscribe.html",
        {
            "title": "Subscribe",
            "open": subscriptions_open(request),
            "email": email,
            "errors": errors or [],
            "flash": FLASH.get(request.query_params.get("flash", ""), ""),
            "next_path": next_path,
            "canonical": publish.site_base(request.app.state.config) + "/subscribe",
        },
        status_code=status,
        max_age=0,
    )
    if private_to_browser(request):
        response.headers["Cache-Control"] = "private, no-cache"  # a post's answer shows what was typed
    return response


def _done(request: Request, kind: str, *, status: int = 200, next_path: str = "/", token: str = "",
          email: str = "") -> Response:
    response = render(
        request, "subscribe_done.html", {"kind": kind, "next_path": next_path, "token": token, "email": email},
        status_code=status, max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"  # the page answers a private link
    return response


def subscribe_page(request: Request) -> Response:
    return _page(request, next_path=safe_next(request.query_params.get("next"), "/"))


# ------------------------------------------------------------------ mails


def _site(config: Any) -> str:
    return str(config.site_title)


def confirm_mail(config: Any, key: str, sub: Subscriber, next_path: str) -> Any:
    url = f"{publish.site_base(config)}/subscribe/confirm/{mail.confirm_token(key, sub.email, sub.nonce, next_path)}"
    text = (
        f"Someone, hopefully you, asked for {_site(config)}'s daily newsletter at this address.\n\n"
        f"To confirm, open this link within three days and press Confirm:\n\n{url}\n\n"
        "If it was not you, ignore this mail: nothing more will be sent unless the link is opened.\n"
    )
    return mail.build_message(config, to=sub.email, subject=f"Confirm your subscription to {_site(config)}", text=text)


def signin_mail(config: Any, key: str, sub: Subscriber, next_path: str, *, already: bool = False) -> Any:
    url = f"{publish.site_base(config)}/subscribe/signin/{mail.signin_token(key, sub.id, next_path)}"
    unsubscribe = mail.unsubscribe_url(config, key, sub.id, sub.email)
    lead = (
        f"Someone asked to subscribe this address to {_site(config)}; it is subscribed already.\n\n"
        if already
        else f"Here is your sign-in link for {_site(config)}.\n\n"
    )
    text = (
        f"{lead}To read the full archive in your browser, open this link within 24 hours:\n\n{url}\n\n"
        f"To stop the newsletter: {unsubscribe}\n"
    )
    subject = f"You are subscribed to {_site(config)}" if already else f"Your sign-in link for {_site(config)}"
    return mail.build_message(config, to=sub.email, subject=subject, text=text, unsubscribe_url=unsubscribe)


# ------------------------------------------------------------------ posts


def _refusal(request: Request, data: FormData, budget: RateLimiter) -> tuple[str, str, str | None]:
    """Checks every reader mail form shares: (email, next, why it is refused or None).

    A refused address spends only the budget for invalid posts; an accepted post spends
    ``budget``. A post from another site is refused outright (403)."""
    next_path = safe_next(str(data.get("next") or ""), "/")
    if not subscriptions_open(request):
        return "", next_path, "closed"
    check_same_origin(request)
    ip = client_ip(request)
    email = mail.clean_email(str(data.get("email") or ""))
    if email is None:
        return "", next_path, "invalid" if invalid_limiter(request).hit(ip) else "limited"
    if not budget.hit(ip):
        return "", next_path, "limited"
    return email, next_path, None


def _refused(request: Request, data: FormData, why: str, next_path: str) -> Response:
    """The answer to a refused post: back to the digest page it came from, else ``/subscribe``
    again with the error and the address as typed."""
    form_id = _back_form(data)
    if form_id is not None:
        return RedirectResponse(back_to(next_path, why, form_id), status_code=303)
    raw = str(data.get("email") or "")
    status, error = REFUSALS[why]
    return _page(request, email=raw if len(raw) <= 254 else "", status=status, next_path=next_path, errors=[error])


def _subscribe(request: Request, data: FormData) -> Response:
    email, next_path, why = _refusal(request, data, post_limiter(request))
    if why is not None:
        return _refused(request, data, why, next_path)
    form_id = _back_form(data)
    done = RedirectResponse(back_to(next_path, "sent", form_id) if form_id else "/subscribe?flash=sent", status_code=303)
    if str(data.get(HONEYPOT) or "").strip():
        log.info("web: subscribe honeypot filled; dropped")
        return done
    config, key = request.app.state.config, request.app.state.secret_key
    req = request.app.state.storage.request_subscription(email, cooldown=MAIL_COOLDOWN)
    if req.action == "confirm":
        done.background = BackgroundTask(mail.send_quietly, config, confirm_mail(config, key, req.subscriber, next_path))
    elif req.action == "already":
        msg = signin_mail(config, key, req.subscriber, next_path, already=True)
        done.background = BackgroundTask(mail.send_quietly, config, msg)
    return done


def _signin(request: Request, data: FormData) -> Response:
    email, next_path, why = _refusal(request, data, signin_limiter(request))
    if why is not None:
        return _refused(request, data, why, next_path)
    done = RedirectResponse("/subscribe?flash=signin-sent", status_code=303)
    if str(data.get(HONEYPOT) or "").strip():
        return done
    config, key = request.app.state.config, request.app.state.secret_key
    sub = request.app.state.storage.signin_request(email, cooldown=SIGNIN_COOLDOWN)
    if sub is not None:
        done.background = BackgroundTask(mail.send_quietly, config, signin_mail(config, key, sub, next_path))
    return done


async def subscribe_post(request: Request) -> Response:
    return await run_in_threadpool(_subscribe, request, await read_form(request))


async def signin_post(request: Request) -> Response:
    return await run_in_threadpool(_signin, request, await read_form(request))


# ------------------------------------------------------------------ links from mails


def _confirm_data(request: Request) -> dict[str, Any] | None:
    data = mail.read_token(request.app.state.secret_key, "confirm", request.path_params["token"])
    if not data or not isinstance(data.get("e"), str) or not isinstance(data.get("n"), str):
        return None
    return data


def confirm_page(request: Request) -> Response:
    """GET of the mailed link: a "Confirm" button, nothing changed (mail scanners open links)."""
    data = _confirm_data(request)
    sub = request.app.state.storage.subscriber_by_email(data["e"]) if data else None
    usable = sub is not None and (
        sub.status == "confirmed"  # confirming again only signs this browser in
        or (sub.status == "pending" and bool(sub.nonce) and secrets.compare_digest(sub.nonce, str(data["n"])))  # type: ignore[index]
    )
    if not usable:
        return _done(request, "invalid", status=400)
    return _done(request, "confirm-ask", token=request.path_params["token"], email=sub.email)  # type: ignore[union-attr]


def _confirm(request: Request) -> Response:
    # The signed link is the authority; the same-origin check keeps another site from
    # signing a visitor's browser in to a subscription of its own (login CSRF).
    check_same_origin(request)
    data = _confirm_data(request)
    if data is None:
        return _done(request, "invalid", status=400)
    sub = request.app.state.storage.confirm_subscriber(data["e"], data["n"])
    if sub is None:
        return _done(request, "invalid", status=400)
    next_path = safe_next(str(data.get("next") or ""), "/")
    response = _done(request, "confirmed", next_path=next_path)
    gate.set_reader_cookie(request, response, sub.id)
    return response


async def confirm_post(request: Request) -> Response:
    await read_form(request)  # the button's empty form; the link decides
    return await run_in_threadpool(_confirm, request)


def signin_link(request: Request) -> Response:
    data = mail.read_token(request.app.state.secret_key, "signin", request.path_params["token"])
    sub = request.app.state.storage.subscriber(data["s"]) if data and isinstance(data.get("s"), int) else None
    if sub is None or sub.status != "confirmed":
        return _done(request, "invalid", status=400)
    response = RedirectResponse(safe_next(str(data.get("next") or ""), "/"), status_code=303)  # type: ignore[union-attr]
    response.headers["Cache-Control"] = "no-store"
    gate.set_reader_cookie(request, response, sub.id)
    return response


def _unsubscriber(request: Request) -> Subscriber | None:
    token = request.path_params["token"]
    data = mail.read_token(request.app.state.secret_key, "unsubscribe", token)
    if not data or not isinstance(data.get("s"), int):
        return None
    sub = request.app.state.storage.subscriber(data["s"])
    return sub if sub is not None and sub.email == data.get("e") else None


def unsubscribe_page(request: Request) -> Response:
    sub = _unsubscriber(request)
    if sub is None:
        return _done(request, "invalid", status=400)
    if sub.status == "unsubscribed":
        return _done(request, "unsubscribed")
    return _done(request, "unsubscribe-ask", token=request.path_params["token"])


def _unsubscribe(request: Request) -> Response:
    # No CSRF token: the signed link is the authority, and RFC 8058 one-click posts come
    # from mail providers, which have no cookie of ours.
    sub = _unsubscriber(request)
    if sub is None:
        return _done(request, "invalid", status=400)
    request.app.state.storage.unsubscribe(sub.id)
    log.info("web: subscriber %s unsubscribed", sub.id)
    response = _done(request, "unsubscribed")
    if gate.reader_id(request) == sub.id:
        gate.clear_reader_cookie(request, response)
    return response


async def unsubscribe_post(request: Request) -> Response:
    await read_form(request)  # body is "List-Unsubscribe=One-Click" or our button; either way the link decides
    return await run_in_threadpool(_unsubscribe, request)


# ------------------------------------------------------------------ continue reading


def _continue(request: Request, data: FormData) -> Response:
    check_same_origin(request)
    digest = request.app.state.storage.digest_by_slug(str(data.get("slug") or "")[:200])
    if digest is None or not publish.is_publishable(digest):
        raise HTTPException(404)
    path = publish.digest_path(digest)
    response = RedirectResponse(path + "#main", status_code=303)
    if not gate.allow_continue(request, response, digest.id):
        return RedirectResponse(path + "?flash=no-reads-left#gate", status_code=303)
    return response


async def continue_post(request: Request) -> Response:
    return await run_in_threadpool(_continue, request, await read_form(request))


routes = [
    Route("/subscribe", subscribe_page, methods=["GET"], name="subscribe"),
    Route("/subscribe", subscribe_post, methods=["POST"], name="subscribe_post"),
    Route("/subscribe/signin", subscribe_page, methods=["GET"], name="signin"),
    Route("/subscribe/signin", signin_post, methods=["POST"], name="signin_post"),
    Route("/subscribe/confirm/{token}", confirm_page, methods=["GET"], name="confirm"),
    Route("/subscribe/confirm/{token}", confirm_post, methods=["POST"], name="confirm_post"),
    Route("/subscribe/signin/{token}", signin_link, methods=["GET"], name="signin_link"),
    Route("/subscribe/unsubscribe/{token}", unsubscribe_page, methods=["GET"], name="unsubscribe"),
    Route("/subscribe/unsubscribe/{token}", unsubscribe_post, methods=["POST"], name="unsubscribe_post"),
    Route("/continue-reading", continue_post, methods=["POST"], name="continue_reading"),
]
