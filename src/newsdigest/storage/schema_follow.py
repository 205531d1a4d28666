"""Tables for readers who follow one story by email ("Follow this story").

A follow is one (subscriber, story) pair with its own double opt-in nonce and its
high-water mark ``seen_seq``: the newest ``articles.seq`` (arrival order) of the story
that the follower has been told about, or that the story had when they asked to follow.
Every "What's new" mail is claimed in ``follow_deliveries`` before it is sent, together
with moving the mark, so a rerun after a crash neither loses nor repeats a mail.
"""

from __future__ import annotations

import sqlalchemy as sa

from .schema import TS, metadata

story_follows = sa.Table(
    "story_follows",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id", ondelete="CASCADE"), nullable=False),
    sa.Column("story_id", sa.Integer, nullable=False),  # no FK: merges move follows lazily (see FollowStore)
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),  # pending|active|unfollowed|moved
    sa.Column("nonce", sa.String(32), nullable=False, server_default=""),  # in the newest confirmation link
    sa.Column("seen_seq", sa.BigInteger, nullable=False, server_default="0"),  # high-water mark (articles.seq)
    sa.Column("created", TS, nullable=False),
    sa.Column("confirmed", TS),
    sa.Column("unfollowed", TS),
    sa.Column("last_mailed", TS),  # newest confirmation mail: the per-follow cooldown
    sa.UniqueConstraint("subscriber_id", "story_id", name="uq_story_follows_pair"),
    sa.Index("ix_story_follows_story", "story_id", "status"),
)

follow_deliveries = sa.Table(
    "follow_deliveries",
    metadata,
    sa.Column("follow_id", sa.Integer, sa.ForeignKey("story_follows.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("upto_seq", sa.BigInteger, primary_key=True),  # the mark after this mail
    sa.Column("from_seq", sa.BigInteger, nullable=False),  # the mark before it: items in (from, upto]
    sa.Column("story_id", sa.Integer, nullable=False),
    sa.Column("items", sa.Integer, nullable=False, server_default="0"),
    sa.Column("claimed", TS, nullable=False),
    sa.Column("claimed_by", sa.String(120), nullable=False, server_default=""),  # host:pid of the sender
    sa.Column("sent", TS),  # NULL: claimed, not known to be sent (a sender died or is sending now)
    sa.Index("ix_follow_deliveries_unsent", "sent"),
)

TABLES = (story_follows, follow_deliveries)


def create_follow_tables(conn: sa.Connection) -> None:
    """For the migration that brings an existing database up to these tables."""
    metadata.create_all(conn, tables=list(TABLES), checkfirst=True)
