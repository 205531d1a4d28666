"""``digests.people``: which of a digest's names are people, as the tagger labelled them, so
the topics page files a person under people though nobody quoted them."""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("digests")}
    if "people" not in columns:  # a database made by 0002 from today's schema has it
        op.add_column("digests", sa.Column("people", sa.JSON))


def downgrade() -> None:
    op.drop_column("digests", "people")
