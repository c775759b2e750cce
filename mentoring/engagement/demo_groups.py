"""Demo history of group sessions: past trainings and mastermind meetings, attended, rated.

So the feedback dashboard shows trainings and groups next to one-to-one sessions, and the
demo participant finds a training waiting for their feedback.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from mentoring.activity.events import ATTENDED_EVENTS, EventRow, record_events
from mentoring.bookings.group_models import BOOKED, GroupSeat, GroupSession
from mentoring.engagement.models import FeedbackAnswer
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role

TRAININGS = (
    "Teams för nybörjare / Teams for beginners",
    "Outlook: kalender och möten / calendar and meetings",
    "Excel: grunder / basics",
)
MASTERMIND = "Mastermind: vägen till jobb"
COMMENTS = (
    "",
    "",
    "Bra tempo, tack!",
    "I would like more time to practise.",
    "Hyvä koulutus, selkeät ohjeet.",
    "The examples were close to my work.",
)


def _open_participants() -> dict[int, tuple[int, int]]:
    """Participants with an open enrolment: user id -> (programme, cohort)."""
    rows = db.session.execute(
        sa.select(Enrollment.user_id, Cohort.programme_id, Cohort.id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(UserRole, UserRole.user_id == Enrollment.user_id)
        .where(Enrollment.ended_on.is_(None), UserRole.role == Role.PARTICIPANT.value)
        .order_by(Enrollment.user_id, Enrollment.id)
    ).all()
    return {user_id: (programme_id, cohort_id) for user_id, programme_id, cohort_id in rows}


def _meeting(host: User, kind: str, title: str, start: datetime, people: list[int]) -> GroupSession:
    session = GroupSession(
        host_id=host.id,
        kind=kind,
        title=title,
        starts_at=start,
        ends_at=start + timedelta(minutes=60 if kind == "training" else 90),
        seats=8 if kind == "training" else None,
        booked_count=len(people),
        place="Stadsbiblioteket, datorsalen" if kind == "training" else "",
    )
    session.seat_rows = [
        GroupSeat(user_id=user_id, status=BOOKED, joined_at=start - timedelta(days=3))
        for user_id in people
    ]
    db.session.add(session)
    return session


def seed_group_history(rng: random.Random, *, now: datetime, demo_emails: dict[Role, str]) -> None:
    """Three past trainings by the demo ambassador, four mastermind meetings by the coach."""
    emails = [demo_emails[r] for r in (Role.AMBASSADOR, Role.COACH, Role.PARTICIPANT)]
    people = {u.email: u for u in db.session.scalars(sa.select(User).where(User.email.in_(emails)))}
    ambassador = people.get(demo_emails[Role.AMBASSADOR])
    coach = people.get(demo_emails[Role.COACH])
    demo = people.get(demo_emails[Role.PARTICIPANT])
    enrolled = _open_participants()
    others = sorted(set(enrolled) - {demo.id if demo else -1})
    if ambassador is None or coach is None or len(others) < 8:
        return
    today = datetime.combine(now.date(), time(12))
    sessions: list[GroupSession] = []
    for weeks_ago, title in zip((6, 4, 2), TRAININGS, strict=True):
        chosen = rng.sample(others, 6)
        if demo is not None and demo.id in enrolled and weeks_ago != 4:
            chosen.append(demo.id)
        start = today - timedelta(weeks=weeks_ago)
        sessions.append(_meeting(ambassador, "training", title, start, chosen))
    members = rng.sample(others, 5)
    for weeks_ago in (5, 4, 3, 2):
        start = today - timedelta(weeks=weeks_ago, hours=-5)
        sessions.append(_meeting(coach, "mastermind", MASTERMIND, start, members))
    db.session.flush()
    _attend_and_rate(rng, sessions, enrolled, demo.id if demo else None)


def _attend_and_rate(
    rng: random.Random,
    sessions: list[GroupSession],
    enrolled: dict[int, tuple[int, int]],
    demo_id: int | None,
) -> None:
    events: list[EventRow] = []
    answers: list[dict[str, object]] = []
    latest = max(s.starts_at for s in sessions if s.kind == "training")
    for session in sessions:
        for seat in session.seat_rows:
            seat.attendance = "attended" if rng.random() < 0.85 else "no_show"
            if seat.user_id == demo_id:
                seat.attendance = "attended"
            programme_id, cohort_id = enrolled[seat.user_id]
            events.append(
                EventRow(seat.user_id, ATTENDED_EVENTS[seat.attendance], session.starts_at,
                         programme_id, cohort_id)
            )  # fmt: skip
            # The demo participant's latest training still waits for their feedback.
            waiting = seat.user_id == demo_id and session.starts_at == latest
            if seat.attendance != "attended" or waiting or rng.random() > 0.7:
                continue
            answers.append(
                {"user_id": seat.user_id, "group_session_id": session.id,
                 "programme_id": programme_id, "cohort_id": cohort_id,
                 "host_id": session.host_id, "module": session.title,
                 "level": rng.choices(("too_easy", "just_right", "too_hard"), (2, 7, 1))[0],
                 "motivated": rng.randint(3, 5), "method_good": rng.randint(3, 5),
                 "relevant": rng.randint(2, 5), "will_use": rng.randint(3, 5),
                 "comment": rng.choice(COMMENTS),
                 "answered_at": session.ends_at + timedelta(hours=2)}
            )  # fmt: skip
    record_events(events)
    if answers:
        db.session.execute(sa.insert(FeedbackAnswer), answers)
