"""The current schema (SQLAlchemy Core). A fresh database is created from it and stamped
at the newest migration; older databases are brought up to it by ``migrations/``."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
TS = sa.DateTime(timezone=True)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("homepage", sa.Text, nullable=False, server_default=""),
    sa.Column("language", sa.String(16), nullable=False, server_default="en"),
    sa.Column("weight", sa.Float, nullable=False, server_default="1.0"),
    sa.Column("labels", sa.JSON, nullable=False, default=list),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("last_fetched", TS),
    sa.Column("last_status", sa.String(32)),
    sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text),
    sa.Column("last_new_articles", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created", TS, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),  # arrival order (ns clock), for stable paging and export
    sa.Column("url", sa.Text, unique=True),  # canonical URL; NULL for imported articles without one
    sa.Column("source", sa.Text, nullable=False, server_default=""),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="SET NULL")),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("author", sa.Text, nullable=False, server_default=""),
    sa.Column("published", TS),
    sa.Column("utc_offset_minutes", sa.Integer),  # the outlet's offset when it published; NULL if unknown
    sa.Column("fetched", TS),
    sa.Column("language", sa.String(16), nullable=False, server_default="en"),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("duplicate_of", sa.String(200)),
    sa.Column("story_id", sa.Integer, index=True),
    sa.Column("stage", sa.String(16), nullable=False, server_default="new"),  # new → analysed → clustered
    sa.Index("ix_articles_stage", "stage"),
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_seq", "seq"),
)

analyses = sa.Table(
    "analyses",
    metadata,
    sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("language", sa.String(16), nullable=False, server_default="en"),
    sa.Column("sentences", sa.JSON, nullable=False),  # [[start, end], ...]
    sa.Column("entities", sa.JSON, nullable=False),  # [[text, label, start, end], ...]
    sa.Column("quotes", sa.JSON, nullable=False),  # [{text, start, end, speaker, role, verb}, ...]
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("first_seen", TS),
    sa.Column("last_seen", TS),
    sa.Column("article_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("outlet_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("independent_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("trend_score", sa.Float, nullable=False, server_default="0"),
    sa.Column("status", sa.String(16), nullable=False, server_default="active"),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("merged_into", sa.Integer),
    sa.Column("changed", sa.Boolean, nullable=False, server_default=sa.true()),  # needs a (re)write
    sa.Index("ix_stories_last_seen", "last_seen"),
)

# The next free id of each counter ("stories"): clustering partitions that run at once take
# disjoint blocks from it under the row's lock, where max(id) + 1 would hand both the same id.
id_counters = sa.Table(
    "id_counters",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("next_id", sa.Integer, nullable=False),
)

digests = sa.Table(
    "digests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("story_id", sa.Integer, nullable=False, unique=True),
    sa.Column("slug", sa.String(200), nullable=False, unique=True),
    sa.Column("headline", sa.Text, nullable=False),
    sa.Column("lede", sa.Text, nullable=False),
    sa.Column("paragraphs", sa.JSON, nullable=False),
    sa.Column("quotes", sa.JSON, nullable=False),
    sa.Column("relevant_articles", sa.JSON, nullable=False),
    sa.Column("entities", sa.JSON, nullable=False, default=list),
    sa.Column("people", sa.JSON),  # which of entities are people; NULL for digests written before 0008
    sa.Column("published", TS, nullable=False),
    sa.Column("updated", TS, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("writer", sa.String(64), nullable=False, server_default="extractive"),
    sa.Column("writer_note", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(16), nullable=False, server_default="published"),
    sa.Index("ix_digests_published", "published"),
)

digest_versions = sa.Table(
    "digest_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id", ondelete="CASCADE"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created", TS, nullable=False),
    sa.Column("writer", sa.String(64), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.UniqueConstraint("digest_id", "version"),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("started", TS, nullable=False),
    sa.Column("finished", TS),
    sa.Column("status", sa.String(16), nullable=False, server_default="running"),
    sa.Column("stats", sa.JSON, nullable=False, default=dict),
)

run_sources = sa.Table(
    "run_sources",
    metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("entries", sa.Integer, nullable=False, server_default="0"),
    sa.Column("new_articles", sa.Integer, nullable=False, server_default="0"),
    sa.Column("dropped", sa.JSON, nullable=False, default=dict),  # reason -> count
    sa.Column("error", sa.Text),
)

# Tables of the site's readers (comments, subscribers) and editors (users, edits) live in
# their own modules on the same metadata.
from . import schema_admin, schema_corrections, schema_reader, schema_trust  # noqa: E402,F401
