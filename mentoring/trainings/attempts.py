"""Taking a training's test: start, answer the question asked, submit once.

The server alone keeps the state (the question asked, the points) and decides what is
right; a client's own score or "correct" flags are never read. Every change is one
conditional UPDATE of the attempt's row, so two requests at once cannot both count.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from mentoring.errors import Conflict, Forbidden, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.trainings.access import get_training, is_learner
from mentoring.trainings.drawing import best_score, draw, next_target, shuffled
from mentoring.trainings.levels import record_verified_level
from mentoring.trainings.models import (
    AttemptAnswer,
    TestAttempt,
    TrainingOption,
    TrainingQuestion,
)
from mentoring.users.models import User


@dataclass(frozen=True)
class AnswerResult:
    attempt: TestAttempt
    correct: bool
    points: int


def _difficulties(training_id: int) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(TrainingQuestion.id, TrainingQuestion.difficulty).where(
            TrainingQuestion.training_id == training_id
        )
    )
    return {qid: difficulty for qid, difficulty in rows}


def start_attempt(
    learner: User, training_id: int, *, now: datetime, seed: int | None = None
) -> TestAttempt:
    """Begin a new attempt (as many as the learner likes); the first question is an easy one."""
    training = get_training(learner, training_id)
    if not is_learner(learner, training.programme_id):
        raise Forbidden(_("Only the programme's learners take its tests."))
    questions = _difficulties(training.id)
    if not questions:
        raise ValidationError(_("This training has no test yet."))
    seed = secrets.randbelow(2**31 - 1) if seed is None else seed
    count = min(training.questions_per_attempt, len(questions))
    most = best_score(questions, count)
    attempt = TestAttempt(
        training_id=training.id,
        user_id=learner.id,
        programme_id=training.programme_id,
        seed=seed,
        started_at=now,
        deadline_at=now + timedelta(minutes=training.time_limit_minutes),
        current_question_id=draw(questions, set(), 1, seed),
        total_questions=count,
        max_score=most,
        pass_mark=min(training.pass_mark, most),
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def get_attempt(learner: User, attempt_id: int) -> TestAttempt:
    """The learner's own attempt; anyone else's does not exist for them."""
    attempt = db.session.get(TestAttempt, attempt_id)
    if attempt is None or attempt.user_id != learner.id:
        raise NotFound(_("No such attempt."))
    return attempt


def options_shown(attempt: TestAttempt, question: TrainingQuestion) -> list[TrainingOption]:
    """The question's options in this attempt's order."""
    return shuffled(question.options, attempt.seed, question.id)


def _chosen(question: TrainingQuestion, option_ids: list[int]) -> set[int]:
    chosen = set(option_ids)
    known = {o.id for o in question.options}
    if not chosen:
        raise ValidationError(_("Choose an answer."), field="option_ids")
    if not chosen <= known:
        raise ValidationError(_("Choose among the answers shown."), field="option_ids")
    if question.kind == "single" and len(chosen) != 1:
        raise ValidationError(_("Choose one answer."), field="option_ids")
    return chosen


def _check_open(attempt: TestAttempt, now: datetime) -> None:
    if attempt.submitted_at is not None:
        raise Conflict(_("This attempt has been handed in. Start a new one to try again."))
    if now > attempt.deadline_at:
        raise Conflict(_("The time for this attempt is up. Hand it in to see your points."))
    if attempt.current_question_id is None:
        raise Conflict(_("You have answered every question. Hand in the attempt."))


def answer(
    learner: User, attempt_id: int, question_id: int, option_ids: list[int], *, now: datetime
) -> AnswerResult:
    """Answer the question asked now; the server marks it and draws the next one."""
    attempt = get_attempt(learner, attempt_id)
    _check_open(attempt, now)
    if question_id != attempt.current_question_id:
        raise Conflict(_("This question has been answered already."))
    question = db.session.get(TrainingQuestion, question_id)
    assert question is not None
    chosen = _chosen(question, option_ids)
    correct = chosen == {o.id for o in question.options if o.correct}
    points = question.points if correct else 0
    target = next_target(attempt.target_difficulty, correct)
    position = attempt.asked
    asked = {a.question_id for a in attempt.answers} | {question.id}
    following = None
    if position + 1 < attempt.total_questions:
        following = draw(_difficulties(attempt.training_id), asked, target, attempt.seed)
    changed = db.session.execute(
        sa.update(TestAttempt)
        .where(
            TestAttempt.id == attempt.id,
            TestAttempt.submitted_at.is_(None),
            TestAttempt.asked == position,
            TestAttempt.current_question_id == question.id,
            TestAttempt.deadline_at >= now,
        )
        .values(
            asked=TestAttempt.asked + 1,
            score=TestAttempt.score + points,
            target_difficulty=target,
            current_question_id=following,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise Conflict(_("This question has been answered already."))
    db.session.add(
        AttemptAnswer(
            attempt_id=attempt.id,
            question_id=question.id,
            position=position,
            chosen=sorted(chosen),
            correct=correct,
            points=points,
            answered_at=now,
        )
    )
    db.session.commit()
    db.session.refresh(attempt)
    return AnswerResult(attempt, correct, points)


def submit(learner: User, attempt_id: int, *, now: datetime) -> TestAttempt:
    """Hand the attempt in, once; a pass sets the learner's verified level of the tool."""
    attempt = get_attempt(learner, attempt_id)
    changed = db.session.execute(
        sa.update(TestAttempt)
        .where(TestAttempt.id == attempt.id, TestAttempt.submitted_at.is_(None))
        .values(
            submitted_at=now,
            current_question_id=None,
            passed=TestAttempt.score >= TestAttempt.pass_mark,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise Conflict(_("This attempt has been handed in already."))
    db.session.refresh(attempt)
    if attempt.passed:
        record_verified_level(attempt, now=now)
    db.session.commit()
    return attempt


def attempts_of(user_id: int, training_id: int) -> list[TestAttempt]:
    """Every attempt of one learner at one test, newest first."""
    return list(
        db.session.scalars(
            sa.select(TestAttempt)
            .where(TestAttempt.user_id == user_id, TestAttempt.training_id == training_id)
            .order_by(TestAttempt.started_at.desc(), TestAttempt.id.desc())
        )
    )
