"""Due-finders: pure functions from ``now`` and a source to the outbox items that are due.

Each kind is one small function, so a new source plugs in without touching the mechanism.
The occasion in each item makes it idempotent: run a finder twice, store each item once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from notifications.model import Kind, OutboxItem
from notifications.sources import (
    ActivitySource,
    CheckInSource,
    DigestSource,
    EnrolmentSource,
    SessionSource,
    UpcomingSession,
)

# (kind, how long before the start, how long before the start it becomes pointless)
SESSION_REMINDERS = (
    (Kind.SESSION_24H, timedelta(hours=24), timedelta(hours=12)),
    (Kind.SESSION_1H, timedelta(hours=1), timedelta(minutes=15)),
)
SESSION_HORIZON = timedelta(hours=25)
OUTCOME_AFTER = timedelta(days=182)
OUTCOME_WINDOW = timedelta(days=30)
AT_RISK_AFTER = timedelta(days=14)


def session_occasion(session_kind: str, session_id: int, starts_at: datetime) -> str:
    """Name one session at one time: a rescheduled session is a new occasion."""
    return f"{session_kind}:{session_id}:{starts_at:%Y%m%dT%H%M}"


def reminders_for_session(session: UpcomingSession) -> list[OutboxItem]:
    """Return the 24-hour and 1-hour reminders of one session for every attendee."""
    items = []
    for kind, before, pointless in SESSION_REMINDERS:
        for person in session.attendee_ids:
            items.append(
                OutboxItem(
                    recipient_id=person,
                    kind=kind,
                    occasion=session_occasion(
                        session.session_kind, session.session_id, session.starts_at
                    ),
                    template=f"reminder_{kind.value}",
                    context={
                        "session_kind": session.session_kind,
                        "session_id": session.session_id,
                        "starts_at": session.starts_at.isoformat(),
                        "ends_at": session.ends_at.isoformat(),
                        "title": session.title,
                        "location": session.location,
                    },
                    not_before=session.starts_at - before,
                    expires_at=session.starts_at - pointless,
                )
            )
    return items


def find_session_reminders(now: datetime, source: SessionSource) -> list[OutboxItem]:
    """Return reminders for every session starting within the next 25 hours."""
    items: list[OutboxItem] = []
    for session in source.sessions_between(now, now + SESSION_HORIZON):
        items.extend(reminders_for_session(session))
    return items


def find_check_ins(now: datetime, source: CheckInSource) -> list[OutboxItem]:
    """Ask every member of an active pairing or group every N days how it is going."""
    items = []
    for subject in source.active_subjects(now):
        period = (now - subject.since).days // max(subject.every_days, 1)
        if period < 1:
            continue
        occasion = f"{subject.subject_kind}:{subject.subject_id}:{period}"
        for person in subject.member_ids:
            items.append(
                OutboxItem(
                    recipient_id=person,
                    kind=Kind.CHECK_IN,
                    occasion=occasion,
                    template="reminder_check_in",
                    context={
                        "subject_kind": subject.subject_kind,
                        "subject_id": subject.subject_id,
                        "period": period,
                    },
                    not_before=now,
                    expires_at=now + timedelta(days=subject.every_days),
                )
            )
    return items


def find_inactivity(now: datetime, source: ActivitySource) -> list[OutboxItem]:
    """Nudge people silent for 7, 14, 21 days; at 28 tell their coordinators."""
    items = []
    for person in source.activity(now):
        silent = (now - person.last_active_at).days
        streak = f"{person.last_active_at:%Y%m%d}"
        reached = [days for days in person.nudge_days if silent >= days]
        if reached and silent < person.at_risk_days:
            level = len(reached)
            items.append(
                OutboxItem(
                    recipient_id=person.user_id,
                    kind=Kind.INACTIVITY,
                    occasion=f"{streak}:{reached[-1]}",
                    template="reminder_inactivity" if level == 1 else "reminder_still_with_us",
                    context={"days": silent},
                    not_before=now,
                    expires_at=now + timedelta(days=7),
                )
            )
        if silent >= person.at_risk_days:
            items.extend(
                OutboxItem(
                    recipient_id=coordinator,
                    kind=Kind.AT_RISK,
                    occasion=f"{person.user_id}:{streak}",
                    template="notice_at_risk",
                    context={"person_id": person.user_id, "name": person.name, "days": silent},
                    not_before=now,
                    expires_at=now + timedelta(days=7),
                )
                for coordinator in person.coordinator_ids
            )
    return items


def find_outcome_follow_ups(now: datetime, source: EnrolmentSource) -> list[OutboxItem]:
    """Ask people what they do now, six months after their enrolment ended."""
    last = (now - OUTCOME_AFTER).date()
    first = (now - OUTCOME_AFTER - OUTCOME_WINDOW).date()
    items = []
    for ended in source.ended_between(first, last):
        due = datetime.combine(ended.ended_on, datetime.min.time()) + OUTCOME_AFTER
        items.append(
            OutboxItem(
                recipient_id=ended.user_id,
                kind=Kind.OUTCOME_FOLLOW_UP,
                occasion=f"enrolment:{ended.enrolment_id}",
                template="reminder_outcome_follow_up",
                context={"enrolment_id": ended.enrolment_id, "programme": ended.programme_name},
                not_before=max(due, now),
                expires_at=due + OUTCOME_WINDOW,
            )
        )
    return items


def find_digests(now: datetime, source: DigestSource) -> list[OutboxItem]:
    """Write each coordinator and coach one digest per ISO week."""
    year, week, weekday = now.isocalendar()
    week_end = datetime.combine(now.date(), datetime.min.time()) + timedelta(days=8 - weekday)
    return [
        OutboxItem(
            recipient_id=digest.staff_id,
            kind=Kind.DIGEST,
            occasion=f"{year}-W{week:02d}",
            template="digest",
            context={
                "people_at_risk": ", ".join(digest.people_at_risk),
                "at_risk_count": len(digest.people_at_risk),
                "upcoming_sessions": digest.upcoming_sessions,
                "missed_check_ins": digest.missed_check_ins,
            },
            not_before=now,
            expires_at=week_end,
        )
        for digest in source.digests(now, now - AT_RISK_AFTER)
    ]
