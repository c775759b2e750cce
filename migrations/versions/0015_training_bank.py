"""training bank

Revision ID: 0015_training_bank
Revises: 0016_account_mail_invitations


"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015_training_bank"
down_revision = "0016_account_mail_invitations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "trainings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("tool", sa.String(length=100), nullable=False),
        sa.Column("tool_key", sa.String(length=100), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("steps", sa.Text(), nullable=False),
        sa.Column("video_link", sa.String(length=500), nullable=False),
        sa.Column("attachment_name", sa.String(length=200), nullable=False),
        sa.Column("attachment_key", sa.String(length=64), nullable=False),
        sa.Column("attachment_type", sa.String(length=40), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("questions_per_attempt", sa.Integer(), nullable=False),
        sa.Column("time_limit_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_trainings_level_range")),
        sa.CheckConstraint("minutes BETWEEN 1 AND 240", name=op.f("ck_trainings_minutes_range")),
        sa.CheckConstraint("pass_mark >= 1", name=op.f("ck_trainings_pass_mark_positive")),
        sa.CheckConstraint(
            "questions_per_attempt BETWEEN 1 AND 30", name=op.f("ck_trainings_questions_range")
        ),
        sa.CheckConstraint(
            "time_limit_minutes BETWEEN 1 AND 240", name=op.f("ck_trainings_time_limit_range")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_trainings_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_trainings_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainings")),
    )
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.create_index("ix_trainings_programme_tool", ["programme_id", "tool_key"], unique=False)

    op.create_table(
        "training_completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_training_completions_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["trainings.id"],
            name=op.f("fk_training_completions_training_id_trainings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_training_completions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_completions")),
        sa.UniqueConstraint(
            "user_id", "training_id", name=op.f("uq_training_completions_user_id_training_id")
        ),
    )
    with op.batch_alter_table("training_completions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_training_completions_programme_at", ["programme_id", "completed_at"], unique=False
        )

    op.create_table(
        "training_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("difficulty", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('single', 'multiple')", name=op.f("ck_training_questions_kind_known")
        ),
        sa.CheckConstraint(
            "difficulty BETWEEN 1 AND 3", name=op.f("ck_training_questions_difficulty_range")
        ),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["trainings.id"],
            name=op.f("fk_training_questions_training_id_trainings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_questions")),
    )
    with op.batch_alter_table("training_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_questions_training_id"), ["training_id"], unique=False
        )

    op.create_table(
        "test_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("deadline_at", sa.DateTime(), nullable=False),
        sa.Column("current_question_id", sa.Integer(), nullable=True),
        sa.Column("asked", sa.Integer(), nullable=False),
        sa.Column("total_questions", sa.Integer(), nullable=False),
        sa.Column("target_difficulty", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.CheckConstraint(
            "target_difficulty BETWEEN 1 AND 3", name=op.f("ck_test_attempts_target_range")
        ),
        sa.ForeignKeyConstraint(
            ["current_question_id"],
            ["training_questions.id"],
            name=op.f("fk_test_attempts_current_question_id_training_questions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_test_attempts_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["trainings.id"],
            name=op.f("fk_test_attempts_training_id_trainings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_test_attempts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_test_attempts")),
    )
    with op.batch_alter_table("test_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_test_attempts_user_training", ["user_id", "training_id"], unique=False
        )

    op.create_table(
        "training_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["training_questions.id"],
            name=op.f("fk_training_options_question_id_training_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_options")),
    )
    with op.batch_alter_table("training_options", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_options_question_id"), ["question_id"], unique=False
        )

    op.create_table(
        "attempt_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("chosen", sa.JSON(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["test_attempts.id"],
            name=op.f("fk_attempt_answers_attempt_id_test_attempts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["training_questions.id"],
            name=op.f("fk_attempt_answers_question_id_training_questions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempt_answers")),
        sa.UniqueConstraint(
            "attempt_id", "position", name=op.f("uq_attempt_answers_attempt_id_position")
        ),
    )
    with op.batch_alter_table("attempt_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attempt_answers_attempt_id"), ["attempt_id"], unique=False
        )

    op.create_table(
        "verified_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("tool_key", sa.String(length=100), nullable=False),
        sa.Column("tool", sa.String(length=100), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=True),
        sa.Column("verified_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_verified_levels_level_range")),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["test_attempts.id"],
            name=op.f("fk_verified_levels_attempt_id_test_attempts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_verified_levels_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_verified_levels_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verified_levels")),
        sa.UniqueConstraint(
            "user_id",
            "programme_id",
            "tool_key",
            name=op.f("uq_verified_levels_user_id_programme_id_tool_key"),
        ),
    )
    with op.batch_alter_table("feedback_answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("training_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_feedback_answers_user_id_training_id"), ["user_id", "training_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_feedback_answers_training_id_trainings"),
            "trainings",
            ["training_id"],
            ["id"],
            ondelete="SET NULL",
        )



def downgrade():
    with op.batch_alter_table("feedback_answers", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_feedback_answers_training_id_trainings"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("uq_feedback_answers_user_id_training_id"), type_="unique"
        )
        batch_op.drop_column("training_id")

    op.drop_table("verified_levels")
    with op.batch_alter_table("attempt_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attempt_answers_attempt_id"))

    op.drop_table("attempt_answers")
    with op.batch_alter_table("training_options", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_options_question_id"))

    op.drop_table("training_options")
    with op.batch_alter_table("test_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_test_attempts_user_training")

    op.drop_table("test_attempts")
    with op.batch_alter_table("training_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_questions_training_id"))

    op.drop_table("training_questions")
    with op.batch_alter_table("training_completions", schema=None) as batch_op:
        batch_op.drop_index("ix_training_completions_programme_at")

    op.drop_table("training_completions")
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.drop_index("ix_trainings_programme_tool")

    op.drop_table("trainings")
