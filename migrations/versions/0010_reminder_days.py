"""per-programme check-in interval and inactivity nudge days

Revision ID: 0010_reminder_days
Revises: 0009_trust
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_reminder_days"
down_revision = "0009_trust"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("engagement_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("check_in_days", sa.Integer(), server_default="14", nullable=False)
        )
        batch_op.add_column(
            sa.Column("nudge_days", sa.Integer(), server_default="7", nullable=False)
        )
        batch_op.create_check_constraint("check_in_days_range", "check_in_days BETWEEN 3 AND 60")
        batch_op.create_check_constraint("nudge_days_range", "nudge_days BETWEEN 2 AND 30")


def downgrade():
    with op.batch_alter_table("engagement_settings", schema=None) as batch_op:
        batch_op.drop_constraint("nudge_days_range", type_="check")
        batch_op.drop_constraint("check_in_days_range", type_="check")
        batch_op.drop_column("nudge_days")
        batch_op.drop_column("check_in_days")
