"""Full-text search over digests: an FTS5 table with sync triggers on SQLite, a GIN
``to_tsvector('english', …)`` expression index on PostgreSQL (see ``storage.search``)."""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsdigest.storage.search import ensure_search_index

    ensure_search_index(op.get_bind())


def downgrade() -> None:
    from newsdigest.storage.search import drop_search_index

    drop_search_index(op.get_bind())
