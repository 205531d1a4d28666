"""``host_pacing``: per-host request turns shared by every Celery worker."""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsdigest.storage.schema_pacing import create_pacing_tables

    create_pacing_tables(op.get_bind())


def downgrade() -> None:
    op.drop_table("host_pacing")
