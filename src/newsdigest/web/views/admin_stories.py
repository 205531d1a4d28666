"""``/admin/stories…``: stories by trend, and per story its digest's editing and actions.

Every change goes through ``storage.save_edited_digest`` (a new digest version plus an
``edits`` row naming the editor) or, for what is not content (pin, rewrite), an
``edits`` row of its own.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import replace
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ... import publish
from ...records import Digest, Paragraph
from ...storage.admin import User
from .admin import admin_view, back, page, path_int

PAGE_SIZE = 50
MAX_HEADLINE = 300
MAX_PARAGRAPH = 5000

DONE = {
    "edit": "Saved as a new version.",
    "unchanged": "Nothing was changed, so no new version was made.",
    "publish": "Published.",
    "unpublish": "Unpublished: the digest is off the site and its feeds.",
    "pin": "Pinned: shown first on the front page.",
    "unpin": "Unpinned.",
    "rewrite": "Marked for rewriting: the next run writes this story's digest again.",
}


def clean_text(value: str) -> str:
    """One paragraph of plain text: control characters out, whitespace runs made one space."""
    kept = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in value)
    return " ".join(kept.split())


def stories(request: Request, form: FormData, user: User | None) -> Response:
    storage = request.app.state.storage
    raw = request.query_params.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise HTTPException(400, "The page number must be a whole number from 1 up.")
    number = int(raw)
    pages = max(1, math.ceil(storage.count_stories() / PAGE_SIZE))
    return page(
        request,
        "stories.html",
        user,
        {"rows": storage.story_rows(PAGE_SIZE, (number - 1) * PAGE_SIZE), "page": number, "pages": pages},
    )


def _story_and_digest(request: Request) -> tuple[Any, Digest | None]:
    storage = request.app.state.storage
    story = storage.story(path_int(request, "story_id"))
    if story is None:
        raise HTTPException(404, "There is no such story.")
    return story, storage.digest_for_story(story.id)


def _need_digest(digest: Digest | None) -> Digest:
    if digest is None:
        raise HTTPException(409, "This story has no digest yet.")
    return digest


def story_page(
    request: Request, form: FormData, user: User | None, *, error: str = "", status_code: int = 200
) -> Response:
    storage = request.app.state.storage
    story, digest = _story_and_digest(request)
    edited: set[int] = set()
    pinned = False
    versions: list[Any] = []
    if digest is not None:
        edited = storage.edited_paragraphs(digest)
        pinned = digest.id in storage.pinned_ids([digest.id])
        versions = storage.digest_versions(digest.id)
    done = request.query_params.get("done", "")
    return page(
        request,
        "story.html",
        user,
        {
            "story": story,
            "digest": digest,
            "path": publish.digest_path(digest)
            if digest is not None and publish.is_publishable(digest)
            else "",
            "edited": edited,
            "pinned": pinned,
            "versions": versions,
            "edits": storage.edits_for_story(story.id),
            "done": DONE.get(done, ""),
            "error": error,
            "max_headline": MAX_HEADLINE,
            "max_paragraph": MAX_PARAGRAPH,
        },
        status_code=status_code,
    )


def edited_digest(digest: Digest, form: FormData) -> tuple[Digest, list[int], dict[str, Any]]:
    """The digest with the form's headline and paragraphs.

    An unchanged paragraph is kept as it was (with its citations); a changed one keeps
    its citations and is reported as edited; an emptied one is removed. Raises
    ``ValueError`` with a message for the editor when the form cannot be used.
    """
    headline = clean_text(str(form.get("headline", "")))
    if not headline:
        raise ValueError("The headline cannot be empty.")
    if len(headline) > MAX_HEADLINE:
        raise ValueError(f"The headline is longer than {MAX_HEADLINE} characters.")
    kept: list[Paragraph] = []
    edited: list[int] = []
    changed: list[int] = []
    removed: list[int] = []
    for i, old in enumerate(digest.paragraphs):
        field = f"p{i}"
        if field not in form:  # a form for fewer paragraphs: leave the rest as they are
            kept.append(old)
            continue
        text = clean_text(str(form.get(field, "")))
        if len(text) > MAX_PARAGRAPH:
            raise ValueError(f"Paragraph {i + 1} is longer than {MAX_PARAGRAPH} characters.")
        if not text:
            removed.append(i)
        elif text == clean_text(old.text):
            kept.append(old)
        else:
            edited.append(len(kept))
            changed.append(i)
            kept.append(Paragraph(text, old.citations))
    if not kept:
        raise ValueError("A digest needs at least one paragraph.")
    lede = digest.lede
    # The lede is the first paragraph's text when the writer made it so: keep them together.
    if digest.paragraphs and clean_text(digest.lede) == clean_text(digest.paragraphs[0].text):
        lede = kept[0].text
    detail: dict[str, Any] = {}
    if headline != digest.headline:
        detail["headline"] = {"from": digest.headline, "to": headline}
    if changed:
        detail["paragraphs_changed"] = changed
    if removed:
        detail["paragraphs_removed"] = removed
    return replace(digest, headline=headline, lede=lede, paragraphs=tuple(kept)), edited, detail


def edit(request: Request, form: FormData, user: User | None) -> Response:
    assert user is not None
    storage = request.app.state.storage
    story, digest = _story_and_digest(request)
    digest = _need_digest(digest)
    if str(form.get("version", "")) != str(digest.version):
        return story_page(
            request,
            form,
            user,
            status_code=409,
            error="The digest changed since you opened it (a run or another editor saved a new version). "
            "Your changes were not saved; here is the current text.",
        )
    try:
        new, edited, detail = edited_digest(digest, form)
    except ValueError as exc:
        return story_page(request, form, user, error=str(exc), status_code=400)
    _, changed = storage.save_edited_digest(
        new, user=user, action="edit", detail=detail, edited_paragraphs=edited
    )
    return back(f"/admin/stories/{story.id}", "edit" if changed else "unchanged")


def _set_status(status: str) -> Any:
    def action(request: Request, form: FormData, user: User | None) -> Response:
        assert user is not None
        story, digest = _story_and_digest(request)
        digest = _need_digest(digest)
        action_name = "publish" if status == "published" else "unpublish"
        request.app.state.storage.save_edited_digest(
            replace(digest, status=status), user=user, action=action_name
        )
        return back(f"/admin/stories/{story.id}", action_name)

    return action


def _set_pin(pinned: bool) -> Any:
    def action(request: Request, form: FormData, user: User | None) -> Response:
        assert user is not None
        storage = request.app.state.storage
        story, digest = _story_and_digest(request)
        digest = _need_digest(digest)
        name = "pin" if pinned else "unpin"
        if storage.set_pinned(digest.id, pinned):
            storage.record_edit(
                story_id=story.id, digest_id=digest.id, user=user, action=name, version=digest.version
            )
        return back(f"/admin/stories/{story.id}", name)

    return action


def rewrite(request: Request, form: FormData, user: User | None) -> Response:
    assert user is not None
    storage = request.app.state.storage
    story, digest = _story_and_digest(request)
    if storage.mark_story_changed(story.id):
        storage.record_edit(
            story_id=story.id,
            digest_id=digest.id if digest else None,
            user=user,
            action="rewrite",
            version=digest.version if digest else None,
        )
    return back(f"/admin/stories/{story.id}", "rewrite")


routes = [
    Route("/admin/stories", admin_view()(stories), methods=["GET"], name="admin_stories"),
    Route("/admin/stories/{story_id}", admin_view()(story_page), methods=["GET"], name="admin_story"),
    Route("/admin/stories/{story_id}/edit", admin_view()(edit), methods=["POST"]),
    Route("/admin/stories/{story_id}/publish", admin_view()(_set_status("published")), methods=["POST"]),
    Route("/admin/stories/{story_id}/unpublish", admin_view()(_set_status("unpublished")), methods=["POST"]),
    Route("/admin/stories/{story_id}/pin", admin_view()(_set_pin(True)), methods=["POST"]),
    Route("/admin/stories/{story_id}/unpin", admin_view()(_set_pin(False)), methods=["POST"]),
    Route("/admin/stories/{story_id}/rewrite", admin_view()(rewrite), methods=["POST"]),
]
