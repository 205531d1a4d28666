"""``/admin/comments`` (the moderation queue) and ``/admin/subscribers`` (count, CSV).

The comments and subscribers themselves are the reader side's (``storage/reader.py``);
these pages only call its methods, and log who moderated what in ``edits``.
"""

from __future__ import annotations

import csv
import io
import logging

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...storage.users import User
from .admin import admin_view, back, page, path_int

log = logging.getLogger(__name__)

QUEUE_SIZE = 50
QUEUES = ("pending", "spam", "rejected", "published")
ACTIONS = {"approve": "published", "reject": "rejected", "spam": "spam", "requeue": "pending"}
SUBSCRIBER_STATUSES = ("confirmed", "pending", "unsubscribed")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def comments(request: Request, form: FormData, user: User | None) -> Response:
    storage = request.app.state.storage
    status = request.query_params.get("status", "pending")
    if status not in QUEUES:
        raise HTTPException(400, "Unknown comment queue.")
    return page(
        request,
        "comments.html",
        user,
        {
            "status": status,
            "queues": [(q, storage.count_comments(status=q)) for q in QUEUES],
            "comments": storage.list_comments(status=status, limit=QUEUE_SIZE),
            "done": request.query_params.get("done", ""),
        },
    )


def moderate(request: Request, form: FormData, user: User | None) -> Response:
    assert user is not None
    storage = request.app.state.storage
    comment_id = path_int(request, "comment_id")
    action = str(form.get("action", ""))
    if action not in ACTIONS:
        raise HTTPException(400, "Unknown moderation action.")
    comment = storage.comment(comment_id)
    if comment is None:
        raise HTTPException(404, "There is no such comment.")
    status = ACTIONS[action]
    storage.set_comment_status(comment_id, status)
    storage.record_moderation(comment_id=comment_id, digest_id=comment.digest_id, status=status, user=user)
    queue = str(form.get("queue", "pending"))
    return back(f"/admin/comments?status={queue if queue in QUEUES else 'pending'}", status)


def subscribers(request: Request, form: FormData, user: User | None) -> Response:
    storage = request.app.state.storage
    counts = [(s, storage.count_subscribers(status=s)) for s in SUBSCRIBER_STATUSES]
    return page(request, "subscribers.html", user, {"counts": counts})


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def subscribers_csv(request: Request, form: FormData, user: User | None) -> Response:
    assert user is not None
    status = request.query_params.get("status", "confirmed")
    if status not in (*SUBSCRIBER_STATUSES, "all"):
        raise HTTPException(400, "Unknown subscriber status.")
    people = request.app.state.storage.export_subscribers(status=None if status == "all" else status)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["email", "status", "created", "confirmed", "unsubscribed"])
    for s in people:
        writer.writerow(
            [_cell(s.email), s.status]
            + [d.isoformat() if d else "" for d in (s.created, s.confirmed, s.unsubscribed)]
        )
    log.info("admin: %s exported %d subscribers (%s)", user.name, len(people), status)
    return Response(
        out.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="subscribers-{status}.csv"'},
    )


routes = [
    Route("/admin/comments", admin_view()(comments), methods=["GET"], name="admin_comments"),
    Route("/admin/comments/{comment_id}", admin_view()(moderate), methods=["POST"]),
    Route(
        "/admin/subscribers", admin_view(role="admin")(subscribers), methods=["GET"], name="admin_subscribers"
    ),
    Route("/admin/subscribers.csv", admin_view(role="admin")(subscribers_csv), methods=["GET"]),
]
