"""ambassador routes and programme goals per digital tool

Revision ID: 0006_ambassador_routes
Revises: 0005_mentor_requests
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_ambassador_routes"
down_revision = "0005_mentor_requests"
branch_labels = None
depends_on = None

OPEN = sa.text("status = 'open'")


def upgrade():
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tool_goals", sa.JSON(), server_default=sa.text("'{}'"), nullable=False)
        )
    op.create_table(
        "ambassador_routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("ambassador_id", sa.Integer(), nullable=False),
        sa.Column("tool", sa.String(length=80), nullable=False),
        sa.Column("level_before", sa.Integer(), nullable=False),
        sa.Column("goal", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ambassador_id"],
            ["users.id"],
            name=op.f("fk_ambassador_routes_ambassador_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["users.id"],
            name=op.f("fk_ambassador_routes_learner_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_ambassador_routes_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ambassador_routes")),
    )
    with op.batch_alter_table("ambassador_routes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ambassador_routes_ambassador_id"), ["ambassador_id"], unique=False
        )
        batch_op.create_index(
            "uq_ambassador_routes_open",
            ["learner_id", "tool"],
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )


def downgrade():
    with op.batch_alter_table("ambassador_routes", schema=None) as batch_op:
        batch_op.drop_index("uq_ambassador_routes_open", sqlite_where=OPEN, postgresql_where=OPEN)
        batch_op.drop_index(batch_op.f("ix_ambassador_routes_ambassador_id"))
    op.drop_table("ambassador_routes")
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_column("tool_goals")
