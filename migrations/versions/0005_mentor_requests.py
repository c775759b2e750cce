"""mentor requests for mentee-choice programmes

Revision ID: 0005_mentor_requests
Revises: 0004_notifications
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_mentor_requests"
down_revision = "0004_notifications"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade():
    op.create_table(
        "mentor_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("next_choices", sa.JSON(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_mentor_requests_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["users.id"],
            name=op.f("fk_mentor_requests_mentee_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["users.id"],
            name=op.f("fk_mentor_requests_mentor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_requests")),
    )
    with op.batch_alter_table("mentor_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mentor_requests_mentor_id"), ["mentor_id"], unique=False
        )
        batch_op.create_index(
            "uq_mentor_requests_pending_mentee",
            ["mentee_id"],
            unique=True,
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        )


def downgrade():
    with op.batch_alter_table("mentor_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_mentor_requests_pending_mentee", sqlite_where=PENDING, postgresql_where=PENDING
        )
        batch_op.drop_index(batch_op.f("ix_mentor_requests_mentor_id"))
    op.drop_table("mentor_requests")
