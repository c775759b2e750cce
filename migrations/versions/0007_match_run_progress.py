"""progress of matching runs that work in the background

Revision ID: 0007_match_run_progress
Revises: 0006_ambassador_routes
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_match_run_progress"
down_revision = "0006_ambassador_routes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("match_runs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("progress", sa.String(length=40), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("match_runs", schema=None) as batch_op:
        batch_op.drop_column("progress")
