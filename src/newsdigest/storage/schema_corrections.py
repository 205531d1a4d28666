"""Tables for corrections: readers' error reports and, once an editor accepts one, the
public correction note shown under the digest and on ``/corrections/``.

A reporter's email address is kept only so an editor can ask back; it is never shown
on the site. The client address is kept only as an HMAC (as for comments).
"""

from __future__ import annotations

import sqlalchemy as sa

from .schema import TS, metadata

error_reports = sa.Table(
    "error_reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),  # wrong_fact|misattributed_quote|wrong_grouping|outdated
    sa.Column("details", sa.Text, nullable=False),  # as typed (control characters removed); escaped when shown
    sa.Column("email", sa.String(254)),  # optional; for editors only, never rendered on public pages
    sa.Column("ip_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),  # pending|accepted|rejected
    sa.Column("created", TS, nullable=False),
    sa.Column("resolved", TS),
    sa.Column("resolved_by", sa.String(64)),
    sa.Column("note", sa.Text),  # the public correction note, when accepted
    sa.Column("version", sa.Integer),  # the digest version the correction produced (None: note only)
    sa.Index("ix_error_reports_status", "status", "created"),
    sa.Index("ix_error_reports_digest", "digest_id", "status"),
)
