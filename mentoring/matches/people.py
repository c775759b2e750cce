"""Turn profiles into the matcher's `Person`s, applying a programme's rules."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from matching import MatchConfig, Person
from mentoring.activity.events import last_active, last_activity_subquery
from mentoring.activity.rhythm import reminder_days
from mentoring.extensions import db
from mentoring.matches.models import ACTIVE_STATUSES, MatchingRules, MentorAway, Pairing
from mentoring.profiles.models import Profile
from mentoring.programmes.members import member_ids
from mentoring.programmes.models import Cohort
from mentoring.users.models import User
from mentoring.users.roles import Role

HOURS_PER_WEEK = 168


def shift_hours(hours: Iterable[int], from_zone: str, to_zone: str, at: datetime) -> list[int]:
    """Move weekly hours from one time zone to another, using the offsets in force at ``at``."""
    source, target = ZoneInfo(from_zone), ZoneInfo(to_zone)
    offset = target.utcoffset(at) - source.utcoffset(at)  # type: ignore[operator]
    shift = int(offset.total_seconds() // 3600)
    return sorted({(hour + shift) % HOURS_PER_WEEK for hour in hours})


def config_for(rules: MatchingRules) -> MatchConfig:
    """The matcher's configuration for a programme's rules."""
    extra = {"objective": "max_score"} if rules.objective == "best_scores" else {}
    return MatchConfig(
        skills_weight=rules.skills_weight,
        goals_weight=rules.goals_weight,
        interests_weight=rules.interests_weight,
        text_weight=rules.text_weight,
        place_weight=rules.place_weight,
        hours_weight=rules.hours_weight,
        min_common_hours=rules.min_common_hours,
        **extra,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Pool:
    """Who a run may pair, as the matcher sees them, and the users behind them."""

    mentees: list[Person]
    mentors: list[Person]
    users: dict[int, User]


def person_from(user: User, profile: Profile, zone: str, at: datetime, **extra: object) -> Person:
    attributes = {"gender": profile.gender} if profile.gender else {}
    return Person(
        id=str(user.id),
        offers={s.name: s.level for s in profile.skills if s.direction == "offer"},
        wants={s.name: s.level for s in profile.skills if s.direction == "want"},
        goals=frozenset(profile.goals),
        interests=frozenset(profile.interests),
        languages=frozenset(row.language for row in profile.languages),
        municipality=profile.municipality,
        remote_ok=profile.meeting_format != "in_person",
        availability=shift_hours(profile.availability, user.timezone, zone, at),
        attributes=attributes,
        text=" ".join(filter(None, [profile.bio, profile.goal_field])),
        **extra,  # type: ignore[arg-type]
    )


def _enrolled(cohort: Cohort, role: Role) -> list[tuple[User, Profile]]:
    query = (
        sa.select(User, Profile)
        .join(Profile, Profile.user_id == User.id)
        .where(User.id.in_(member_ids(cohort.id, role)), User.is_enabled)
        .order_by(User.id)
    )
    return [(user, profile) for user, profile in db.session.execute(query)]


def current_load(user_ids: Sequence[int]) -> Counter[int]:
    """How many current pairings each mentor has."""
    rows = db.session.scalars(
        sa.select(Pairing.mentor_id).where(
            Pairing.mentor_id.in_(user_ids), Pairing.status.in_(ACTIVE_STATUSES)
        )
    )
    return Counter(rows)


def _history(user_ids: Sequence[int]) -> tuple[dict[int, set[int]], set[int]]:
    """Earlier partners of each mentee (never paired again), and mentees paired right now."""
    earlier: dict[int, set[int]] = defaultdict(set)
    current: set[int] = set()
    query = sa.select(Pairing.mentee_id, Pairing.mentor_id, Pairing.status).where(
        Pairing.mentee_id.in_(user_ids)
    )
    for mentee_id, mentor_id, status in db.session.execute(query):
        earlier[mentee_id].add(mentor_id)
        if status in ACTIVE_STATUSES:
            current.add(mentee_id)
    return earlier, current


# A mentor silent this long is flagged at risk by the reminders (issue 6) and gets no new
# mentees until they are active again: inactive mentors are the most common complaint.
# Programmes that set their own first-nudge day n flag people at 4n, as the reminders do.
SILENT_MENTOR_DAYS = 28


def silent_days(programme_id: int) -> int:
    days = reminder_days({programme_id}).get(programme_id)
    return 4 * days[1] if days else SILENT_MENTOR_DAYS


def _silent(user_ids: Sequence[int], now: datetime, days: int) -> set[int]:
    last = last_activity_subquery()
    active = last_active(last.c.last_at)
    query = (
        sa.select(User.id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .outerjoin(last, last.c.user_id == User.id)
        .where(User.id.in_(user_ids), active < now - timedelta(days=days))
    )
    return set(db.session.scalars(query))


def _away(user_ids: Sequence[int], today: date) -> set[int]:
    query = sa.select(MentorAway.user_id).where(
        MentorAway.user_id.in_(user_ids), MentorAway.starts_on <= today, MentorAway.ends_on >= today
    )
    return set(db.session.scalars(query))


def build_pool(
    cohort: Cohort,
    rules: MatchingRules,
    *,
    now: datetime,
    skip_mentees: set[int] = frozenset(),  # type: ignore[assignment]
    used_capacity: Counter[int] | None = None,
    excluded_pairs: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
) -> Pool:
    """Mentees still to pair and mentors with room, with history and rules applied."""
    zone = cohort.programme.timezone
    mentee_rows = _enrolled(cohort, Role.PARTICIPANT)
    mentor_rows = _enrolled(cohort, Role.MENTOR)
    mentor_ids = [u.id for u, _ in mentor_rows]
    load = current_load(mentor_ids) + (used_capacity or Counter())
    away = _away(mentor_ids, now.date()) | _silent(
        mentor_ids, now, silent_days(cohort.programme_id)
    )
    earlier, paired_now = _history([u.id for u, _ in mentee_rows])
    genders = {u.id: p.gender for u, p in mentor_rows}
    mentors = [
        person_from(user, profile, zone, now, capacity=profile.capacity - load[user.id])
        for user, profile in mentor_rows
        if user.id not in away and profile.capacity - load[user.id] > 0
    ]
    mentees = []
    for user, profile in mentee_rows:
        if user.id in paired_now or user.id in skip_mentees:
            continue
        excluded = set(earlier[user.id]) | {m for (e, m) in excluded_pairs if e == user.id}
        if rules.honour_same_gender and profile.same_gender_mentor:
            excluded |= {m for m, g in genders.items() if not g or g != profile.gender}
        person = person_from(user, profile, zone, now, excluded=frozenset(str(i) for i in excluded))
        mentees.append(person)
    if rules.same_municipality:
        mentees = [_in_person(p) for p in mentees]
    users = {u.id: u for u, _ in mentee_rows + mentor_rows}
    return Pool(mentees=mentees, mentors=mentors, users=users)


def _in_person(person: Person) -> Person:
    return replace(person, remote_ok=False)


def participants_of(cohort: Cohort, *, now: datetime) -> tuple[list[Person], dict[int, User]]:
    """The cohort's current participants as the matcher sees them (for peer groups)."""
    zone = cohort.programme.timezone
    rows = _enrolled(cohort, Role.PARTICIPANT)
    people = [person_from(user, profile, zone, now) for user, profile in rows]
    return people, {user.id: user for user, _ in rows}
