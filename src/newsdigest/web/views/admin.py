"""``/admin/``: the editors' pages — login, logout, the dashboard, API tokens.

Every admin endpoint goes through ``admin_view``: the client must be in
``admin_networks`` (403 otherwise), state-changing requests carry a CSRF token, and
(except the login page) a live server-side session is required. Views are plain sync
functions ``(request, form, user)`` run in the thread pool: argon2 and the database
block, and must not stall the event loop.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ... import auth
from ...storage.users import User
from ..forms import CSRF_FIELD, RateLimiter, check_csrf, client_ip, from_admin_network, safe_next
from ..templating import render

SESSION_COOKIE = "nd_admin"
MAX_FORM_BYTES = 256 * 1024
LOGIN_ATTEMPTS_PER_IP = (20, 300.0)  # tries per window (seconds) from one address, any names

View = Callable[[Request, FormData, User | None], Response]


# ---------------------------------------------------------------------- plumbing


async def read_form(request: Request) -> FormData:
    """An urlencoded form body, bounded in size (the site's forms post no files)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        raise HTTPException(415, "This form must be sent as a normal web form.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, "The form is too large.")
    try:
        pairs: list[tuple[str, str | UploadFile]] = []
        pairs += parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=500)
    except ValueError:
        raise HTTPException(413, "The form has too many fields.") from None
    return FormData(pairs)


def secure_cookies(request: Request) -> bool:
    return str(request.app.state.config.site_url).startswith("https://")


def current_user(request: Request) -> User | None:
    return auth.session_user(
        request.app.state.storage, request.cookies.get(SESSION_COOKIE), request.app.state.secret_key
    )


