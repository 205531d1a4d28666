"""Tables for readers: comments, subscribers, newsletter issues and deliveries.

No reader's email address is kept with a comment (only an HMAC of it, to recognise a
returning commenter); subscribers' addresses are kept because mail must reach them.
"""

from __future__ import annotations

import sqlalchemy as sa

from .schema import TS, metadata

comments = sa.Table(
    "comments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id", ondelete="CASCADE"), nullable=False),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("comments.id", ondelete="CASCADE")),  # one level deep
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("email_hash", sa.String(64)),  # HMAC-SHA256(site key, address); NULL when none was given
    sa.Column("ip_hash", sa.String(64), nullable=False),  # HMAC of the client address, for moderators
    sa.Column("author_key", sa.String(64), nullable=False),  # email_hash, else ip_hash: "have we seen them"
    sa.Column("body", sa.Text, nullable=False),  # as typed; rendered and sanitized when shown
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),  # pending|published|spam|rejected
    sa.Column("flags", sa.JSON, nullable=False, default=list),  # why it waits: first_comment, links, duplicate
    sa.Column("created", TS, nullable=False),
    sa.Column("moderated", TS),
    sa.Index("ix_comments_digest", "digest_id", "status", "created"),
    sa.Index("ix_comments_author", "author_key", "status"),
    sa.Index("ix_comments_status", "status", "created"),
)

subscribers = sa.Table(
    "subscribers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254), nullable=False, unique=True),  # lower-cased
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),  # pending|confirmed|unsubscribed
    sa.Column("nonce", sa.String(32), nullable=False, server_default=""),  # in the newest confirmation link
    sa.Column("created", TS, nullable=False),
    sa.Column("confirmed", TS),
    sa.Column("unsubscribed", TS),
    sa.Column("last_mailed", TS),  # newest confirmation or sign-in mail: the per-address cooldown
    sa.Index("ix_subscribers_status", "status"),
)

newsletter_issues = sa.Table(
    "newsletter_issues",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),  # YYYY-MM-DD, UTC: at most one issue a day
    sa.Column("created", TS, nullable=False),
    sa.Column("digest_ids", sa.JSON, nullable=False),  # fixed when the issue starts, so a resumed send matches
    sa.Column("finished", TS),
)

newsletter_deliveries = sa.Table(
    "newsletter_deliveries",
    metadata,
    sa.Column("day", sa.String(10), sa.ForeignKey("newsletter_issues.day", ondelete="CASCADE"), primary_key=True),
    sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("sent", TS, nullable=False),
)
