"""Trainings of the bank, their test questions, completions, test attempts and verified levels."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.users.models import User

QUESTION_KINDS = ("single", "multiple")
DIFFICULTIES = (1, 2, 3)


class Training(db.Model):
    """A short training on one tool at one level, published in a programme's bank."""

    __tablename__ = "trainings"
    __table_args__ = (
        sa.CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
        sa.CheckConstraint("minutes BETWEEN 1 AND 240", name="minutes_range"),
        sa.CheckConstraint("pass_mark >= 1", name="pass_mark_positive"),
        sa.CheckConstraint("questions_per_attempt BETWEEN 1 AND 30", name="questions_range"),
        sa.CheckConstraint("time_limit_minutes BETWEEN 1 AND 240", name="time_limit_range"),
        sa.Index("ix_trainings_programme_tool", "programme_id", "tool_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    # Trainings are the organisation's content: they stay when their author is erased.
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(200))
    tool: Mapped[str] = mapped_column(sa.String(100))
    # The tool's name as compared (mentoring.workplace.gaps.tool_key): SQLite's lower() knows
    # only ASCII, so "Lärplattformen" could not be matched case-blind in SQL.
    tool_key: Mapped[str] = mapped_column(sa.String(100), default="")
    level: Mapped[int]
    minutes: Mapped[int]
    steps: Mapped[str] = mapped_column(sa.Text, default="")
    video_link: Mapped[str] = mapped_column(sa.String(500), default="")
    attachment_name: Mapped[str] = mapped_column(sa.String(200), default="")
    attachment_key: Mapped[str] = mapped_column(sa.String(64), default="")
    attachment_type: Mapped[str] = mapped_column(sa.String(40), default="")
    pass_mark: Mapped[int] = mapped_column(default=5)
    questions_per_attempt: Mapped[int] = mapped_column(default=5)
    time_limit_minutes: Mapped[int] = mapped_column(default=20)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
    questions: Mapped[list[TrainingQuestion]] = relationship(
        back_populates="training",
        cascade="all, delete-orphan",
        order_by="TrainingQuestion.position, TrainingQuestion.id",
    )


class TrainingQuestion(db.Model):
    """A test question: single or multiple choice, difficulty 1-3 (its points)."""

    __tablename__ = "training_questions"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('single', 'multiple')", name="kind_known"),
        sa.CheckConstraint("difficulty BETWEEN 1 AND 3", name="difficulty_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(
        sa.ForeignKey("trainings.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.String(1000))
    kind: Mapped[str] = mapped_column(sa.String(10), default="single")
    difficulty: Mapped[int] = mapped_column(default=1)
    position: Mapped[int] = mapped_column(default=0)

    training: Mapped[Training] = relationship(back_populates="questions")
    options: Mapped[list[TrainingOption]] = relationship(
        back_populates="question",
        cascade="all, delete-orphan",
        order_by="TrainingOption.position, TrainingOption.id",
    )

    @property
    def points(self) -> int:
        return self.difficulty


class TrainingOption(db.Model):
    __tablename__ = "training_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("training_questions.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.String(500))
    correct: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    question: Mapped[TrainingQuestion] = relationship(back_populates="options")


class TrainingCompletion(db.Model):
    """A learner finished a training; its minutes (as they were then) count as training hours."""

    __tablename__ = "training_completions"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "training_id"),
        sa.Index("ix_training_completions_programme_at", "programme_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    training_id: Mapped[int] = mapped_column(sa.ForeignKey("trainings.id", ondelete="CASCADE"))
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    minutes: Mapped[int]
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)


class TestAttempt(db.Model):
    """One go at a training's test; the server keeps the state (question asked, points)."""

    __tablename__ = "test_attempts"
    __test__ = False  # not a pytest class, whatever its name says
    __table_args__ = (
        sa.Index("ix_test_attempts_user_training", "user_id", "training_id"),
        sa.CheckConstraint("target_difficulty BETWEEN 1 AND 3", name="target_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(sa.ForeignKey("trainings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    seed: Mapped[int]
    started_at: Mapped[datetime]
    deadline_at: Mapped[datetime]
    # The question on screen (None once every question of the attempt is answered).
    current_question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("training_questions.id", ondelete="SET NULL")
    )
    asked: Mapped[int] = mapped_column(default=0)
    total_questions: Mapped[int]
    target_difficulty: Mapped[int] = mapped_column(default=1)
    score: Mapped[int] = mapped_column(default=0)
    max_score: Mapped[int]
    pass_mark: Mapped[int]
    submitted_at: Mapped[datetime | None]
    passed: Mapped[bool | None]

    training: Mapped[Training] = relationship()
    answers: Mapped[list[AttemptAnswer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="AttemptAnswer.position"
    )


class AttemptAnswer(db.Model):
    """The options a learner chose for one question of an attempt, and what the server found."""

    __tablename__ = "attempt_answers"
    __table_args__ = (sa.UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("test_attempts.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("training_questions.id", ondelete="SET NULL")
    )
    position: Mapped[int]
    chosen: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    correct: Mapped[bool]
    points: Mapped[int]
    answered_at: Mapped[datetime]

    attempt: Mapped[TestAttempt] = relationship(back_populates="answers")


class VerifiedLevel(db.Model):
    """The highest level of a tool a person has shown by passing a test, per programme."""

    __tablename__ = "verified_levels"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "programme_id", "tool_key"),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    tool_key: Mapped[str] = mapped_column(sa.String(100))  # the tool's name, casefolded
    tool: Mapped[str] = mapped_column(sa.String(100))
    level: Mapped[int]
    attempt_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("test_attempts.id", ondelete="SET NULL")
    )
    verified_at: Mapped[datetime]
