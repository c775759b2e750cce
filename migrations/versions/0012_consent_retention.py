"""consent records and retention periods

Revision ID: 0012_consent_retention
Revises: 0011_engagement_activity
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_consent_retention"
down_revision = "0011_engagement_activity"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("given_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('terms', 'attributes')", name=op.f("ck_consents_purpose_known")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_consents_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index("ix_consents_user_id_purpose", ["user_id", "purpose"], unique=False)
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retention_months", sa.Integer(), server_default="24", nullable=False)
        )
        batch_op.create_check_constraint(
            "retention_months_range", "retention_months BETWEEN 6 AND 120"
        )


def downgrade():
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_constraint("retention_months_range", type_="check")
        batch_op.drop_column("retention_months")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index("ix_consents_user_id_purpose")
    op.drop_table("consents")
