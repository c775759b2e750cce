"""Demo data for bookings: host availability, the pairings and routes that let participants
book hosts, past sessions with attendance and notes, a drop-in training with a waiting list
and a weekly mastermind series."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from mentoring.bookings.availability import zone_of
from mentoring.bookings.group_models import BOOKED, WAITING, GroupSeat, GroupSession
from mentoring.bookings.group_sessions import weekly_starts
from mentoring.bookings.models import AvailabilityWindow, Booking, HostSettings, SessionNote
from mentoring.bookings.slots import local_to_utc, utc_to_local
from mentoring.extensions import db
from mentoring.matches.models import AmbassadorRoute, Pairing
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role

# (weekday, start hour, end hour) patterns in the host's own time zone.
PATTERNS = (
    ((1, 17, 20), (3, 17, 20)),
    ((0, 9, 12), (2, 9, 12), (4, 13, 15)),
    ((2, 18, 21),),
    ((0, 13, 16), (3, 9, 11)),
)
NOTES = (
    ("We went through the CV and the cover letter.", "Rewrite the profile summary."),
    ("Practised a job interview in Swedish.", "Prepare three examples of teamwork."),
    ("Set up Outlook rules and the shared calendar.", "Try the rules for a week."),
)


def _people(role: Role) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User).join(UserRole).where(UserRole.role == role.value).order_by(User.id)
        )
    )


def seed_bookings(rng: random.Random, *, now: datetime, demo_emails: dict[Role, str]) -> None:
    """Give every host availability, and add past sessions and group sessions."""
    hosts = _people(Role.MENTOR) + _people(Role.AMBASSADOR) + _people(Role.COACH)
    participants = [
        p for p in _people(Role.PARTICIPANT) if p.email != demo_emails[Role.PARTICIPANT]
    ]
    demo_participant = db.session.scalar(
        sa.select(User).where(User.email == demo_emails[Role.PARTICIPANT])
    )
    busy: dict[int, set[datetime]] = {}
    learners_of = _link_learners(rng, hosts, participants, demo_participant, demo_emails, now)
    for host in hosts:
        ambassador = host.has_role(Role.AMBASSADOR)
        settings = HostSettings(
            user_id=host.id,
            session_minutes=30 if ambassador else 60,
            buffer_minutes=rng.choice((0, 15)),
            notice_hours=24,
            horizon_days=30,
            place=rng.choice(("Stadsbiblioteket, grupprum 3", "Kirjasto, huone 2", "")),
            video_link="https://meet.example.org/" + host.email.split("@")[0],
            max_per_week=rng.choice((None, 5, 8)),
        )
        pattern = PATTERNS[0] if host.email == demo_emails[Role.MENTOR] else rng.choice(PATTERNS)
        settings.windows = [
            AvailabilityWindow(weekday=d, start_minute=s * 60, end_minute=e * 60)
            for d, s, e in pattern
        ]
        db.session.add(settings)
        every_week = host.email == demo_emails[Role.MENTOR]
        _past_sessions(rng, host, settings, learners_of.get(host.id, []), now, busy, every_week)
    _group_sessions(rng, now, participants, demo_emails)


def _link_learners(
    rng: random.Random,
    hosts: list[User],
    participants: list[User],
    demo_participant: User | None,
    emails: dict[Role, str],
    now: datetime,
) -> dict[int, list[User]]:
    """Link participants to hosts as matching would; return who each host may have met.

    Only linked participants may book a host (``bookable_hosts``), so every past session is
    with one: mentors get active pairings (within their capacity, one current mentor per
    participant, in their own cohort; the demo mentor has the demo participant), ambassadors
    open routes for a tool they offer. Coaches meet their groups in group sessions.
    """
    open_rows = db.session.execute(
        sa.select(Enrollment.user_id, Cohort).join(Cohort).where(Enrollment.ended_on.is_(None))
    )
    cohort_of = {user_id: cohort for user_id, cohort in open_rows}
    profiles = {
        p.user_id: p
        for p in db.session.scalars(sa.select(Profile).where(Profile.user_id.in_(cohort_of)))
    }
    unpaired = [p for p in participants if p.id in cohort_of]
    started = (now - timedelta(weeks=7)).date()
    routed: set[tuple[int, str]] = set()
    learners_of: dict[int, list[User]] = {}
    for host in hosts:
        cohort, profile = cohort_of.get(host.id), profiles.get(host.id)
        if cohort is None or profile is None or profile.capacity < 1:
            continue
        same = [p for p in unpaired if cohort_of[p.id] is cohort]
        if host.has_role(Role.MENTOR):
            if host.email == emails[Role.MENTOR] and demo_participant is not None:
                mentees = [demo_participant]
            else:
                mentees = same[: rng.randint(0, profile.capacity)]
            unpaired = [p for p in unpaired if p not in mentees]
            for mentee in mentees:
                db.session.add(_pairing(cohort, host, mentee, started))
            learners_of[host.id] = mentees
        elif host.has_role(Role.AMBASSADOR):
            tools = sorted(s.name for s in profile.skills if s.direction == "offer")
            pool = [p for p in participants if p.id in cohort_of and cohort_of[p.id] is cohort]
            chosen = rng.sample(pool, min(len(pool), rng.randint(1, profile.capacity)))
            learners_of[host.id] = []
            for learner in chosen:
                tool = rng.choice(tools) if tools else "Teams"
                if (learner.id, tool) in routed:
                    continue
                routed.add((learner.id, tool))
                learners_of[host.id].append(learner)
                db.session.add(
                    AmbassadorRoute(
                        programme_id=cohort.programme_id,
                        learner_id=learner.id,
                        ambassador_id=host.id,
                        tool=tool,
                        level_before=rng.randint(0, 2),
                        created_at=now - timedelta(weeks=7),
                    )
                )
    return learners_of


def _pairing(cohort: Cohort, mentor: User, mentee: User, started: date) -> Pairing:
    return Pairing(
        programme_id=cohort.programme_id,
        cohort_id=cohort.id,
        mentee_id=mentee.id,
        mentor_id=mentor.id,
        status="active",
        mentee_answer="accepted",
        mentor_answer="accepted",
        started_on=started,
        planned_end_on=started + timedelta(weeks=12),
    )


def _past_sessions(
    rng: random.Random,
    host: User,
    settings: HostSettings,
    learners: list[User],
    now: datetime,
    busy: dict[int, set[datetime]],
    every_week: bool,
) -> None:
    if not learners:
        return
    tz = zone_of(host)
    today = utc_to_local(now, tz).date()
    for weeks_ago in range(1, 7):
        for window in settings.windows:
            if not every_week and rng.random() < 0.55:
                continue
            day = today - timedelta(days=(today.weekday() - window.weekday) % 7 + 7 * weeks_ago)
            start = local_to_utc(day, window.start_minute, tz)
            learner = rng.choice(learners)
            if start is None or start in busy.setdefault(learner.id, set()):
                continue
            busy[learner.id].add(start)
            booking = Booking(
                host_id=host.id,
                participant_id=learner.id,
                starts_at=start,
                ends_at=start + timedelta(minutes=settings.session_minutes),
                place=settings.place,
                attendance=rng.choices(
                    ("attended", "no_show", "cancelled_late"), (0.8, 0.12, 0.08)
                )[0],
                created_at=start - timedelta(days=5),
                updated_at=start - timedelta(days=5),
            )
            if booking.attendance == "attended" and rng.random() < 0.5:
                text, steps = rng.choice(NOTES)
                booking.notes = [
                    SessionNote(
                        author_id=host.id, text=text, next_steps=steps, created_at=booking.ends_at
                    )
                ]
            db.session.add(booking)


def _group_sessions(
    rng: random.Random, now: datetime, participants: list[User], emails: dict[Role, str]
) -> None:
    ambassador = db.session.scalar(sa.select(User).where(User.email == emails[Role.AMBASSADOR]))
    coach = db.session.scalar(sa.select(User).where(User.email == emails[Role.COACH]))
    if ambassador is None or coach is None or len(participants) < 12:
        return
    tz = zone_of(ambassador)
    day = utc_to_local(now, tz).date() + timedelta(days=8)
    start = local_to_utc(day, 13 * 60, tz, strict=False)
    assert start is not None
    training = GroupSession(
        host_id=ambassador.id,
        kind="training",
        title="Teams för nybörjare / Teams for beginners",
        starts_at=start,
        ends_at=start + timedelta(minutes=60),
        seats=8,
        booked_count=8,
        place="Stadsbiblioteket, datorsalen",
    )
    chosen = rng.sample(participants, 10)
    training.seat_rows = [
        GroupSeat(
            user_id=p.id,
            status=BOOKED if i < 8 else WAITING,
            joined_at=now - timedelta(hours=10 - i),
        )
        for i, p in enumerate(chosen)
    ]
    db.session.add(training)
    members = rng.sample(participants, 5)
    first = local_to_utc(
        utc_to_local(now, zone_of(coach)).date() + timedelta(days=2),
        17 * 60,
        zone_of(coach),
        strict=False,
    )
    assert first is not None
    for meeting_start in weekly_starts(first, 6, coach):
        meeting = GroupSession(
            host_id=coach.id,
            kind="mastermind",
            title="Mastermind: vägen till jobb",
            starts_at=meeting_start,
            ends_at=meeting_start + timedelta(minutes=90),
            seats=None,
            booked_count=len(members),
            series_key="demo-mastermind",
        )
        meeting.seat_rows = [GroupSeat(user_id=m.id, status=BOOKED, joined_at=now) for m in members]
        db.session.add(meeting)
