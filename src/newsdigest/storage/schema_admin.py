"""Tables for editors: users, sessions, login failures, API tokens, edits, digest flags.

Secrets are never stored as given: passwords as argon2 hashes, session ids and API tokens
as SHA-256 digests (they are long random strings, so a fast hash is enough).
"""

from __future__ import annotations

import sqlalchemy as sa

from .schema import TS, metadata

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),  # lower case, see auth.normal_name
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False, server_default="editor"),  # editor, admin
    sa.Column("created", TS, nullable=False),
    sa.Column("last_login", TS),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
)

admin_sessions = sa.Table(
    "admin_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),  # sha256 hex of the cookie's session id
    sa.Column(
        "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("created", TS, nullable=False),
    sa.Column("last_seen", TS, nullable=False),
    sa.Column("expires", TS, nullable=False),
    sa.Column("ip", sa.String(64), nullable=False, server_default=""),
)

# Keyed by the name typed, whether or not such a user exists: a lockout that only real
# accounts could reach would tell who has one.
login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_failure", TS, nullable=False),
    sa.Column("locked_until", TS),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("label", sa.String(100), nullable=False, server_default=""),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("prefix", sa.String(16), nullable=False),  # first characters, to tell tokens apart in lists
    sa.Column("created", TS, nullable=False),
    sa.Column("last_used", TS),
    sa.Column("revoked", TS),
)

# Who changed what and when. ``version`` is the digest version the action left behind
# (for pin/rewrite, which make no new version, the version current at the time).
edits = sa.Table(
    "edits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id", ondelete="CASCADE")),
    sa.Column("story_id", sa.Integer, nullable=False, index=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("user_name", sa.String(64), nullable=False),  # kept when the user is deleted
    sa.Column("via", sa.String(16), nullable=False, server_default="admin"),  # admin page or api
    sa.Column("at", TS, nullable=False),
    sa.Column("action", sa.String(32), nullable=False),  # edit, publish, unpublish, pin, unpin, rewrite
    sa.Column("version", sa.Integer),
    sa.Column("detail", sa.JSON, nullable=False, default=dict),
)

# Per-digest editorial state that is not content (so not in digest versions).
# ``edited_paragraphs`` are the indices an editor changed in version ``edited_version``;
# once the pipeline rewrites the digest (a newer version) they no longer apply.
digest_flags = sa.Table(
    "digest_flags",
    metadata,
    sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("pinned", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("pinned_at", TS),
    sa.Column("edited_paragraphs", sa.JSON, nullable=False, default=list),
    sa.Column("edited_version", sa.Integer),
)

TABLES = (users, admin_sessions, login_failures, api_tokens, edits, digest_flags)


def create_admin_tables(conn: sa.Connection) -> None:
    """For a migration revision that brings an existing database up to these tables:
    ``create_admin_tables(op.get_bind())`` (a fresh database gets them from create_all)."""
    metadata.create_all(conn, tables=list(TABLES), checkfirst=True)
