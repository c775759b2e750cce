"""Demo history for the dashboards: activity with a realistic drop-off, feedback, outcomes."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from mentoring.activity.events import EventRow, record_events
from mentoring.bookings.models import Booking
from mentoring.engagement.demo_contact import seed_contact
from mentoring.engagement.demo_groups import seed_group_history
from mentoring.engagement.models import (
    EDUCATION_LEVELS,
    LABOUR_STATUSES,
    FeedbackAnswer,
    Indicators,
    Outcome,
)
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.roles import Role

KINDS = ("login", "login", "login", "profile_update", "session_booked", "check_in_answered")
OUTCOME_OF = {"job": "job_full", "studies": "studies"}


def seed_engagement(
    rng: random.Random, *, now: datetime, demo_emails: dict[Role, str] | None = None
) -> None:
    """Add deterministic history for every enrolment (bulk inserts; no commit).

    With ``demo_emails``: past group sessions of the demo hosts, messages and nudges too.
    """
    db.session.flush()
    rows = db.session.execute(
        sa.select(Enrollment, Cohort.programme_id).join(Cohort, Cohort.id == Enrollment.cohort_id)
    ).all()
    events: list[EventRow] = []
    indicators, outcomes = [], []
    for enrolment, programme_id in rows:
        start = datetime.combine(enrolment.started_on, time(9))
        end = datetime.combine(enrolment.ended_on, time(17)) if enrolment.ended_on else now
        engaged = start + timedelta(days=rng.expovariate(1 / 70))
        at = start + timedelta(hours=rng.uniform(0, 48))
        while at < min(engaged, end, now):
            events.append(
                EventRow(enrolment.user_id, rng.choice(KINDS), at, programme_id,
                         enrolment.cohort_id)
            )  # fmt: skip
            at += timedelta(days=rng.uniform(1, 9))
        indicators.append(
            {"enrolment_id": enrolment.id, "stage": "entry",
             "labour_status": rng.choice(LABOUR_STATUSES), "education_level":
             rng.choice(EDUCATION_LEVELS), "recorded_at": start}
        )  # fmt: skip
        kind = OUTCOME_OF.get(enrolment.end_reason or "")
        if kind and enrolment.ended_on:
            outcomes.append(
                {"user_id": enrolment.user_id, "programme_id": programme_id,
                 "enrolment_id": enrolment.id, "kind": kind, "achieved_on": enrolment.ended_on,
                 "source": "coordinator", "created_at": now}
            )  # fmt: skip
    record_events(events)
    if indicators:
        db.session.execute(sa.insert(Indicators), indicators)
    if outcomes:
        db.session.execute(sa.insert(Outcome), outcomes)
    _feedback(rng, now)
    if demo_emails is not None:
        seed_group_history(rng, now=now, demo_emails=demo_emails)
        db.session.flush()
        seed_contact(rng, now=now, demo_emails=demo_emails)


def _feedback(rng: random.Random, now: datetime) -> None:
    attended = db.session.scalars(sa.select(Booking).where(Booking.attendance == "attended")).all()
    # The dashboards read feedback per programme: each answer takes the participant's enrolment.
    enrolled = {
        user_id: (programme_id, cohort_id)
        for user_id, programme_id, cohort_id in db.session.execute(
            sa.select(Enrollment.user_id, Cohort.programme_id, Cohort.id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .order_by(Enrollment.ended_on.is_(None), Enrollment.started_on)
        )
    }
    answers = []
    for booking in attended:
        programme_id, cohort_id = enrolled.get(booking.participant_id, (None, None))
        if rng.random() < 0.7:
            answers.append(
                {"user_id": booking.participant_id, "booking_id": booking.id,
                 "programme_id": programme_id, "cohort_id": cohort_id,
                 "host_id": booking.host_id, "module": booking.topic,
                 "level": rng.choices(("too_easy", "just_right", "too_hard"), (2, 6, 2))[0],
                 "motivated": rng.randint(3, 5), "method_good": rng.randint(2, 5),
                 "relevant": rng.randint(2, 5), "will_use": rng.randint(2, 5),
                 "comment": "", "answered_at": booking.ends_at}
            )  # fmt: skip
    if answers:
        db.session.execute(sa.insert(FeedbackAnswer), answers)
