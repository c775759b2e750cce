"""Who the load test signs in as, and the check that nothing they were told was saved is lost.

Both run inside an application context on the benchmark's database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa

from benchmarks._load_scenarios import Coordinator, Outcome, Participant
from mentoring.bookings.models import ACTIVE, Booking
from mentoring.extensions import db
from mentoring.matches.models import Pairing
from mentoring.notices import links
from mentoring.notices.models import CheckIn
from mentoring.programmes.models import Cohort, ProgrammeStaff
from mentoring.users.models import User


def check_in_path(user_id: int, pairing_id: int, occasion: str) -> str:
    """Return the path of a check-in link, as the email about a pairing carries it."""
    payload = {"u": user_id, "sk": "pairing", "si": pairing_id, "o": occasion}
    return "/notifications/check-in/" + links.make_token(links.CHECK_IN, payload)


def pick_participants(count: int, password_hash: str, visits: int, run: str) -> list[Participant]:
    """Give ``count`` mentees with an active pairing a password; one check-in link per visit."""
    rows = db.session.execute(
        sa.select(Pairing, User)
        .join(User, User.id == Pairing.mentee_id)
        .where(Pairing.status == "active", User.is_enabled.is_(True))
        .order_by(Pairing.id)
        .limit(count)
    ).all()
    if len(rows) < count:
        raise SystemExit(f"the database has only {len(rows)} participants with a mentor")
    people = []
    for pairing, user in rows:
        user.password_hash = password_hash
        paths = tuple(check_in_path(user.id, pairing.id, f"{run}:{n}") for n in range(visits))
        people.append(Participant(user.email, pairing.mentor_id, paths))
    db.session.commit()
    return people


def coordinator_of(email: str) -> Coordinator:
    """Return a coordinator with the programme they work in and its latest cohort."""
    row = db.session.execute(
        sa.select(User.email, ProgrammeStaff.programme_id, Cohort.id)
        .join(ProgrammeStaff, ProgrammeStaff.user_id == User.id)
        .join(Cohort, Cohort.programme_id == ProgrammeStaff.programme_id)
        .where(User.email == email)
        .order_by(Cohort.id.desc())
    ).first()
    if row is None:
        raise SystemExit(f"{email} works in no programme with a cohort")
    return Coordinator(row.email, row.programme_id, row.id)


def password_hash_of(email: str) -> str:
    found = db.session.scalar(sa.select(User.password_hash).where(User.email == email))
    if not found:
        raise SystemExit(f"{email} has no password")
    return found


def two_factor_code() -> Callable[[int], str] | None:
    """Return the demo accounts' codes (now, then the next half-minute's), if two-factor exists."""
    try:
        from mentoring.db import utcnow
        from mentoring.demo.seed import DEMO_TOTP_SECRET
        from mentoring.two_factor import totp
    except ImportError:
        return None
    return lambda attempt: totp.code_for(DEMO_TOTP_SECRET, totp.step_at(utcnow()) + attempt)


def nothing_lost(outcome: Outcome, people: Sequence[Participant], run: str) -> list[str]:
    """Return what the server said it saved but the database lacks (empty: nothing lost)."""
    db.session.expire_all()
    found = db.session.execute(
        sa.select(Booking.id, Booking.status, User.email)
        .join(User, User.id == Booking.participant_id)
        .where(Booking.id.in_(outcome.booked))
    ).all()
    held = {row.id for row in found if row.status == ACTIVE}
    problems = [f"booking {b} was accepted but is missing" for b in set(outcome.booked) - held]
    emails = {person.email for person in people}
    problems += [f"booking {r.id} belongs to {r.email}" for r in found if r.email not in emails]
    answers = db.session.scalar(
        sa.select(sa.func.count()).select_from(CheckIn).where(CheckIn.occasion.like(f"{run}:%"))
    )
    if answers != len(outcome.check_ins):
        problems.append(f"{len(outcome.check_ins)} check-ins accepted, {answers} stored")
    return problems
