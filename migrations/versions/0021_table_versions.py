"""a change counter per table, for results cached until what they read changes

Revision ID: 0021_table_versions
Revises: 0020_invitation_placement
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_table_versions"
down_revision = "0020_invitation_placement"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "table_versions",
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_table_versions")),
    )


def downgrade():
    op.drop_table("table_versions")
