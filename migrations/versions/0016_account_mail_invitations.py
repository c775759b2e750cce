"""account emails through the outbox (also to addresses without an account); cohort invitations

Revision ID: 0016_account_mail_invitations
Revises: 0018_conversations
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_account_mail_invitations"
down_revision = "0018_conversations"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.String(length=254), nullable=True))
        batch_op.alter_column("recipient_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(
            "recipient_or_address", "(recipient_id IS NULL) <> (address IS NULL)"
        )
    op.create_table(
        "cohort_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_cohort_invitations_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_cohort_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_cohort_invitations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort_invitations")),
        sa.UniqueConstraint(
            "cohort_id", "user_id", name=op.f("uq_cohort_invitations_cohort_id_user_id")
        ),
    )
    op.create_index(
        op.f("ix_cohort_invitations_user_id"), "cohort_invitations", ["user_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_cohort_invitations_user_id"), table_name="cohort_invitations")
    op.drop_table("cohort_invitations")
    op.execute("DELETE FROM outbox_messages WHERE recipient_id IS NULL")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint("recipient_or_address", type_="check")
        batch_op.alter_column("recipient_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("address")
