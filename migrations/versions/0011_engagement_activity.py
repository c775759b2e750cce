"""engagement: enrolment last activity, messages to coordinators, nudges

Revision ID: 0011_engagement_activity
Revises: 0010_reminder_days
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_engagement_activity"
down_revision = "0010_reminder_days"
branch_labels = None
depends_on = None

# Each enrolment's latest event (same person, same cohort), as mentoring.engagement.events keeps it.
BACKFILL_LAST_ACTIVITY = """
UPDATE enrollments SET last_activity_at = (
    SELECT max(activity_events.at) FROM activity_events
    WHERE activity_events.user_id = enrollments.user_id
      AND activity_events.cohort_id = enrollments.cohort_id
)
"""


def upgrade():
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_activity_at", sa.DateTime(), nullable=True))
    op.execute(BACKFILL_LAST_ACTIVITY)


def downgrade():
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_column("last_activity_at")
