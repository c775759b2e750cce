"""Demo history of contact: participants' messages to coordinators, and coordinators' nudges.

So the demo coordinator finds unread and read messages, and people on the at-risk list who
were nudged a few days ago.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import sqlalchemy as sa

from mentoring.activity.events import EventRow, record_events
from mentoring.engagement.models import CoordinatorMessage, Nudge
from mentoring.engagement.retention import AT_RISK_DAYS
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role

MESSAGES = (
    "Hej! Jag kan inte komma på torsdag, jag har en anställningsintervju. Kan vi flytta?",
    "Hi, my mentor has not answered for two weeks. Could you help me?",
    "Hei! Voinko vaihtaa mentoria? Meillä ei ole yhteisiä aikoja.",
    "Tack för kursen i Teams, den var jättebra. Finns det en fortsättning?",
    "I got a job offer! Part time at first. What happens with my place in the programme?",
    "Jag behöver ett intyg på att jag deltar, till Arbetsförmedlingen.",
    "Could the mastermind group meet online when it snows?",
    "Hej, jag har flyttat till Uppsala. Kan jag fortsätta?",
    "Hei, en pääse kirjautumaan videotapaamiseen. Mitä teen?",
    "My daughter is ill this week, so I will miss my sessions. Sorry!",
)


def _open(now: datetime) -> list[tuple[int, int, int, datetime | None]]:
    """Open participant enrolments: (user, programme, cohort, last activity), by user."""
    rows = db.session.execute(
        sa.select(Enrollment.user_id, Cohort.programme_id, Cohort.id, Enrollment.last_activity_at)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(UserRole, UserRole.user_id == Enrollment.user_id)
        .where(
            Enrollment.ended_on.is_(None),
            Enrollment.started_on <= now.date(),
            UserRole.role == Role.PARTICIPANT.value,
        )
        .order_by(Enrollment.user_id, Enrollment.id)
    ).all()
    return [(u, p, c, last) for u, p, c, last in rows]


def seed_contact(rng: random.Random, *, now: datetime, demo_emails: dict[Role, str]) -> None:
    """Add messages (some read) and nudges of quiet people, by the demo coordinator."""
    coordinator = db.session.scalar(
        sa.select(User).where(User.email == demo_emails[Role.COORDINATOR])
    )
    demo = db.session.scalar(sa.select(User.id).where(User.email == demo_emails[Role.PARTICIPANT]))
    enrolments = _open(now)
    if coordinator is None or not enrolments:
        return
    senders = rng.sample(enrolments, min(len(MESSAGES) - 1, len(enrolments)))
    senders += [e for e in enrolments if e[0] == demo][:1]
    drafts = [
        (user_id, programme_id, cohort_id, text, now - timedelta(days=rng.uniform(0.2, 20)))
        for (user_id, programme_id, cohort_id, _last), text in zip(senders, MESSAGES, strict=False)
    ]
    read = already_read(drafts, now)
    events = []
    for index, (user_id, programme_id, cohort_id, text, sent) in enumerate(drafts):
        was_read = index in read
        db.session.add(
            CoordinatorMessage(
                sender_id=user_id, programme_id=programme_id, cohort_id=cohort_id, body=text,
                sent_at=sent, read_at=sent + timedelta(hours=5) if was_read else None,
                read_by_id=coordinator.id if was_read else None,
            )
        )  # fmt: skip
        events.append(EventRow(user_id, "message_to_coordinator", sent, programme_id, cohort_id))
    record_events(events)
    db.session.flush()
    _nudge_quiet(rng, now, coordinator, enrolments)


def already_read(drafts: list[tuple[int, int, int, str, datetime]], now: datetime) -> set[int]:
    """Which drafts the coordinator has read: those older than six days, except that in every
    programme the newest waits unread and the oldest of two or more was read, whatever the date.
    """
    read = {i for i, draft in enumerate(drafts) if draft[4] < now - timedelta(days=6)}
    for programme_id in {draft[1] for draft in drafts}:
        mine = sorted((d[4], i) for i, d in enumerate(drafts) if d[1] == programme_id)
        read.discard(mine[-1][1])
        if len(mine) > 1:
            read.add(mine[0][1])
    return read


def _nudge_quiet(
    rng: random.Random,
    now: datetime,
    coordinator: User,
    enrolments: list[tuple[int, int, int, datetime | None]],
) -> None:
    """Nudge a few quiet people in every programme that has some, so each at-risk list shows
    "Nudged on" whatever the date."""
    since = now - timedelta(days=AT_RISK_DAYS)
    quiet = [e for e in enrolments if e[3] is not None and e[3] < since]
    chosen = []
    for programme_id in sorted({e[1] for e in quiet}):
        theirs = [e for e in quiet if e[1] == programme_id]
        chosen += rng.sample(theirs, min(2, len(theirs)))
    for user_id, programme_id, _cohort, _last in chosen:
        at = now - timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 6))
        nudge = Nudge(
            user_id=user_id, programme_id=programme_id, sent_by_id=coordinator.id, at=at,
            day=at.date(),
        )  # fmt: skip
        # History only: no audit rows, which are append-only (a reseeded demo could not go).
        db.session.add(nudge)
