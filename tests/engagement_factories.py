"""Test data for engagement: events, feedback answers, outcomes and indicators."""

from __future__ import annotations

from datetime import date, datetime

from mentoring.activity.events import EventRow, record_events
from mentoring.engagement.models import FeedbackAnswer, Indicators, Outcome
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.models import User


def add_event(user: User, at: datetime, *, cohort: Cohort, kind: str = "login") -> None:
    """Record an event in ``cohort`` (enrolled or not) as bulk history is recorded."""
    record_events([EventRow(user.id, kind, at, cohort.programme_id, cohort.id)])
    db.session.commit()


def end_enrolment(enrolment: Enrollment, on: date, reason: str) -> Enrollment:
    enrolment.ended_on, enrolment.end_reason = on, reason
    db.session.commit()
    return enrolment


def add_feedback(
    user: User,
    cohort: Cohort,
    *,
    host: User | None = None,
    level: str = "just_right",
    scores: tuple[int, int, int, int] = (4, 4, 4, 4),
    answered_at: datetime = datetime(2026, 10, 1, 12),
    module: str = "",
) -> FeedbackAnswer:
    answer = FeedbackAnswer(
        user_id=user.id,
        programme_id=cohort.programme_id,
        cohort_id=cohort.id,
        host_id=host.id if host else None,
        module=module,
        level=level,
        motivated=scores[0],
        method_good=scores[1],
        relevant=scores[2],
        will_use=scores[3],
        answered_at=answered_at,
    )
    db.session.add(answer)
    db.session.commit()
    return answer


def add_outcome(
    user: User, enrolment: Enrollment, kind: str, on: date, *, source: str = "coordinator"
) -> Outcome:
    outcome = Outcome(
        user_id=user.id,
        programme_id=enrolment.cohort.programme_id,
        enrolment_id=enrolment.id,
        kind=kind,
        achieved_on=on,
        source=source,
    )
    db.session.add(outcome)
    db.session.commit()
    return outcome


def add_indicators(enrolment: Enrollment, stage: str, **values: str | None) -> Indicators:
    row = Indicators(enrolment_id=enrolment.id, stage=stage, **values)
    db.session.add(row)
    db.session.commit()
    return row
