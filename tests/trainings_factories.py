"""Trainings of the bank with tests, completions and attempts, built through the models."""

from __future__ import annotations

from datetime import datetime, timedelta

from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.trainings.models import (
    TestAttempt,
    Training,
    TrainingCompletion,
    TrainingOption,
    TrainingQuestion,
)
from mentoring.users.models import User

NOW = datetime(2026, 3, 2, 9, 0)


def make_question(
    training: Training,
    text: str = "Which button sends the email?",
    *,
    difficulty: int = 1,
    kind: str = "single",
    right: tuple[str, ...] = ("Send",),
    wrong: tuple[str, ...] = ("Delete", "Archive"),
) -> TrainingQuestion:
    question = TrainingQuestion(
        text=text,
        kind=kind,
        difficulty=difficulty,
        position=len(training.questions),
        options=[
            TrainingOption(text=t, correct=t in right, position=i)
            for i, t in enumerate((*right, *wrong))
        ],
    )
    training.questions.append(question)
    db.session.commit()
    return question


def make_training(
    programme: Programme,
    author: User | None = None,
    *,
    title: str = "Send an email in Outlook",
    tool: str = "Outlook",
    level: int = 2,
    minutes: int = 15,
    questions: tuple[int, ...] = (),
    pass_mark: int = 3,
    per_attempt: int = 3,
    time_limit: int = 20,
) -> Training:
    """A training; ``questions`` gives one question per difficulty listed."""
    training = Training(
        programme_id=programme.id,
        author_id=author.id if author else None,
        title=title,
        tool=tool,
        tool_key=tool.casefold(),
        level=level,
        minutes=minutes,
        steps="Open Outlook\nClick New email",
        pass_mark=pass_mark,
        questions_per_attempt=per_attempt,
        time_limit_minutes=time_limit,
        created_at=NOW,
        updated_at=NOW,
    )
    db.session.add(training)
    db.session.commit()
    for n, difficulty in enumerate(questions, start=1):
        make_question(training, f"Question {n} ({difficulty})", difficulty=difficulty)
    return training


def complete(user: User, training: Training, at: datetime = NOW) -> TrainingCompletion:
    done = TrainingCompletion(
        user_id=user.id,
        training_id=training.id,
        programme_id=training.programme_id,
        minutes=training.minutes,
        completed_at=at,
    )
    db.session.add(done)
    db.session.commit()
    return done


def make_attempt(user: User, training: Training, *, at: datetime = NOW) -> TestAttempt:
    """An attempt just begun, asking the training's first question."""
    attempt = TestAttempt(
        training_id=training.id,
        user_id=user.id,
        programme_id=training.programme_id,
        seed=7,
        started_at=at,
        deadline_at=at + timedelta(minutes=training.time_limit_minutes),
        current_question_id=training.questions[0].id if training.questions else None,
        total_questions=max(1, len(training.questions)),
        max_score=3,
        pass_mark=1,
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt
