"""Editors: users, sessions, login failures, API tokens, edits, pins and search.

Policy (how long a session lives, how many failures lock a name, hashing) is in
``newsdigest.auth``; this file only stores and finds rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from ..errors import NotFound
from ..records import Digest
from .base import now_utc, utc
from .digests import _digest
from .schema import digests, stories
from .schema_admin import admin_sessions, api_tokens, digest_flags, edits, login_failures, users

ROLES = ("editor", "admin")


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str  # editor, admin
    password_hash: str = ""
    created: datetime | None = None
    last_login: datetime | None = None
    disabled: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    user_id: int
    label: str
    prefix: str
    created: datetime | None
    last_used: datetime | None
    revoked: datetime | None


@dataclass(frozen=True, slots=True)
class Edit:
    id: int
    story_id: int
    digest_id: int | None
    user_name: str
    via: str
    at: datetime | None
    action: str
    version: int | None
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of the editors' story list: the story and, if written, its digest."""

    story_id: int
    title: str
    trend_score: float
    article_count: int
    outlet_count: int
    last_seen: datetime | None
    changed: bool
    digest_id: int | None
    headline: str | None
    slug: str | None
    status: str | None
    version: int | None
    published: datetime | None
    updated: datetime | None
    pinned: bool


def _user(row: Any) -> User:
    return User(
        id=row.id,
        name=row.name,
        role=row.role,
        password_hash=row.password_hash,
        created=utc(row.created),
        last_login=utc(row.last_login),
        disabled=bool(row.disabled),
    )


def _edit(row: Any) -> Edit:
    return Edit(
        id=row.id,
        story_id=row.story_id,
        digest_id=row.digest_id,
        user_name=row.user_name,
        via=row.via,
        at=utc(row.at),
        action=row.action,
        version=row.version,
        detail=dict(row.detail or {}),
    )


