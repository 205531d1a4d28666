"""Follows of one story by email, and the send log of their "What's new" mails.

* ``request_follow(email, story_id, seen_seq=…, cooldown=…)`` — a form post: which mail
  (if any) to send. Every follow is confirmed from a mailed link, also for an address
  that is a confirmed newsletter subscriber, so nobody can make someone else follow.
* ``confirm_follow(follow_id, nonce)``, ``unfollow(follow_id)``, ``follow(follow_id)``.
* ``move_merged_follows()`` — follows of a story merged into another move to the kept
  one (merges happen in several places: clustering, editors, the CLI; moving at send
  and follow time keeps them all covered without touching each).
* Sending: ``claim_follow_delivery`` moves the mark and records the mail in one
  transaction before it is sent (compare-and-set on the old mark: two senders never
  both win); ``mark_follow_sent`` after the SMTP server took it; ``release_…`` when it
  refused; ``unsent_follow_deliveries`` / ``retake_follow_delivery`` for a sender that
  died between claim and send.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from .base import insert_ignore, now_utc, upsert, utc
from .schema import articles, stories
from .schema_follow import follow_deliveries, story_follows
from .schema_reader import subscribers

FOLLOW_STATUSES = ("pending", "active", "unfollowed", "moved")
_RANK = {"active": 3, "pending": 2, "unfollowed": 1, "moved": 0}
ADDRESS_WINDOW = timedelta(hours=1)
ADDRESS_MAILS = 5  # follow confirmations to one address per window, over all stories


@dataclass(frozen=True)
class Follow:
    id: int
    subscriber_id: int
    email: str
    story_id: int
    status: str
    seen_seq: int
    created: datetime
    nonce: str = ""
    confirmed: datetime | None = None
    unfollowed: datetime | None = None
    last_mailed: datetime | None = None


@dataclass(frozen=True)
class FollowRequest:
    """``action``: ``confirm`` (mail a link with ``follow.nonce``), ``already`` (active:
    nothing to do) or ``cooldown`` (a mail went to this follow or address just now)."""

    action: str
    follow: Follow


@dataclass(frozen=True)
class FollowDelivery:
    follow_id: int
    from_seq: int
    upto_seq: int
    story_id: int
    claimed: datetime
    claimed_by: str
    sent: datetime | None = None


def _select() -> sa.Select[Any]:
    return sa.select(story_follows, subscribers.c.email).join(
        subscribers, subscribers.c.id == story_follows.c.subscriber_id
    )


def _follow(row: Any) -> Follow:
    return Follow(
        id=row.id, subscriber_id=row.subscriber_id, email=row.email, story_id=row.story_id,
        status=row.status, seen_seq=int(row.seen_seq), created=utc(row.created),  # type: ignore[arg-type]
        nonce=row.nonce, confirmed=utc(row.confirmed), unfollowed=utc(row.unfollowed),
        last_mailed=utc(row.last_mailed),
    )


def _delivery(row: Any) -> FollowDelivery:
    return FollowDelivery(
        follow_id=row.follow_id, from_seq=int(row.from_seq), upto_seq=int(row.upto_seq), story_id=row.story_id,
        claimed=utc(row.claimed), claimed_by=row.claimed_by, sent=utc(row.sent),  # type: ignore[arg-type]
    )


class FollowStore:
    engine: sa.Engine

    # ------------------------------------------------------------------ following

    def follow(self, follow_id: int) -> Follow | None:
        with self.engine.connect() as conn:
            row = conn.execute(_select().where(story_follows.c.id == follow_id)).first()
        return _follow(row) if row else None

    def follows_of_story(self, story_id: int, status: str | None = "active") -> list[Follow]:
        q = _select().where(story_follows.c.story_id == story_id).order_by(story_follows.c.id)
        if status is not None:
            q = q.where(story_follows.c.status == status)
        with self.engine.connect() as conn:
            return [_follow(r) for r in conn.execute(q)]

    def active_follows(self) -> list[Follow]:
        """Every confirmed follow, grouped by story (one timeline per story per send)."""
        q = _select().where(story_follows.c.status == "active").order_by(story_follows.c.story_id, story_follows.c.id)
        with self.engine.connect() as conn:
            return [_follow(r) for r in conn.execute(q)]

    def story_seq(self, story_id: int) -> int:
        """The newest arrival (``articles.seq``) in a story: where a new follower's mark starts."""
        with self.engine.connect() as conn:
            top = conn.execute(sa.select(sa.func.max(articles.c.seq)).where(articles.c.story_id == story_id)).scalar()
        return int(top or 0)

    def article_seqs(self, ids: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                rows = conn.execute(sa.select(articles.c.id, articles.c.seq).where(articles.c.id.in_(ids[i : i + 500])))
                out.update({aid: int(seq) for aid, seq in rows})
        return out

    def request_follow(
        self, email: str, story_id: int, *, seen_seq: int, cooldown: timedelta, now: datetime | None = None
    ) -> FollowRequest:
        """Record a follow request; a new address becomes a pending subscriber row (not a
        newsletter subscription: only the follow is confirmed by the mailed link)."""
        now = now or now_utc()
        email = email.lower()
        with self.engine.begin() as conn:
            insert_ignore(conn, subscribers, [{"email": email, "status": "pending", "created": now}], ["email"])
            sub_id = conn.execute(sa.select(subscribers.c.id).where(subscribers.c.email == email)).scalar_one()
            insert_ignore(
                conn, story_follows,
                [{"subscriber_id": sub_id, "story_id": story_id, "status": "pending", "created": now, "seen_seq": seen_seq}],
                ["subscriber_id", "story_id"],
            )
            where = (story_follows.c.subscriber_id == sub_id) & (story_follows.c.story_id == story_id)
            row = conn.execute(_select().where(where)).one()
            if row.status == "active":
                return FollowRequest("already", _follow(row))
            recent = conn.execute(
                sa.select(sa.func.count()).select_from(story_follows)
                .where(story_follows.c.subscriber_id == sub_id, story_follows.c.last_mailed >= now - ADDRESS_WINDOW)
            ).scalar_one()
            last = utc(row.last_mailed)
            if (last is not None and now - last < cooldown) or recent >= ADDRESS_MAILS:
                return FollowRequest("cooldown", _follow(row))
            changes: dict[str, Any] = {"status": "pending", "nonce": secrets.token_urlsafe(12), "last_mailed": now}
            if row.status != "pending":  # unfollowed or moved: following again starts from now
                changes["seen_seq"] = seen_seq
            conn.execute(story_follows.update().where(story_follows.c.id == row.id).values(**changes))
            row = conn.execute(_select().where(story_follows.c.id == row.id)).one()
        return FollowRequest("confirm", _follow(row))

    def confirm_follow(self, follow_id: int, nonce: str, now: datetime | None = None) -> Follow | None:
        """From a mailed link: the follow, or None when the link is stale (a newer one was
        sent, or the reader unfollowed since). Opening it again after confirming is fine."""
        with self.engine.begin() as conn:
            row = conn.execute(_select().where(story_follows.c.id == follow_id)).first()
            if row is None:
                return None
            if row.status == "active" and nonce and secrets.compare_digest(row.nonce, nonce):
                return _follow(row)
            if row.status != "pending" or not nonce or not secrets.compare_digest(row.nonce, nonce):
                return None
            conn.execute(
                story_follows.update().where(story_follows.c.id == follow_id)
                .values(status="active", confirmed=now or now_utc(), unfollowed=None)
            )
            row = conn.execute(_select().where(story_follows.c.id == follow_id)).one()
        return _follow(row)

    def unfollow(self, follow_id: int, now: datetime | None = None) -> bool:
        """True when the follow exists (unfollowing twice is fine); old confirm links die."""
        with self.engine.begin() as conn:
            status = conn.execute(sa.select(story_follows.c.status).where(story_follows.c.id == follow_id)).scalar()
            if status is None:
                return False
            if status in ("pending", "active"):
                conn.execute(
                    story_follows.update().where(story_follows.c.id == follow_id)
                    .values(status="unfollowed", unfollowed=now or now_utc(), nonce="")
                )
        return True

    def count_follows(self, status: str | None = "active") -> int:
        q = sa.select(sa.func.count()).select_from(story_follows)
        if status is not None:
            q = q.where(story_follows.c.status == status)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def move_merged_follows(self) -> int:
        """Move follows of merged stories to the story they went into; returns how many moved.

        When the reader already has a follow of the kept story, that one stays, taking the
        stronger status of the two (active over pending over unfollowed); the moved one
        is kept as ``moved`` so its send log stays.
        """
        moved = 0
        with self.engine.begin() as conn:
            rows = conn.execute(
                sa.select(story_follows, stories.c.merged_into)
                .join(stories, stories.c.id == story_follows.c.story_id)
                .where(stories.c.status == "merged", story_follows.c.status != "moved")
            ).all()
            for row in rows:
                target, seen = row.merged_into, {row.story_id}
                for _ in range(20):  # follow a chain of merges, bounded
                    nxt = conn.execute(
                        sa.select(stories.c.merged_into).where(stories.c.id == target, stories.c.status == "merged")
                    ).scalar()
                    if nxt is None or nxt in seen:
                        break
                    seen.add(target)
                    target = nxt
                if target is None or target in seen:
                    continue
                other = conn.execute(
                    sa.select(story_follows).where(
                        story_follows.c.subscriber_id == row.subscriber_id, story_follows.c.story_id == target
                    )
                ).first()
                if other is None:
                    conn.execute(story_follows.update().where(story_follows.c.id == row.id).values(story_id=target))
                else:
                    if _RANK[row.status] > _RANK[other.status]:
                        conn.execute(
                            story_follows.update().where(story_follows.c.id == other.id)
                            .values(status=row.status, nonce=row.nonce, seen_seq=row.seen_seq, confirmed=row.confirmed)
                        )
                    conn.execute(story_follows.update().where(story_follows.c.id == row.id).values(status="moved", nonce=""))
                moved += 1
        return moved

    # ------------------------------------------------------------------ deliveries

    def claim_follow_delivery(
        self, follow_id: int, from_seq: int, upto_seq: int, *, story_id: int, items: int, by: str,
        now: datetime | None = None,
    ) -> bool:
        """Move the follow's mark from ``from_seq`` to ``upto_seq`` and log the mail, before
        sending it. False when the mark moved meanwhile (another sender has this mail)."""
        with self.engine.begin() as conn:
            won = conn.execute(
                story_follows.update()
                .where(story_follows.c.id == follow_id, story_follows.c.seen_seq == from_seq,
                       story_follows.c.status == "active")
                .values(seen_seq=upto_seq)
            ).rowcount
            if won != 1:
                return False
            # The compare-and-set above is the claim; this row is its record (upsert: a
            # row left by an older, released claim of the same mark is replaced).
            upsert(conn, follow_deliveries, [{
                "follow_id": follow_id, "upto_seq": upto_seq, "from_seq": from_seq, "story_id": story_id,
                "items": items, "claimed": now or now_utc(), "claimed_by": by[:120], "sent": None,
            }], ["follow_id", "upto_seq"])
        return True

    def mark_follow_sent(self, follow_id: int, upto_seq: int, now: datetime | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                follow_deliveries.update()
                .where(follow_deliveries.c.follow_id == follow_id, follow_deliveries.c.upto_seq == upto_seq)
                .values(sent=now or now_utc())
            )

    def release_follow_delivery(self, follow_id: int, upto_seq: int) -> None:
        """The SMTP server refused the mail: forget the claim and put the mark back, so a
        later send tells the follower (then with whatever else arrived since)."""
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(follow_deliveries.c.from_seq)
                .where(follow_deliveries.c.follow_id == follow_id, follow_deliveries.c.upto_seq == upto_seq,
                       follow_deliveries.c.sent.is_(None))
            ).first()
            if row is None:
                return
            conn.execute(
                follow_deliveries.delete()
                .where(follow_deliveries.c.follow_id == follow_id, follow_deliveries.c.upto_seq == upto_seq)
            )
            conn.execute(
                story_follows.update()
                .where(story_follows.c.id == follow_id, story_follows.c.seen_seq == upto_seq)
                .values(seen_seq=row.from_seq)
            )

    def unsent_follow_deliveries(self) -> list[FollowDelivery]:
        """Claimed mails not known to be sent: in progress elsewhere, or left by a dead sender."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(follow_deliveries).where(follow_deliveries.c.sent.is_(None))
                .order_by(follow_deliveries.c.claimed)
            ).all()
        return [_delivery(r) for r in rows]

    def follow_deliveries(self, follow_id: int) -> list[FollowDelivery]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(follow_deliveries).where(follow_deliveries.c.follow_id == follow_id)
                .order_by(follow_deliveries.c.upto_seq)
            ).all()
        return [_delivery(r) for r in rows]

    def retake_follow_delivery(self, d: FollowDelivery, by: str, now: datetime | None = None) -> bool:
        """Take over a dead sender's claim (compare-and-set on who held it, and since when)."""
        with self.engine.begin() as conn:
            return bool(conn.execute(
                follow_deliveries.update().where(
                    follow_deliveries.c.follow_id == d.follow_id, follow_deliveries.c.upto_seq == d.upto_seq,
                    follow_deliveries.c.claimed_by == d.claimed_by, follow_deliveries.c.sent.is_(None),
                ).values(claimed_by=by[:120], claimed=now or now_utc())
            ).rowcount)
