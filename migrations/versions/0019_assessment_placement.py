"""self-assessments carry the person's unit, occupation and goal (for the heatmaps)

Revision ID: 0019_assessment_placement
Revises: 0017_secrets_at_rest
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_assessment_placement"
down_revision = "0017_secrets_at_rest"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("self_assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("occupation_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("goal", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_self_assessments_unit_id"), ["unit_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_self_assessments_occupation_id_occupations"),
            "occupations",
            ["occupation_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_self_assessments_unit_id_org_units"),
            "org_units",
            ["unit_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("self_assessments", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_self_assessments_unit_id_org_units"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_self_assessments_occupation_id_occupations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_self_assessments_unit_id"))
        batch_op.drop_column("goal")
        batch_op.drop_column("occupation_id")
        batch_op.drop_column("unit_id")
