"""The demo's training bank: twenty trainings with tests, and the employees' use of them.

Employees take trainings on the tools of their own goals between the two assessment rounds,
most take the test (some fail first and pass on a later try), and most answer the survey.
Rows are built in memory and flushed a few times, so the whole bank takes about a second.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from mentoring.demo.training_texts import COURSES, Course
from mentoring.demo.workplace import GOALS
from mentoring.engagement.models import FeedbackAnswer
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment, Programme
from mentoring.programmes.organisation import Occupation
from mentoring.trainings.drawing import best_score, draw, next_target
from mentoring.trainings.models import (
    AttemptAnswer,
    TestAttempt,
    Training,
    TrainingCompletion,
    TrainingOption,
    TrainingQuestion,
    VerifiedLevel,
)
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role
from mentoring.workplace.gaps import tool_key

FIRST_DAY, LAST_DAY = date(2026, 8, 31), date(2026, 11, 27)
COMMENTS = (
    "Bra och kort, lätt att följa.",
    "Skönt att kunna göra den när det passade.",
    "Jag vill gärna ha mer om detta.",
    "Lite för snabbt i slutet.",
    "Nu vågar jag prova själv.",
    "",
    "",
    "",
)


@dataclass
class _Learner:
    user_id: int
    cohort_id: int
    goals: set[str]
    skill: float
    verified: dict[str, int] = field(default_factory=dict)


def _training(course: Course, programme: Programme, author_id: int) -> Training:
    tool, level, minutes, title, steps, questions = course
    training = Training(
        programme_id=programme.id,
        author_id=author_id,
        title=title,
        tool=tool,
        tool_key=tool_key(tool),
        level=level,
        minutes=minutes,
        steps="\n".join(steps),
        questions_per_attempt=len(questions),
        time_limit_minutes=15,
        created_at=datetime(2026, 8, 17, 9),
        updated_at=datetime(2026, 8, 17, 9),
    )
    for position, (difficulty, text, right, wrong) in enumerate(questions):
        training.questions.append(
            TrainingQuestion(
                text=text,
                kind="multiple" if len(right) > 1 else "single",
                difficulty=difficulty,
                position=position,
                options=[
                    TrainingOption(text=option, correct=option in right, position=i)
                    for i, option in enumerate((*right, *wrong))
                ],
            )
        )
    most = best_score({i: q[0] for i, q in enumerate(questions)}, len(questions))
    training.pass_mark = math.ceil(most * 0.6)
    return training


def _learners(rng: random.Random, programme: Programme) -> list[_Learner]:
    goals_of = {name: set(tools) for name, tools in _occupation_goals().items()}
    rows = db.session.execute(
        sa.select(Enrollment.user_id, Enrollment.cohort_id, Occupation.name)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .outerjoin(Occupation, Occupation.id == Enrollment.occupation_id)
        .where(Cohort.programme_id == programme.id)
        .order_by(Enrollment.user_id)
    ).all()
    return [
        _Learner(user_id, cohort_id, goals_of.get(job or "", set()), rng.uniform(0.45, 0.95))
        for user_id, cohort_id, job in rows
    ]


def _occupation_goals() -> dict[str, dict[str, int]]:
    return GOALS


def _moment(rng: random.Random) -> datetime:
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(rng.randint(7, 14), rng.choice((0, 15, 30, 45))))


def _attempt(
    rng: random.Random, learner: _Learner, training: Training, at: datetime
) -> TestAttempt:
    """One attempt answered as the learner would, drawn the way the server draws."""
    difficulties = {q.id: q.difficulty for q in training.questions}
    questions = {q.id: q for q in training.questions}
    seed = rng.randrange(2**31 - 1)
    attempt = TestAttempt(
        training_id=training.id,
        user_id=learner.user_id,
        programme_id=training.programme_id,
        seed=seed,
        started_at=at,
        deadline_at=at + timedelta(minutes=training.time_limit_minutes),
        total_questions=len(difficulties),
        max_score=best_score(difficulties, len(difficulties)),
        pass_mark=training.pass_mark,
        score=0,
        asked=0,
    )
    asked: set[int] = set()
    target = 1
    for position in range(len(difficulties)):
        qid = draw(difficulties, asked, target, seed)
        assert qid is not None
        asked.add(qid)
        question = questions[qid]
        right = rng.random() < learner.skill - 0.1 * (question.difficulty - 1)
        chosen = [o.id for o in question.options if o.correct == right][:1]
        if right:
            chosen = [o.id for o in question.options if o.correct]
        points = question.difficulty if right else 0
        attempt.answers.append(
            AttemptAnswer(
                question_id=qid,
                position=position,
                chosen=chosen,
                correct=right,
                points=points,
                answered_at=at + timedelta(minutes=position + 1),
            )
        )
        attempt.score += points
        attempt.asked = position + 1
        target = next_target(target, right)
    attempt.target_difficulty = target
    attempt.submitted_at = at + timedelta(minutes=len(difficulties) + 1)
    attempt.passed = attempt.score >= attempt.pass_mark
    return attempt


def _survey(
    rng: random.Random, learner: _Learner, training: Training, at: datetime
) -> FeedbackAnswer:
    def score() -> int:
        return rng.choices((5, 4, 3, 2), weights=(5, 4, 1, 0.3))[0]

    return FeedbackAnswer(
        user_id=learner.user_id,
        programme_id=training.programme_id,
        cohort_id=learner.cohort_id,
        training_id=training.id,
        module=training.title,
        host_id=training.author_id,
        level=rng.choices(("just_right", "too_easy", "too_hard"), weights=(8, 1, 1))[0],
        motivated=score(),
        method_good=score(),
        relevant=score(),
        will_use=score(),
        comment=rng.choice(COMMENTS),
        answered_at=at + timedelta(minutes=20),
    )


def _take(rng: random.Random, learner: _Learner, training: Training) -> list[object]:
    """A completion, attempts until a pass (or the learner stops), and maybe a survey."""
    at = _moment(rng)
    rows: list[object] = [
        TrainingCompletion(
            user_id=learner.user_id,
            training_id=training.id,
            programme_id=training.programme_id,
            minutes=training.minutes,
            completed_at=at,
        )
    ]
    if rng.random() < 0.85:
        for attempt_number in range(rng.randint(1, 3)):
            attempt = _attempt(rng, learner, training, at + timedelta(minutes=30 * attempt_number))
            rows.append(attempt)
            if attempt.passed:
                key = training.tool_key
                learner.verified[key] = max(learner.verified.get(key, 0), training.level)
                break
    if rng.random() < 0.75:
        rows.append(_survey(rng, learner, training, at))
    return rows


def seed_trainings(rng: random.Random, programme: Programme) -> list[Training]:
    """Publish the twenty trainings by the programme's ambassadors; employees take them."""
    authors = list(
        db.session.scalars(
            sa.select(User.id)
            .join(UserRole, UserRole.user_id == User.id)
            .join(Enrollment, Enrollment.user_id == User.id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .where(Cohort.programme_id == programme.id, UserRole.role == Role.AMBASSADOR.value)
            .order_by(User.id)
        )
    )
    trainings = [
        _training(course, programme, authors[i % len(authors)]) for i, course in enumerate(COURSES)
    ]
    db.session.add_all(trainings)
    db.session.flush()
    rows: list[object] = []
    ambassadors = set(authors)
    learners = [p for p in _learners(rng, programme) if p.user_id not in ambassadors]
    for learner in learners:
        mine = [t for t in trainings if t.tool in learner.goals]
        if not mine or rng.random() > 0.7:
            continue
        for training in rng.sample(mine, k=min(len(mine), rng.randint(1, 4))):
            rows += _take(rng, learner, training)
    db.session.add_all(rows)  # type: ignore[arg-type]
    db.session.add_all(
        VerifiedLevel(
            user_id=learner.user_id,
            programme_id=programme.id,
            tool_key=key,
            tool=next(t.tool for t in trainings if t.tool_key == key),
            level=level,
            verified_at=datetime.combine(LAST_DAY, time(16)),
        )
        for learner in learners
        for key, level in learner.verified.items()
    )
    db.session.flush()
    return trainings
