"""``/admin/stories…``: stories by trend, and per story its digest's editing and actions.

Every change goes through ``storage.save_edited_digest`` (a new digest version plus an
``edits`` row naming the editor) or, for what is not content (pin, rewrite, split,
merge), an ``edits`` row of its own. Splits and merges are ``grouping.split_story`` /
``grouping.merge_stories``, the same functions as ``newsdigest stories split|merge``:
recorded as must-link / cannot-link pairs that every later clustering run keeps.
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
from ...errors import NewsdigestError
from ...grouping import merge_stories, split_story
from ...records import Article, Digest, Paragraph, Story
from ...storage.users import User
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
    "split": "Split: the ticked articles are now a story of their own. Later runs keep the two apart; "
    "both digests are written again on the next run.",
    "merge": "Merged: the other story's articles are now part of this one, and its page redirects here. "
    "Later runs keep them together; this digest is written again on the next run.",
}
MERGE_CHOICES = 30  # stories offered in the "Merge into…" list, by trend


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
    if digest.status == "merged":
        raise HTTPException(409, "This story was merged into another one: edit that story instead.")
    return digest


def story_articles(storage: Any, story: Story) -> list[tuple[Article, str]]:
    """The story's articles in story order, each with its reprint marker ("" for an
    original report): the editor must see which reports are copies of a wire story."""
    members = storage.get_articles(list(story.article_ids))
    by_id = {a.id: a for a in members}
    missing = sorted({a.duplicate_of for a in members if a.duplicate_of} - set(by_id))
    originals = {a.id: a for a in storage.get_articles(missing)} if missing else {}
    rows = []
    for aid in story.article_ids:
        a = by_id.get(aid)
        if a is None:
            continue
        marker = ""
        if a.duplicate_of:
            original = by_id.get(a.duplicate_of) or originals.get(a.duplicate_of)
            marker = f"reprint of {original.source}" if original and original.source else "reprint"
        rows.append((a, marker))
    return rows


def merge_choices(storage: Any, story_id: int) -> list[Any]:
    """Trending stories (with their digest's headline) an editor may merge this one into."""
    return [r for r in storage.story_rows(MERGE_CHOICES + 1) if r.story_id != story_id][:MERGE_CHOICES]


def story_page(
    request: Request,
    form: FormData,
    user: User | None,
    *,
    error: str = "",
    status_code: int = 200,
    confirm_merge: Story | None = None,
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
    new_story = request.query_params.get("new", "")
    merged = story.status == "merged"
    return page(
        request,
        "story.html",
        user,
        {
            "story": story,
            "merged": merged,
            "merged_into": storage.merged_into(story.id) if merged else None,
            "articles": [] if merged else story_articles(storage, story),
            "choices": [] if merged else merge_choices(storage, story.id),
            "ticked": set(form.getlist("article")),
            "chosen": str(form.get("into", "")),
            "typed": str(form.get("into_id", ""))[:12],
            "confirm_merge": confirm_merge,
            "new_story": int(new_story)
            if done == "split" and new_story.isdigit() and len(new_story) < 10
            else None,
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


def _editor_message(exc: NewsdigestError) -> str:
    """A library error as a sentence for the page (without the component prefix the CLI shows)."""
    text = str(exc).removeprefix("grouping: ")
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _log_edit(storage: Any, story_id: int, user: User, action: str, detail: dict[str, Any]) -> None:
    """An ``edits`` row for a regrouping: no version, since no digest version is made (the
    next run writes one)."""
    digest = storage.digest_for_story(story_id)
    storage.record_edit(
        story_id=story_id,
        digest_id=digest.id if digest else None,
        user=user,
        action=action,
        version=None,
        detail=detail,
    )


def split(request: Request, form: FormData, user: User | None) -> Response:
    """Move the ticked articles into a new story (cannot-link to the rest, must-link within)."""
    assert user is not None
    storage = request.app.state.storage
    story, _ = _story_and_digest(request)
    if story.status == "merged":
        error = "This story was merged into another one: split that story instead."
        return story_page(request, form, user, error=error, status_code=409)
    ticked = [str(v) for v in form.getlist("article")]
    error = ""
    if not ticked:
        error = "Tick at least one article to move into a new story."
    elif story.article_ids and set(ticked) >= set(story.article_ids):
        error = "Leave at least one article in this story: ticking every article would only renumber it."
    if error:
        return story_page(request, form, user, error=error, status_code=400)
    try:
        old, new = split_story(storage, story.id, ticked, by=user.name)
    except NewsdigestError as exc:
        return story_page(request, form, user, error=_editor_message(exc), status_code=400)
    moved = list(new.article_ids)
    _log_edit(storage, old.id, user, "split", {"new_story": new.id, "moved": moved})
    _log_edit(storage, new.id, user, "split", {"from_story": old.id, "moved": moved})
    return back(f"/admin/stories/{old.id}?new={new.id}", "split")


def _merge_target(form: FormData) -> int:
    """The story chosen in the form: the typed number wins over the list. Raises
    ``ValueError`` with a message for the editor."""
    raw = str(form.get("into_id", "")).strip().lstrip("#") or str(form.get("into", "")).strip()
    if not raw:
        raise ValueError("Choose the story to merge this one into.")
    if not raw.isdigit() or len(raw) > 9:
        raise ValueError(f"“{raw[:40]}” is not a story number.")
    return int(raw)


def merge(request: Request, form: FormData, user: User | None) -> Response:
    """Merge this story into the chosen one: this story's digest retires and its page
    redirects (301) to the kept story's."""
    assert user is not None
    storage = request.app.state.storage
    story, _ = _story_and_digest(request)
    try:
        target = _merge_target(form)
    except ValueError as exc:
        return story_page(request, form, user, error=str(exc), status_code=400)
    if target == story.id:
        error = "A story cannot be merged into itself: choose another story."
        return story_page(request, form, user, error=error, status_code=400)
    chosen = storage.story(target)
    if chosen is None:
        return story_page(request, form, user, error=f"There is no story {target}.", status_code=400)
    if form.get("confirm") != "yes":  # first step: say what will happen, and ask
        return story_page(request, form, user, confirm_merge=chosen)
    try:
        kept = merge_stories(storage, target, story.id, by=user.name)
    except NewsdigestError as exc:
        return story_page(request, form, user, error=_editor_message(exc), status_code=400)
    count = len(story.article_ids)
    _log_edit(storage, kept.id, user, "merge", {"absorbed_story": story.id, "articles": count})
    _log_edit(storage, story.id, user, "merge", {"into_story": kept.id, "articles": count})
    return back(f"/admin/stories/{kept.id}", "merge")


routes = [
    Route("/admin/stories", admin_view()(stories), methods=["GET"], name="admin_stories"),
    Route("/admin/stories/{story_id}", admin_view()(story_page), methods=["GET"], name="admin_story"),
    Route("/admin/stories/{story_id}/edit", admin_view()(edit), methods=["POST"]),
    Route("/admin/stories/{story_id}/publish", admin_view()(_set_status("published")), methods=["POST"]),
    Route("/admin/stories/{story_id}/unpublish", admin_view()(_set_status("unpublished")), methods=["POST"]),
    Route("/admin/stories/{story_id}/pin", admin_view()(_set_pin(True)), methods=["POST"]),
    Route("/admin/stories/{story_id}/unpin", admin_view()(_set_pin(False)), methods=["POST"]),
    Route("/admin/stories/{story_id}/rewrite", admin_view()(rewrite), methods=["POST"]),
    Route("/admin/stories/{story_id}/split", admin_view()(split), methods=["POST"]),
    Route("/admin/stories/{story_id}/merge", admin_view()(merge), methods=["POST"]),
]
