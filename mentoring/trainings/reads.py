"""What other areas read from the bank: trainings that close a gap, and people's results.

Recommendations and managers' pages call these; they return frozen dataclasses, so no model
object leaves the area.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from mentoring.extensions import db
from mentoring.trainings.levels import verified_levels_of
from mentoring.trainings.models import TestAttempt, Training, TrainingCompletion, TrainingQuestion
from mentoring.workplace.gaps import tool_key


@dataclass(frozen=True)
class TrainingSummary:
    id: int
    programme_id: int
    title: str
    tool: str
    level: int
    minutes: int
    has_test: bool


@dataclass(frozen=True)
class TestResult:
    training_id: int
    title: str
    tool: str
    attempts: int
    best_score: int
    max_score: int
    passed: bool


@dataclass(frozen=True)
class PersonTrainings:
    """One person's trainings in a programme: done, test results, hours, verified levels."""

    done: list[TrainingSummary] = field(default_factory=list)
    results: list[TestResult] = field(default_factory=list)
    hours: float = 0.0
    verified: dict[str, int] = field(default_factory=dict)
    last_activity: datetime | None = None


def _summary(training: Training, has_test: bool) -> TrainingSummary:
    return TrainingSummary(
        training.id,
        training.programme_id,
        training.title,
        training.tool,
        training.level,
        training.minutes,
        has_test,
    )


def _with_tests(training_ids: list[int]) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(TrainingQuestion.training_id)
            .where(TrainingQuestion.training_id.in_(training_ids))
            .distinct()
        )
    )


def trainings_closing(programme_id: int, tool: str, level: int) -> list[TrainingSummary]:
    """Trainings of the programme on ``tool`` (any case) at ``level`` or above, lowest first."""
    trainings = list(
        db.session.scalars(
            sa.select(Training)
            .where(
                Training.programme_id == programme_id,
                Training.tool_key == tool_key(tool),
                Training.level >= level,
            )
            .order_by(Training.level, Training.minutes, Training.id)
        )
    )
    tested = _with_tests([t.id for t in trainings])
    return [_summary(t, t.id in tested) for t in trainings]


def _done_by(user_ids: list[int], programme_id: int) -> dict[int, list[tuple[Training, datetime]]]:
    rows = db.session.execute(
        sa.select(TrainingCompletion.user_id, Training, TrainingCompletion.completed_at)
        .join(Training, Training.id == TrainingCompletion.training_id)
        .where(
            TrainingCompletion.user_id.in_(user_ids),
            TrainingCompletion.programme_id == programme_id,
        )
        .order_by(TrainingCompletion.completed_at)
    )
    found: dict[int, list[tuple[Training, datetime]]] = defaultdict(list)
    for user_id, training, at in rows:
        found[user_id].append((training, at))
    return found


def _hours_of(user_ids: list[int], programme_id: int) -> dict[int, float]:
    rows = db.session.execute(
        sa.select(TrainingCompletion.user_id, sa.func.sum(TrainingCompletion.minutes))
        .where(
            TrainingCompletion.user_id.in_(user_ids),
            TrainingCompletion.programme_id == programme_id,
        )
        .group_by(TrainingCompletion.user_id)
    )
    return {user_id: float(minutes or 0) / 60 for user_id, minutes in rows}


def _results_of(user_ids: list[int], programme_id: int) -> dict[int, list[TestResult]]:
    passed = sa.func.max(sa.case((TestAttempt.passed.is_(True), 1), else_=0))
    rows = db.session.execute(
        sa.select(
            TestAttempt.user_id,
            Training.id,
            Training.title,
            Training.tool,
            sa.func.count(TestAttempt.id),
            sa.func.max(TestAttempt.score),
            sa.func.max(TestAttempt.max_score),
            passed,
            sa.func.max(TestAttempt.submitted_at),
        )
        .join(Training, Training.id == TestAttempt.training_id)
        .where(
            TestAttempt.user_id.in_(user_ids),
            TestAttempt.programme_id == programme_id,
            TestAttempt.submitted_at.is_not(None),
        )
        .group_by(TestAttempt.user_id, Training.id, Training.title, Training.tool)
        .order_by(Training.tool, Training.title)
    )
    found: dict[int, list[TestResult]] = defaultdict(list)
    for user_id, tid, title, tool, count, best, most, ok, _last in rows:
        found[user_id].append(
            TestResult(tid, title, tool, int(count), int(best or 0), int(most or 0), bool(ok))
        )
    return found


def _latest_attempts(user_ids: list[int], programme_id: int) -> dict[int, datetime]:
    rows = db.session.execute(
        sa.select(TestAttempt.user_id, sa.func.max(TestAttempt.started_at))
        .where(TestAttempt.user_id.in_(user_ids), TestAttempt.programme_id == programme_id)
        .group_by(TestAttempt.user_id)
    )
    return {user_id: at for user_id, at in rows}


def people_trainings(user_ids: list[int], programme_id: int) -> dict[int, PersonTrainings]:
    """``person_trainings`` for many people in a handful of queries, whatever their number."""
    done, hours = _done_by(user_ids, programme_id), _hours_of(user_ids, programme_id)
    results, verified = (
        _results_of(user_ids, programme_id),
        verified_levels_of(user_ids, programme_id),
    )
    latest = _latest_attempts(user_ids, programme_id)
    tested = _with_tests(list({t.id for rows in done.values() for t, _ in rows}))
    found = {}
    for user_id in user_ids:
        moments = [at for _, at in done.get(user_id, [])] + (
            [latest[user_id]] if user_id in latest else []
        )
        found[user_id] = PersonTrainings(
            done=[_summary(t, t.id in tested) for t, _ in done.get(user_id, [])],
            results=results.get(user_id, []),
            hours=hours.get(user_id, 0.0),
            verified=verified.get(user_id, {}),
            last_activity=max(moments) if moments else None,
        )
    return found


def person_trainings(user_id: int, programme_id: int) -> PersonTrainings:
    """One person's trainings done, test results (best score, passed), hours and levels."""
    return people_trainings([user_id], programme_id)[user_id]