def like_pattern(q: str) -> str:
    """``q`` as a LIKE pattern matching it anywhere, its own ``%``/``_`` taken literally."""
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class AdminStore:
    engine: sa.Engine

    if TYPE_CHECKING:  # provided by DigestStore, the other half of ``Storage``

        def save_digest(self, d: Digest, *, now: datetime | None = None) -> Digest: ...
        def digest_for_story(self, story_id: int) -> Digest | None: ...

    # ------------------------------------------------------------------ users

    def create_user(self, name: str, password_hash: str, role: str, *, now: datetime | None = None) -> User:
        if role not in ROLES:
            raise ValueError(f"admin: unknown role {role!r}")
        with self.engine.begin() as conn:
            new_id = conn.execute(
                users.insert()
                .values(name=name, password_hash=password_hash, role=role, created=now or now_utc())
                .returning(users.c.id)
            ).scalar_one()
            row = conn.execute(sa.select(users).where(users.c.id == new_id)).one()
        return _user(row)

    def user_by_name(self, name: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.name == name)).first()
        return _user(row) if row else None

    def user_by_id(self, user_id: int) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
        return _user(row) if row else None

    def list_users(self) -> list[User]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(users).order_by(users.c.name)).all()
        return [_user(r) for r in rows]

    def update_user(self, user_id: int, **values: Any) -> None:
        """Set any of ``password_hash``, ``role``, ``disabled``, ``last_login``."""
        allowed = {"password_hash", "role", "disabled", "last_login"}
        if not values or set(values) - allowed:
            raise ValueError(f"admin: cannot update user fields {sorted(set(values) - allowed)}")
        with self.engine.begin() as conn:
            if conn.execute(users.update().where(users.c.id == user_id).values(**values)).rowcount == 0:
                raise NotFound(f"admin: no user {user_id}")

    # ------------------------------------------------------------------ login failures

    def login_locked_until(self, name: str, now: datetime) -> datetime | None:
        with self.engine.connect() as conn:
            until = conn.execute(
                sa.select(login_failures.c.locked_until).where(login_failures.c.name == name)
            ).scalar()
        until = utc(until)
        return until if until is not None and until > now else None

    def record_login_failure(
        self, name: str, now: datetime, *, max_failures: int, window: timedelta
    ) -> datetime | None:
        """Count one failure for ``name``; returns the lock's end when this one locks it.

        Failures older than ``window`` are forgotten; reaching ``max_failures`` locks the
        name for ``window`` and starts the count again.
        """
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(login_failures).where(login_failures.c.name == name)).first()
            failures = 1
            if row is not None and utc(row.last_failure) > now - window:  # type: ignore[operator]
                failures = row.failures + 1
            locked_until = now + window if failures >= max_failures else None
            values = {
                "failures": 0 if locked_until else failures,
                "last_failure": now,
                "locked_until": locked_until,
            }
            if row is None:
                conn.execute(login_failures.insert().values(name=name, **values))
            else:
                conn.execute(login_failures.update().where(login_failures.c.name == name).values(**values))
            # Names that failed long ago and are not locked need no row (sprayed names would pile up).
            conn.execute(
                login_failures.delete().where(
                    login_failures.c.last_failure < now - timedelta(days=1),
                    sa.or_(login_failures.c.locked_until.is_(None), login_failures.c.locked_until < now),
                )
            )
        return locked_until

    def clear_login_failures(self, name: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(login_failures.delete().where(login_failures.c.name == name))

    # ------------------------------------------------------------------ sessions

    def create_session(
        self, id_hash: str, user_id: int, *, now: datetime, expires: datetime, ip: str
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                admin_sessions.insert().values(
                    id_hash=id_hash, user_id=user_id, created=now, last_seen=now, expires=expires, ip=ip[:64]
                )
            )
            conn.execute(admin_sessions.delete().where(admin_sessions.c.expires < now))

    def session_user(self, id_hash: str, *, now: datetime, idle: timedelta) -> User | None:
        """The user of a live session (not expired, not idle too long, user enabled); touches it."""
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(users, admin_sessions.c.last_seen.label("session_seen"))
                .join(admin_sessions, admin_sessions.c.user_id == users.c.id)
                .where(admin_sessions.c.id_hash == id_hash, admin_sessions.c.expires > now)
            ).first()
            if row is None or row.disabled:
                return None
            if utc(row.session_seen) < now - idle:  # type: ignore[operator]
                conn.execute(admin_sessions.delete().where(admin_sessions.c.id_hash == id_hash))
                return None
            if utc(row.session_seen) < now - timedelta(minutes=1):  # type: ignore[operator]
                conn.execute(
                    admin_sessions.update().where(admin_sessions.c.id_hash == id_hash).values(last_seen=now)
                )
        return _user(row)

    def delete_session(self, id_hash: str) -> bool:
        with self.engine.begin() as conn:
            return bool(
                conn.execute(admin_sessions.delete().where(admin_sessions.c.id_hash == id_hash)).rowcount
            )

    def delete_user_sessions(self, user_id: int) -> int:
        with self.engine.begin() as conn:
            return (
                conn.execute(admin_sessions.delete().where(admin_sessions.c.user_id == user_id)).rowcount or 0
            )

    # ------------------------------------------------------------------ API tokens

    def create_api_token(
        self, user_id: int, token_hash: str, prefix: str, label: str, *, now: datetime
    ) -> ApiToken:
        with self.engine.begin() as conn:
            new_id = conn.execute(
                api_tokens.insert()
                .values(user_id=user_id, token_hash=token_hash, prefix=prefix, label=label[:100], created=now)
                .returning(api_tokens.c.id)
            ).scalar_one()
            row = conn.execute(sa.select(api_tokens).where(api_tokens.c.id == new_id)).one()
        return ApiToken(row.id, row.user_id, row.label, row.prefix, utc(row.created), None, None)

    def api_token_user(self, token_hash: str, *, now: datetime) -> User | None:
        """The (enabled) owner of a live token; remembers when it was last used."""
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(users, api_tokens.c.id.label("token_id"), api_tokens.c.last_used)
                .join(api_tokens, api_tokens.c.user_id == users.c.id)
                .where(api_tokens.c.token_hash == token_hash, api_tokens.c.revoked.is_(None))
            ).first()
            if row is None or row.disabled:
                return None
            if row.last_used is None or utc(row.last_used) < now - timedelta(minutes=1):  # type: ignore[operator]
                conn.execute(api_tokens.update().where(api_tokens.c.id == row.token_id).values(last_used=now))
        return _user(row)

    def list_api_tokens(self, user_id: int) -> list[ApiToken]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(api_tokens).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.id.desc())
            ).all()
        return [
            ApiToken(r.id, r.user_id, r.label, r.prefix, utc(r.created), utc(r.last_used), utc(r.revoked))
            for r in rows
        ]

    def revoke_api_token(self, user_id: int, token_id: int, *, now: datetime | None = None) -> bool:
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    api_tokens.update()
                    .where(
                        api_tokens.c.id == token_id,
                        api_tokens.c.user_id == user_id,
                        api_tokens.c.revoked.is_(None),
                    )
                    .values(revoked=now or now_utc())
                ).rowcount
            )

    # ------------------------------------------------------------------ edits

    def record_edit(
        self,
        *,
        story_id: int,
        digest_id: int | None,
        user: User,
        action: str,
        version: int | None,
        detail: dict[str, Any] | None = None,
        via: str = "admin",
        now: datetime | None = None,
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                edits.insert().values(
                    story_id=story_id,
                    digest_id=digest_id,
                    user_id=user.id,
                    user_name=user.name,
                    via=via,
                    at=now or now_utc(),
                    action=action,
                    version=version,
                    detail=detail or {},
                )
            )

    def record_moderation(
        self, *, comment_id: int, digest_id: int, status: str, user: User, now: datetime | None = None
    ) -> None:
        """Who moderated a comment, in the same log as the digest edits."""
        with self.engine.connect() as conn:
            story_id = conn.execute(sa.select(digests.c.story_id).where(digests.c.id == digest_id)).scalar()
        if story_id is not None:
            self.record_edit(
                story_id=story_id,
                digest_id=digest_id,
                user=user,
                action="moderate",
                version=None,
                detail={"comment_id": comment_id, "status": status},
                now=now,
            )

    def edits_for_story(self, story_id: int, limit: int = 50) -> list[Edit]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(edits).where(edits.c.story_id == story_id).order_by(edits.c.id.desc()).limit(limit)
            ).all()
        return [_edit(r) for r in rows]

    def recent_edits(self, limit: int = 20) -> list[Edit]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(edits).order_by(edits.c.id.desc()).limit(limit)).all()
        return [_edit(r) for r in rows]

    def save_edited_digest(
        self,
        digest: Digest,
        *,
        user: User,
        action: str,
        detail: dict[str, Any] | None = None,
        edited_paragraphs: Iterable[int] = (),
        via: str = "admin",
        now: datetime | None = None,
    ) -> tuple[Digest, bool]:
        """Save an editor's change as a new digest version and record who made it.

        Returns (digest as stored, whether anything changed); an unchanged save makes no
        version and no edit row. ``edited_paragraphs`` are indices into the new paragraphs.
        """
        now = now or now_utc()
        before = self.digest_for_story(digest.story_id)
        if before is None or before.id != digest.id:
            raise NotFound(f"admin: story {digest.story_id} has no digest {digest.id}")
        stored = self.save_digest(replace(digest, writer=f"editor:{user.name}"[:64]), now=now)
        if stored.version == before.version:
            return stored, False
        marked = sorted(set(edited_paragraphs))
        with self.engine.begin() as conn:
            flags = conn.execute(sa.select(digest_flags).where(digest_flags.c.digest_id == stored.id)).first()
            if marked or flags is not None:
                # Marks of an earlier editor version still stand if they carried over unchanged.
                carried: list[int] = []
                if flags is not None and flags.edited_version == before.version:
                    carried = [i for i in flags.edited_paragraphs if i < len(stored.paragraphs)]
                values = {
                    "edited_paragraphs": sorted(set(carried) | set(marked)),
                    "edited_version": stored.version,
                }
                if flags is None:
                    conn.execute(digest_flags.insert().values(digest_id=stored.id, pinned=False, **values))
                else:
                    conn.execute(
                        digest_flags.update().where(digest_flags.c.digest_id == stored.id).values(**values)
                    )
            conn.execute(
                edits.insert().values(
                    story_id=stored.story_id,
                    digest_id=stored.id,
                    user_id=user.id,
                    user_name=user.name,
                    via=via,
                    at=now,
                    action=action,
                    version=stored.version,
                    detail=detail or {},
                )
            )
        return stored, True

    # ------------------------------------------------------------------ flags

    def edited_paragraphs(self, digest: Digest) -> set[int]:
        """Indices of the paragraphs an editor changed, for the digest's current version."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(digest_flags).where(digest_flags.c.digest_id == digest.id)).first()
        if row is None or row.edited_version != digest.version:
            return set()
        return set(row.edited_paragraphs)

    def set_pinned(self, digest_id: int, pinned: bool, *, now: datetime | None = None) -> bool:
        """Pin or unpin; returns whether that changed anything."""
        now = now or now_utc()
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(digest_flags.c.pinned).where(digest_flags.c.digest_id == digest_id)
            ).first()
            if row is None:
                if not pinned:
                    return False
                conn.execute(
                    digest_flags.insert().values(
                        digest_id=digest_id, pinned=True, pinned_at=now, edited_paragraphs=[]
                    )
                )
                return True
            if bool(row.pinned) == pinned:
                return False
            conn.execute(
                digest_flags.update()
                .where(digest_flags.c.digest_id == digest_id)
                .values(pinned=pinned, pinned_at=now if pinned else None)
            )
        return True

    def pinned_ids(self, digest_ids: Iterable[int]) -> set[int]:
        ids = list(digest_ids)
        if not ids:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digest_flags.c.digest_id).where(
                    digest_flags.c.digest_id.in_(ids), digest_flags.c.pinned
                )
            ).all()
        return {r[0] for r in rows}

    def pinned_digests(self, limit: int = 5) -> list[Digest]:
        """Published pinned digests, most recently pinned first: the home page puts them on top."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digests)
                .join(digest_flags, digest_flags.c.digest_id == digests.c.id)
                .where(digest_flags.c.pinned, digests.c.status == "published")
                .order_by(digest_flags.c.pinned_at.desc(), digests.c.id.desc())
                .limit(limit)
            ).all()
        return [_digest(r) for r in rows]

    # ------------------------------------------------------------------ stories

    def mark_story_changed(self, story_id: int) -> bool:
        """Ask the next run to rewrite the story's digest; False when there is no such story."""
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    stories.update()
                    .where(stories.c.id == story_id, stories.c.status != "merged")
                    .values(changed=True)
                ).rowcount
            )

    def story_rows(self, limit: int = 50, offset: int = 0) -> list[StoryRow]:
        """Stories by trend score with their digest (any status) and pin, for the editors."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    stories.c.id,
                    stories.c.title,
                    stories.c.trend_score,
                    stories.c.article_count,
                    stories.c.outlet_count,
                    stories.c.last_seen,
                    stories.c.changed,
                    digests.c.id.label("digest_id"),
                    digests.c.headline,
                    digests.c.slug,
                    digests.c.status,
                    digests.c.version,
                    digests.c.published,
                    digests.c.updated,
                    digest_flags.c.pinned,
                )
                .select_from(stories)
                .outerjoin(digests, digests.c.story_id == stories.c.id)
                .outerjoin(digest_flags, digest_flags.c.digest_id == digests.c.id)
                .where(stories.c.status != "merged")
                .order_by(
                    sa.func.coalesce(digest_flags.c.pinned, sa.false()).desc(),
                    stories.c.trend_score.desc(),
                    stories.c.id,
                )
                .limit(limit)
                .offset(offset)
            ).all()
        return [
            StoryRow(
                story_id=r.id,
                title=r.title,
                trend_score=r.trend_score,
                article_count=r.article_count,
                outlet_count=r.outlet_count,
                last_seen=utc(r.last_seen),
                changed=bool(r.changed),
                digest_id=r.digest_id,
                headline=r.headline,
                slug=r.slug,
                status=r.status,
                version=r.version,
                published=utc(r.published),
                updated=utc(r.updated),
                pinned=bool(r.pinned),
            )
            for r in rows
        ]

    def page_stories(self, limit: int = 20, offset: int = 0) -> list[int]:
        """Story ids by trend score, a page at a time (``story()`` gives each in full)."""
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    sa.select(stories.c.id)
                    .where(stories.c.status != "merged")
                    .order_by(stories.c.trend_score.desc(), stories.c.id)
                    .limit(limit)
                    .offset(offset)
                ).scalars()
            )

    # ------------------------------------------------------------------ search

    def search_digests(self, q: str, limit: int = 20, offset: int = 0) -> list[Digest]:
        """Published digests matching every word of ``q``, best match first (full text:
        FTS5 on SQLite, tsvector on PostgreSQL; see ``storage.search``)."""
        return [hit.digest for hit in self.search(q, limit, offset)]  # type: ignore[attr-defined]