def private(response: Response) -> Response:
    """Admin answers are never cached anywhere nor indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def admin_view(*, login: bool = True, role: str | None = None) -> Callable[[View], Callable[[Request], Any]]:
    def wrap(view: View) -> Callable[[Request], Any]:
        @functools.wraps(view)
        async def endpoint(request: Request) -> Response:
            try:
                return await guarded(request)
            except HTTPException as exc:  # refusals of admin pages are no more cacheable than the pages
                exc.headers = {**(exc.headers or {}), "Cache-Control": "no-store"}
                raise

        async def guarded(request: Request) -> Response:
            if not from_admin_network(request):
                raise HTTPException(403, "The admin pages are not available from your network.")
            form = FormData()
            if request.method == "POST":
                form = await read_form(request)
                check_csrf(request, form.get(CSRF_FIELD))  # type: ignore[arg-type]
            user = None
            if login:
                user = await run_in_threadpool(current_user, request)
                if user is None:
                    if request.method != "GET":
                        raise HTTPException(403, "Your session has ended. Log in again.")
                    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                    return private(
                        RedirectResponse(f"/admin/login?next={quote(target, safe='/')}", status_code=303)
                    )
                if role == "admin" and not user.is_admin:
                    raise HTTPException(403, "Only an administrator can do this.")
            response = await run_in_threadpool(view, request, form, user)
            return private(response)

        return endpoint

    return wrap


def page(
    request: Request, name: str, user: User | None, context: dict[str, Any], status_code: int = 200
) -> Response:
    return render(request, f"admin/{name}", {"user": user, **context}, status_code=status_code, max_age=0)


def back(path: str, done: str = "") -> RedirectResponse:
    """303 after a POST, with a word the page turns into a confirmation."""
    if done:
        path += ("&" if "?" in path else "?") + f"done={done}"
    return RedirectResponse(path, status_code=303)


def _login_limiter(request: Request) -> RateLimiter:
    limiter = getattr(request.app.state, "admin_login_limiter", None)
    if limiter is None:
        limiter = request.app.state.admin_login_limiter = RateLimiter(*LOGIN_ATTEMPTS_PER_IP)
    return limiter  # type: ignore[no-any-return]


# ---------------------------------------------------------------------- login / logout


@admin_view(login=False)
def login_form(request: Request, form: FormData, user: User | None) -> Response:
    nxt = safe_next(request.query_params.get("next"), "/admin/")
    if current_user(request) is not None:
        return RedirectResponse(nxt, status_code=303)
    return page(request, "login.html", None, {"next": nxt, "error": "", "name": ""})


@admin_view(login=False)
def login(request: Request, form: FormData, user: User | None) -> Response:
    storage, config = request.app.state.storage, request.app.state.config
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    nxt = safe_next(str(form.get("next", "")), "/admin/")

    def refuse(error: str, status: int) -> Response:
        return page(
            request, "login.html", None, {"next": nxt, "error": error, "name": name[:64]}, status_code=status
        )

    if not _login_limiter(request).hit(client_ip(request)):
        return refuse("Too many login attempts from your address. Wait a few minutes and try again.", 429)
    result = auth.authenticate(storage, name, password, max_failures=int(config.login_max_failures))
    if result.user is None:
        if result.reason == "locked" and result.locked_until is not None:
            return refuse(
                f"Too many failed attempts for this name. Try again after {result.locked_until:%H:%M} UTC.",
                429,
            )
        return refuse("Wrong user name or password.", 401)
    # Rotate: whatever session this browser had is ended, and a new id is issued.
    auth.end_session(storage, request.cookies.get(SESSION_COOKIE), request.app.state.secret_key)
    cookie = auth.start_session(storage, result.user, request.app.state.secret_key, ip=client_ip(request))
    response = RedirectResponse(nxt, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=int(auth.SESSION_LIFETIME.total_seconds()),
        path="/admin",
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
    )
    return response


@admin_view(login=False)
def logout(request: Request, form: FormData, user: User | None) -> Response:
    auth.end_session(
        request.app.state.storage, request.cookies.get(SESSION_COOKIE), request.app.state.secret_key
    )
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE, path="/admin", httponly=True, samesite="lax", secure=secure_cookies(request)
    )
    return response


# ---------------------------------------------------------------------- dashboard


@admin_view()
def dashboard(request: Request, form: FormData, user: User | None) -> Response:
    storage = request.app.state.storage
    run = storage.last_run()
    in_run = {s["name"]: s for s in run["sources"]} if run else {}
    sources = [(s, in_run.get(s.name)) for s in storage.list_sources()]
    return page(
        request,
        "dashboard.html",
        user,
        {
            "sources": sources,
            "failing": sum(1 for s, _ in sources if s.error_count),
            "run": run,
            "stories": storage.story_rows(10),
            "story_count": storage.count_stories(),
            "digest_count": storage.count_digests(),
            "edits": storage.recent_edits(10),
            "pending_comments": storage.count_comments(status="pending"),
        },
    )


# ---------------------------------------------------------------------- API tokens


@admin_view()
def tokens(request: Request, form: FormData, user: User | None) -> Response:
    assert user is not None
    return _tokens_page(request, user, new_token="")


def _tokens_page(request: Request, user: User, new_token: str) -> Response:
    return page(
        request,
        "tokens.html",
        user,
        {
            "tokens": request.app.state.storage.list_api_tokens(user.id),
            "new_token": new_token,
            "done": request.query_params.get("done", ""),
        },
    )


@admin_view()
def token_create(request: Request, form: FormData, user: User | None) -> Response:
    assert user is not None
    label = " ".join(str(form.get("label", "")).split())[:100]
    raw = auth.new_api_token(request.app.state.storage, user.name, label)
    # Shown in this response only (no redirect: the token must not land in a URL or history).
    return _tokens_page(request, user, new_token=raw)


@admin_view()
def token_revoke(request: Request, form: FormData, user: User | None) -> Response:
    assert user is not None
    token_id = path_int(request, "token_id")
    if not request.app.state.storage.revoke_api_token(user.id, token_id):
        raise HTTPException(404, "There is no such token of yours to revoke.")
    return back("/admin/tokens", "revoked")


def path_int(request: Request, name: str) -> int:
    raw = str(request.path_params[name])
    if not raw.isdigit() or len(raw) > 9:
        raise HTTPException(404)
    return int(raw)


def _routes() -> list[Route]:
    from . import admin_reader, admin_stories

    return [
        Route("/admin", lambda r: RedirectResponse("/admin/", status_code=308)),
        Route("/admin/", dashboard, name="admin"),
        Route("/admin/login", login_form, methods=["GET"], name="admin_login"),
        Route("/admin/login", login, methods=["POST"]),
        Route("/admin/logout", logout, methods=["POST"], name="admin_logout"),
        Route("/admin/tokens", tokens, methods=["GET"], name="admin_tokens"),
        Route("/admin/tokens", token_create, methods=["POST"]),
        Route("/admin/tokens/{token_id}/revoke", token_revoke, methods=["POST"]),
        *admin_stories.routes,
        *admin_reader.routes,
    ]


routes = _routes()
