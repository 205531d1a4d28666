"""Readers' and editors' tables (comments, subscribers, newsletter, users, sessions,
edits, error reports, story constraints) and ``digests.writer_note``, for databases
created at the baseline before these existed."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsdigest.storage.schema import metadata

    bind = op.get_bind()
    existing = set(sa.inspect(bind).get_table_names())
    missing = [t for t in metadata.sorted_tables if t.name not in existing]
    metadata.create_all(bind, tables=missing)
    columns = {c["name"] for c in sa.inspect(bind).get_columns("digests")}
    if "writer_note" not in columns:
        op.add_column("digests", sa.Column("writer_note", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("digests", "writer_note")
