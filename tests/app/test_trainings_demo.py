"""The demo's training bank: twenty trainings with tests, attempts and surveys, repeatable."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from mentoring.demo.seed import DemoSize, seed_demo
from mentoring.demo.training_texts import COURSES
from mentoring.demo.workplace import GOALS, PROGRAMME_NAME
from mentoring.engagement.models import FeedbackAnswer
from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.trainings.models import (
    TestAttempt,
    Training,
    TrainingCompletion,
    TrainingQuestion,
    VerifiedLevel,
)
from mentoring.users.models import User

SMALL = DemoSize(participants=10, mentors=3, ambassadors=2, coaches=1, coordinators=1, employees=80)


def _count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _bank() -> list[tuple[object, ...]]:
    """Every attempt by who and which training, not by id (PostgreSQL never reuses ids)."""
    rows = db.session.execute(
        sa.select(User.email, Training.title, TestAttempt.seed, TestAttempt.score)
        .join(User, User.id == TestAttempt.user_id)
        .join(Training, Training.id == TestAttempt.training_id)
        .order_by(TestAttempt.id)
    )
    return [tuple(row) for row in rows]


def test_the_demo_programme_has_twenty_trainings_with_tests_attempts_and_surveys(
    app: Flask,
) -> None:
    seed_demo(seed=5, size=SMALL)
    programme = db.session.scalar(sa.select(Programme).where(Programme.name == PROGRAMME_NAME))
    assert programme is not None
    trainings = db.session.scalars(sa.select(Training)).all()
    assert len(trainings) == len(COURSES) == 20
    assert {t.programme_id for t in trainings} == {programme.id}
    assert all(t.questions and t.author_id for t in trainings)
    goal_tools = {tool for goals in GOALS.values() for tool in goals}
    assert {t.tool for t in trainings} == goal_tools
    assert {q.difficulty for q in db.session.scalars(sa.select(TrainingQuestion))} == {1, 2, 3}
    assert _count(TrainingCompletion) > 40 and _count(TestAttempt) > 30
    passed = db.session.scalars(sa.select(TestAttempt.passed)).all()
    assert True in passed and False in passed  # some fail first, then try again
    assert _count(VerifiedLevel) > 10
    surveys = db.session.scalars(
        sa.select(FeedbackAnswer).where(FeedbackAnswer.training_id.is_not(None))
    ).all()
    assert len(surveys) > 20 and {s.programme_id for s in surveys} == {programme.id}
    for attempt in db.session.scalars(sa.select(TestAttempt)):
        assert attempt.score == sum(a.points for a in attempt.answers)
        assert attempt.passed == (attempt.score >= attempt.pass_mark)


def test_the_same_seed_gives_the_same_bank(app: Flask) -> None:
    seed_demo(seed=5, size=SMALL)
    first = _bank()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    seed_demo(seed=5, size=SMALL)
    assert _bank() == first and first
