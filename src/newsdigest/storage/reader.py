"""Comments, subscribers and the newsletter's send log.

Moderation (used by the public site and the admin UI):

* ``list_comments(status="pending", limit, offset)`` — the queue, oldest first, with the
  digest's headline and slug; ``status=None`` lists every comment, newest first.
* ``set_comment_status(comment_id, status)`` — ``published``, ``pending``, ``spam`` or
  ``rejected``; False when there is no such comment.
* ``count_comments(digest_id=None, status=...)``, ``comment(comment_id)``.

Subscribers: ``count_subscribers(status="confirmed")``, ``export_subscribers(status=...)``
(``status=None``: everyone), ``subscriber(id)``, ``subscriber_by_email(email)``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..records import Digest
from .base import insert_ignore, now_utc, utc
from .digests import _digest
from .schema import digests, stories
from .schema_reader import comments, newsletter_deliveries, newsletter_issues, subscribers

COMMENT_STATUSES = ("pending", "published", "spam", "rejected")
SUBSCRIBER_STATUSES = ("pending", "confirmed", "unsubscribed")


@dataclass(frozen=True)
class Comment:
    id: int
    digest_id: int
    parent_id: int | None
    name: str
    body: str  # as the reader typed it (a small Markdown subset); render with markdown_lite
    status: str
    flags: tuple[str, ...]
    created: datetime
    author_key: str
    email_hash: str | None = None
    ip_hash: str = ""
    moderated: datetime | None = None
    digest_headline: str = ""  # filled by list_comments, for the moderation queue
    digest_slug: str = ""


@dataclass(frozen=True)
class Subscriber:
    id: int
    email: str
    status: str
    created: datetime
    confirmed: datetime | None = None
    unsubscribed: datetime | None = None
    last_mailed: datetime | None = None
    nonce: str = ""


@dataclass(frozen=True)
class SubscriptionRequest:
    """What a subscribe form post led to; the reader is told the same thing in every case.

    ``action``: ``confirm`` (mail a confirmation link with ``subscriber.nonce``),
    ``already`` (confirmed: mail a sign-in link instead) or ``cooldown`` (mail nothing).
    """

    action: str
    subscriber: Subscriber


def _comment(row: Any) -> Comment:
    m = row._mapping
    return Comment(
        id=row.id,
        digest_id=row.digest_id,
        parent_id=row.parent_id,
        name=row.name,
        body=row.body,
        status=row.status,
        flags=tuple(row.flags or ()),
        created=utc(row.created),  # type: ignore[arg-type]
        author_key=row.author_key,
        email_hash=row.email_hash,
        ip_hash=row.ip_hash,
        moderated=utc(row.moderated),
        digest_headline=m.get("headline", "") or "",
        digest_slug=m.get("slug", "") or "",
    )


def _subscriber(row: Any) -> Subscriber:
    return Subscriber(
        id=row.id,
        email=row.email,
        status=row.status,
        created=utc(row.created),  # type: ignore[arg-type]
        confirmed=utc(row.confirmed),
        unsubscribed=utc(row.unsubscribed),
        last_mailed=utc(row.last_mailed),
        nonce=row.nonce,
    )


def _cooling(last: datetime | None, now: datetime, cooldown: timedelta) -> bool:
    return last is not None and now - utc(last) < cooldown  # type: ignore[operator]


class ReaderStore:
    engine: sa.Engine

    # ------------------------------------------------------------------ comments

    def add_comment(
        self,
        digest_id: int,
        name: str,
        body: str,
        *,
        author_key: str,
        ip_hash: str,
        email_hash: str | None = None,
        parent_id: int | None = None,
        status: str = "pending",
        flags: tuple[str, ...] = (),
        now: datetime | None = None,
    ) -> Comment:
        """Store a comment (already validated by the caller; ``body`` as typed)."""
        if status not in COMMENT_STATUSES:
            raise ValueError(f"storage: unknown comment status {status!r}")
        values = {
            "digest_id": digest_id, "parent_id": parent_id, "name": name, "body": body,
            "author_key": author_key, "ip_hash": ip_hash, "email_hash": email_hash,
            "status": status, "flags": list(flags), "created": now or now_utc(),
        }
        with self.engine.begin() as conn:
            new_id = conn.execute(comments.insert().values(**values)).inserted_primary_key[0]
            row = conn.execute(sa.select(comments).where(comments.c.id == new_id)).one()
        return _comment(row)

    def comment(self, comment_id: int) -> Comment | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(comments).where(comments.c.id == comment_id)).first()
        return _comment(row) if row else None

    def author_is_known(self, author_key: str) -> bool:
        """Has this author (email hash, or address hash without email) had a comment published?"""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(comments.c.id)
                .where(comments.c.author_key == author_key, comments.c.status == "published").limit(1)
            ).first()
        return row is not None

    def has_same_comment(self, digest_id: int, author_key: str, body: str) -> bool:
        """The same author already posted exactly this text under this digest (a double post or a bot)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(comments.c.id).where(
                    comments.c.digest_id == digest_id, comments.c.author_key == author_key, comments.c.body == body
                ).limit(1)
            ).first()
        return row is not None

    def comments_for_digest(self, digest_id: int, status: str = "published") -> list[Comment]:
        """Oldest first; replies come in the same list (their ``parent_id`` is set)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(comments).where(comments.c.digest_id == digest_id, comments.c.status == status)
                .order_by(comments.c.created, comments.c.id)
            ).all()
        return [_comment(r) for r in rows]

    def count_comments(self, digest_id: int | None = None, status: str | None = "published") -> int:
        q = sa.select(sa.func.count()).select_from(comments)
        if digest_id is not None:
            q = q.where(comments.c.digest_id == digest_id)
        if status is not None:
            q = q.where(comments.c.status == status)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def list_comments(self, status: str | None = "pending", limit: int = 50, offset: int = 0) -> list[Comment]:
        """The moderation queue: oldest first for one status, newest first for ``status=None``."""
        q = sa.select(comments, digests.c.headline, digests.c.slug).join(digests, digests.c.id == comments.c.digest_id)
        if status is not None:
            q = q.where(comments.c.status == status).order_by(comments.c.created, comments.c.id)
        else:
            q = q.order_by(comments.c.created.desc(), comments.c.id.desc())
        with self.engine.connect() as conn:
            rows = conn.execute(q.limit(limit).offset(offset)).all()
        return [_comment(r) for r in rows]

    def set_comment_status(self, comment_id: int, status: str, now: datetime | None = None) -> bool:
        """Moderate one comment; publishing it also makes its author "known" for next time."""
        if status not in COMMENT_STATUSES:
            raise ValueError(f"storage: unknown comment status {status!r}")
        with self.engine.begin() as conn:
            n = conn.execute(
                comments.update().where(comments.c.id == comment_id)
                .values(status=status, moderated=now or now_utc())
            ).rowcount
        return bool(n)

    # ------------------------------------------------------------------ subscribers

    def subscriber(self, subscriber_id: int) -> Subscriber | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(subscribers).where(subscribers.c.id == subscriber_id)).first()
        return _subscriber(row) if row else None

    def subscriber_by_email(self, email: str) -> Subscriber | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(subscribers).where(subscribers.c.email == email.lower())).first()
        return _subscriber(row) if row else None

    def request_subscription(
        self, email: str, *, cooldown: timedelta, now: datetime | None = None
    ) -> SubscriptionRequest:
        """Record a subscribe request and say which mail (if any) to send.

        A new, pending or unsubscribed address gets a fresh nonce (older confirmation
        links stop working) unless a mail went to it within ``cooldown``.
        """
        now = now or now_utc()
        email = email.lower()
        with self.engine.begin() as conn:
            insert_ignore(conn, subscribers, [{"email": email, "status": "pending", "created": now}], ["email"])
            row = conn.execute(sa.select(subscribers).where(subscribers.c.email == email)).one()
            if _cooling(row.last_mailed, now, cooldown):
                return SubscriptionRequest("cooldown", _subscriber(row))
            changes: dict[str, Any] = {"last_mailed": now}
            if row.status != "confirmed":
                changes.update(status="pending", nonce=secrets.token_urlsafe(12))
            conn.execute(subscribers.update().where(subscribers.c.id == row.id).values(**changes))
            row = conn.execute(sa.select(subscribers).where(subscribers.c.id == row.id)).one()
        return SubscriptionRequest("already" if row.status == "confirmed" else "confirm", _subscriber(row))

    def confirm_subscriber(self, email: str, nonce: str, now: datetime | None = None) -> Subscriber | None:
        """Confirm from a mailed link: the subscriber, or None when the link is stale.

        Opening the link again after confirming still succeeds; a link older than a later
        request or an unsubscribe does not (``nonce`` no longer matches).
        """
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(subscribers).where(subscribers.c.email == email.lower())).first()
            if row is None:
                return None
            if row.status == "confirmed":
                return _subscriber(row)
            if row.status != "pending" or not nonce or not secrets.compare_digest(row.nonce, nonce):
                return None
            conn.execute(
                subscribers.update().where(subscribers.c.id == row.id)
                .values(status="confirmed", confirmed=now or now_utc(), unsubscribed=None)
            )
            row = conn.execute(sa.select(subscribers).where(subscribers.c.id == row.id)).one()
        return _subscriber(row)

    def signin_request(self, email: str, *, cooldown: timedelta, now: datetime | None = None) -> Subscriber | None:
        """The confirmed subscriber to mail a sign-in link to, or None (unknown, not confirmed, cooling down)."""
        now = now or now_utc()
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(subscribers).where(subscribers.c.email == email.lower())).first()
            if row is None or row.status != "confirmed" or _cooling(row.last_mailed, now, cooldown):
                return None
            conn.execute(subscribers.update().where(subscribers.c.id == row.id).values(last_mailed=now))
        return _subscriber(row)

    def unsubscribe(self, subscriber_id: int, now: datetime | None = None) -> bool:
        """True when the subscriber exists (unsubscribing twice is fine)."""
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(subscribers.c.status).where(subscribers.c.id == subscriber_id)).first()
            if row is None:
                return False
            if row.status != "unsubscribed":
                conn.execute(
                    subscribers.update().where(subscribers.c.id == subscriber_id)
                    .values(status="unsubscribed", unsubscribed=now or now_utc(), nonce="")
                )
        return True

    def count_subscribers(self, status: str | None = "confirmed") -> int:
        q = sa.select(sa.func.count()).select_from(subscribers)
        if status is not None:
            q = q.where(subscribers.c.status == status)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def export_subscribers(self, status: str | None = "confirmed") -> list[Subscriber]:
        """Subscribers in sign-up order (``status=None``: all of them)."""
        q = sa.select(subscribers).order_by(subscribers.c.id)
        if status is not None:
            q = q.where(subscribers.c.status == status)
        with self.engine.connect() as conn:
            return [_subscriber(r) for r in conn.execute(q).all()]

    # ------------------------------------------------------------------ newsletter

    def newsletter_digests(self, since: datetime, until: datetime, limit: int) -> list[Digest]:
        """Published digests first published in [since, until), most trending first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digests).join(stories, stories.c.id == digests.c.story_id)
                .where(digests.c.status == "published", digests.c.published >= since, digests.c.published < until)
                .order_by(stories.c.trend_score.desc(), digests.c.id.desc()).limit(limit)
            ).all()
        return [_digest(r) for r in rows]

    def digests_by_ids(self, ids: list[int]) -> list[Digest]:
        """In the order given; ids no longer published are left out."""
        if not ids:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(digests).where(digests.c.id.in_(ids), digests.c.status == "published")
            ).all()
        by_id = {r.id: _digest(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def newsletter_issue(self, day: str) -> dict[str, Any] | None:
        """``{"day", "created", "digest_ids", "finished", "sent"}`` or None."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(newsletter_issues).where(newsletter_issues.c.day == day)).first()
            if row is None:
                return None
            sent = conn.execute(
                sa.select(sa.func.count()).select_from(newsletter_deliveries)
                .where(newsletter_deliveries.c.day == day)
            ).scalar_one()
        return {"day": row.day, "created": utc(row.created), "digest_ids": list(row.digest_ids),
                "finished": utc(row.finished), "sent": int(sent)}

    def start_newsletter_issue(self, day: str, digest_ids: list[int], now: datetime | None = None) -> list[int]:
        """Create the day's issue; when it exists already (a resumed send), its own digest ids."""
        with self.engine.begin() as conn:
            insert_ignore(
                conn, newsletter_issues, [{"day": day, "created": now or now_utc(), "digest_ids": digest_ids}], ["day"]
            )
            row = conn.execute(sa.select(newsletter_issues.c.digest_ids).where(newsletter_issues.c.day == day)).one()
        return list(row.digest_ids)

    def newsletter_recipients(self, day: str) -> list[Subscriber]:
        """Confirmed subscribers the day's issue has not reached yet."""
        done = sa.select(newsletter_deliveries.c.subscriber_id).where(newsletter_deliveries.c.day == day)
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(subscribers).where(subscribers.c.status == "confirmed", subscribers.c.id.not_in(done))
                .order_by(subscribers.c.id)
            ).all()
        return [_subscriber(r) for r in rows]

    def claim_delivery(self, day: str, subscriber_id: int, now: datetime | None = None) -> bool:
        """Mark the issue as going to this subscriber before sending: never two copies, even from two senders."""
        with self.engine.begin() as conn:
            return insert_ignore(
                conn, newsletter_deliveries,
                [{"day": day, "subscriber_id": subscriber_id, "sent": now or now_utc()}], ["day", "subscriber_id"],
            ) == 1

    def release_delivery(self, day: str, subscriber_id: int) -> None:
        """The send failed: let a later run try this subscriber again."""
        with self.engine.begin() as conn:
            conn.execute(
                newsletter_deliveries.delete().where(
                    newsletter_deliveries.c.day == day, newsletter_deliveries.c.subscriber_id == subscriber_id
                )
            )

    def finish_newsletter_issue(self, day: str, now: datetime | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(newsletter_issues.update().where(newsletter_issues.c.day == day).values(finished=now or now_utc()))
