"""cohort invitations carry the unit and occupation an import gives (applied on acceptance)

Revision ID: 0020_invitation_placement
Revises: 0019_assessment_placement
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_invitation_placement"
down_revision = "0019_assessment_placement"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cohort_invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("occupation_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_cohort_invitations_unit_id_org_units"),
            "org_units",
            ["unit_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_cohort_invitations_occupation_id_occupations"),
            "occupations",
            ["occupation_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("cohort_invitations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_cohort_invitations_occupation_id_occupations"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_cohort_invitations_unit_id_org_units"), type_="foreignkey"
        )
        batch_op.drop_column("occupation_id")
        batch_op.drop_column("unit_id")
