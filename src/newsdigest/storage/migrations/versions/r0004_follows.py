""""Follow this story" by email: ``story_follows`` and ``follow_deliveries``."""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsdigest.storage.schema_follow import create_follow_tables

    create_follow_tables(op.get_bind())


def downgrade() -> None:
    op.drop_table("follow_deliveries")
    op.drop_table("story_follows")
