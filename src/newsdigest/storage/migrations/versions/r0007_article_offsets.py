"""``articles.utc_offset_minutes``: the outlet's UTC offset when it published, so a digest
can say the weekday of a reporter's "today" where the article was written."""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("articles")}
    if "utc_offset_minutes" not in columns:  # a database made by 0002 from today's schema has it
        op.add_column("articles", sa.Column("utc_offset_minutes", sa.Integer))


def downgrade() -> None:
    op.drop_column("articles", "utc_offset_minutes")
