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

# Each enrolment's latest event (same person, same cohort), as mentoring.activity.events keeps it.
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
    # The dashboards no longer probe events by programme: one index less to keep up per event.
    with op.batch_alter_table("activity_events", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_events_programme_user_at")
    op.create_table(
        "coordinator_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("read_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_coordinator_messages_cohort_id_cohorts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_coordinator_messages_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["read_by_id"],
            ["users.id"],
            name=op.f("fk_coordinator_messages_read_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_coordinator_messages_sender_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coordinator_messages")),
    )
    with op.batch_alter_table("coordinator_messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_coordinator_messages_programme_sent", ["programme_id", "sent_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_coordinator_messages_sender_id"), ["sender_id"], unique=False
        )
    op.create_table(
        "nudges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_nudges_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"], ["users.id"], name=op.f("fk_nudges_sent_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_nudges_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nudges")),
        sa.UniqueConstraint(
            "programme_id", "user_id", "day", name=op.f("uq_nudges_programme_id_user_id_day")
        ),
    )


def downgrade():
    op.drop_table("nudges")
    with op.batch_alter_table("activity_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activity_events_programme_user_at", ["programme_id", "user_id", "at"], unique=False
        )
    with op.batch_alter_table("coordinator_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coordinator_messages_sender_id"))
        batch_op.drop_index("ix_coordinator_messages_programme_sent")
    op.drop_table("coordinator_messages")
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_column("last_activity_at")
