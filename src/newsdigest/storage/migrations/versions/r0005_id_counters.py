"""``id_counters``: story ids taken in blocks, so clustering partitions never clash."""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsdigest.storage.schema import id_counters

    # The counter row is made on first use, starting above the stories already stored.
    id_counters.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    op.drop_table("id_counters")
