"""Tables for editors' corrections of grouping: which articles must, or must never,
share a story. The clusterer reads them on every run, so a correction outlives it."""

from __future__ import annotations

import sqlalchemy as sa

from .schema import TS, metadata

# One row per unordered pair, stored with article_a < article_b so a pair is recorded
# once whichever way round it was given.
story_constraints = sa.Table(
    "story_constraints",
    metadata,
    sa.Column("article_a", sa.String(200), primary_key=True),
    sa.Column("article_b", sa.String(200), primary_key=True),
    sa.Column("kind", sa.String(8), nullable=False),  # must | cannot
    sa.Column("created", TS, nullable=False),
    sa.Column("by", sa.String(64), nullable=False, server_default=""),  # editor name, or "cli"
    sa.Index("ix_story_constraints_b", "article_b"),
)

TABLES = (story_constraints,)


def create_trust_tables(conn: sa.Connection) -> None:
    """For a migration revision that brings an existing database up to these tables
    (a fresh database gets them from create_all)."""
    metadata.create_all(conn, tables=list(TABLES), checkfirst=True)
