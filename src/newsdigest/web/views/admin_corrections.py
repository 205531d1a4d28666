"""``/admin/corrections/``: the editors' queue of readers' error reports.

Accepting a report publishes its correction note (under the digest, on ``/corrections/``
and in the corrections feed) and may change one paragraph of the digest, saved through
the storage's versioned save (a new digest version, logged as an edit). Rejecting keeps
the report, out of the queue. Login, network and CSRF checks are ``admin_view``'s.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...records import Paragraph
from ...storage.corrections import REPORT_STATUSES, ErrorReport
from ...storage.users import User
from .admin import admin_view, back, page, path_int
from .admin_stories import MAX_PARAGRAPH, clean_text

log = logging.getLogger(__name__)

QUEUE_SIZE = 50
NOTE_MAX = 2000
DONE = {
    "accepted": "Accepted: the correction note is published.",
    "corrected": "Accepted: the digest was saved as a new version and the correction note is published.",
    "rejected": "Rejected.",
}


def queue(request: Request, form: FormData, user: User | None) -> Response:
    return _queue_page(request, user, errors={}, status_code=200)


def _queue_page(
    request: Request, user: User | None, *, errors: dict[int, str], status_code: int, values: dict[str, str] | None = None
) -> Response:
    storage = request.app.state.storage
    status = request.query_params.get("status", "pending")
    if status not in REPORT_STATUSES:
        raise HTTPException(400, "Unknown report queue.")
    reports = storage.list_error_reports(status=status, limit=QUEUE_SIZE)
    # The digest text next to each pending report, so the editor can fix it in place.
    digests = {r.id: storage.report_digest(r) for r in reports} if status == "pending" else {}
    return page(
        request,
        "corrections.html",
        user,
        {
            "admin_section": "corrections",
            "status": status,
            "queues": [(q, storage.count_error_reports(q)) for q in REPORT_STATUSES],
            "reports": reports,
            "digests": digests,
            "errors": errors,
            "values": values or {},
            "done": DONE.get(request.query_params.get("done", ""), ""),
            "note_max": NOTE_MAX,
            "max_paragraph": MAX_PARAGRAPH,
        },
        status_code=status_code,
    )


def _corrected_paragraph(storage: object, report: ErrorReport, form: FormData) -> tuple[object | None, int | None]:
    """(digest with the changed paragraph, its index) or (None, None) when none is changed.

    Raises ``ValueError`` with a message for the editor when the form cannot be used.
    """
    raw = str(form.get("paragraph", "")).strip()
    if not raw:
        return None, None
    digest = storage.report_digest(report)  # type: ignore[attr-defined]
    if digest is None:
        raise ValueError("The digest of this report is gone.")
    if not raw.isdigit() or int(raw) >= len(digest.paragraphs):
        raise ValueError("There is no such paragraph in the digest.")
    index = int(raw)
    text = clean_text(str(form.get("text", "")))
    if not text:
        raise ValueError("The corrected paragraph is empty; to change no paragraph, choose “no paragraph”.")
    if len(text) > MAX_PARAGRAPH:
        raise ValueError(f"The corrected paragraph is longer than {MAX_PARAGRAPH} characters.")
    old = digest.paragraphs[index]
    if text == clean_text(old.text):
        return None, None  # nothing changed: a note only
    paragraphs = list(digest.paragraphs)
    paragraphs[index] = Paragraph(text, old.citations)  # a corrected sentence still comes from its sources
    lede = digest.lede
    if index == 0 and clean_text(digest.lede) == clean_text(old.text):
        lede = text  # the lede is the first paragraph when the writer made it so: keep them together
    return replace(digest, paragraphs=tuple(paragraphs), lede=lede), index


def resolve(request: Request, form: FormData, user: User | None) -> Response:
    assert user is not None
    storage = request.app.state.storage
    report_id = path_int(request, "report_id")
    report = storage.error_report(report_id)
    if report is None:
        raise HTTPException(404, "There is no such report.")
    action = str(form.get("action", ""))
    if action == "reject":
        storage.resolve_error_report(report_id, "rejected", editor=user.name)
        log.info("admin: %s rejected error report %s", user.name, report_id)
        return back("/admin/corrections/", "rejected")
    if action != "accept":
        raise HTTPException(400, "Unknown action.")
    if report.status != "pending":
        raise HTTPException(409, "This report was already dealt with.")
    note = clean_text(str(form.get("note", "")))
    try:
        if not note:
            raise ValueError("Write the correction note readers will see.")
        if len(note) > NOTE_MAX:
            raise ValueError(f"The correction note is longer than {NOTE_MAX} characters.")
        changed, index = _corrected_paragraph(storage, report, form)
    except ValueError as exc:
        values = {k: str(form.get(k, "")) for k in ("note", "paragraph", "text")}
        return _queue_page(request, user, errors={report_id: str(exc)}, status_code=400, values={"report": str(report_id), **values})
    version = None
    if changed is not None:
        stored, did = storage.save_edited_digest(
            changed, user=user, action="correction",
            detail={"error_report": report_id, "paragraphs_changed": [index]}, edited_paragraphs=[index],
        )
        version = stored.version if did else None
    storage.resolve_error_report(report_id, "accepted", editor=user.name, note=note, version=version)
    log.info("admin: %s accepted error report %s (digest version %s)", user.name, report_id, version)
    return back("/admin/corrections/", "corrected" if version else "accepted")


routes = [
    Route("/admin/corrections", admin_view()(queue), methods=["GET"]),
    Route("/admin/corrections/", admin_view()(queue), methods=["GET"], name="admin_corrections"),
    Route("/admin/corrections/{report_id}", admin_view()(resolve), methods=["POST"]),
]
