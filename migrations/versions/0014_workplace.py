"""organisations, units, occupations, managers, knowledge goals and self-assessments

Revision ID: 0014_workplace
Revises: 0013_two_factor
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_workplace"
down_revision = "0013_two_factor"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    op.create_table(
        "org_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_org_units_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["org_units.id"],
            name=op.f("fk_org_units_parent_id_org_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_units")),
        sa.UniqueConstraint(
            "organisation_id",
            "parent_id",
            "name",
            name=op.f("uq_org_units_organisation_id_parent_id_name"),
        ),
    )
    with op.batch_alter_table("org_units", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_org_units_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_org_units_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "assessment_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_assessment_rounds_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_rounds")),
        sa.UniqueConstraint(
            "programme_id", "number", name=op.f("uq_assessment_rounds_programme_id_number")
        ),
    )
    with op.batch_alter_table("assessment_rounds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_rounds_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "manager_units",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["org_units.id"],
            name=op.f("fk_manager_units_unit_id_org_units"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_manager_units_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "unit_id", name=op.f("pk_manager_units")),
    )
    with op.batch_alter_table("manager_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_manager_units_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "occupations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_occupations_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occupations")),
        sa.UniqueConstraint("programme_id", "name", name=op.f("uq_occupations_programme_id_name")),
    )
    with op.batch_alter_table("occupations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_occupations_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "knowledge_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("occupation_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("tool", sa.String(length=80), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "level >= 1 AND level <= 5", name=op.f("ck_knowledge_goals_level_range")
        ),
        sa.ForeignKeyConstraint(
            ["occupation_id"],
            ["occupations.id"],
            name=op.f("fk_knowledge_goals_occupation_id_occupations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_knowledge_goals_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["org_units.id"],
            name=op.f("fk_knowledge_goals_unit_id_org_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_goals")),
        sa.UniqueConstraint(
            "programme_id",
            "occupation_id",
            "unit_id",
            "tool",
            name=op.f("uq_knowledge_goals_programme_id_occupation_id_unit_id_tool"),
        ),
    )
    with op.batch_alter_table("knowledge_goals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_knowledge_goals_occupation_id"), ["occupation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_knowledge_goals_programme_id"), ["programme_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_knowledge_goals_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "self_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tool", sa.String(length=80), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "level >= 1 AND level <= 5", name=op.f("ck_self_assessments_level_range")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_rounds.id"],
            name=op.f("fk_self_assessments_round_id_assessment_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_self_assessments_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_assessments")),
        sa.UniqueConstraint(
            "round_id", "user_id", "tool", name=op.f("uq_self_assessments_round_id_user_id_tool")
        ),
    )
    with op.batch_alter_table("self_assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_assessments_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("occupation_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_enrollments_occupation_id"), ["occupation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_enrollments_unit_id"), ["unit_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_enrollments_occupation_id_occupations"),
            "occupations",
            ["occupation_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_enrollments_unit_id_org_units"),
            "org_units",
            ["unit_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_programmes_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_programmes_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_programmes_organisation_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_programmes_organisation_id"))
        batch_op.drop_column("organisation_id")

    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_enrollments_unit_id_org_units"), type_="foreignkey")
        batch_op.drop_constraint(
            batch_op.f("fk_enrollments_occupation_id_occupations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_enrollments_unit_id"))
        batch_op.drop_index(batch_op.f("ix_enrollments_occupation_id"))
        batch_op.drop_column("occupation_id")
        batch_op.drop_column("unit_id")

    with op.batch_alter_table("self_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_assessments_user_id"))

    op.drop_table("self_assessments")
    with op.batch_alter_table("knowledge_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_knowledge_goals_unit_id"))
        batch_op.drop_index(batch_op.f("ix_knowledge_goals_programme_id"))
        batch_op.drop_index(batch_op.f("ix_knowledge_goals_occupation_id"))

    op.drop_table("knowledge_goals")
    with op.batch_alter_table("occupations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_occupations_programme_id"))

    op.drop_table("occupations")
    with op.batch_alter_table("manager_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_manager_units_unit_id"))

    op.drop_table("manager_units")
    with op.batch_alter_table("assessment_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_rounds_programme_id"))

    op.drop_table("assessment_rounds")
    with op.batch_alter_table("org_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_org_units_parent_id"))
        batch_op.drop_index(batch_op.f("ix_org_units_organisation_id"))

    op.drop_table("org_units")
    op.drop_table("organisations")
