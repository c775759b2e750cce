"""A small populated world for the trust tests: every role, a programme, a linked pair, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from mentoring.bookings.models import Booking
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.bookings_factories import make_booking, make_host, make_participant
from tests.engagement_factories import add_event, add_feedback, add_outcome
from tests.factories import make_cohort, make_profile, make_programme, make_user


@dataclass
class World:
    staff: dict[Role, User]
    cohort: Cohort
    mentor: User
    participant: User
    enrolment: Enrollment
    booking: Booking


def make_world(
    *, name: str = "Zyxwv Qwertyson", email: str = "zyxwv.qwertyson@example.org"
) -> World:
    """Staff for every role, a cohort, a mentor with a linked participant who has some history."""
    staff = {role: make_user(role, email=f"{role.value}@example.org") for role in Role}
    programme = make_programme(staff=(staff[Role.COORDINATOR], staff[Role.COACH]))
    cohort = make_cohort(programme)
    mentor = make_host(Role.MENTOR, cohort=cohort)
    participant = make_participant(cohort, host=mentor)
    participant.name, participant.email = name, email
    db.session.commit()
    make_profile(participant)
    enrolment = participant_enrolment(participant)
    booking = make_booking(mentor, participant, datetime(2026, 3, 2, 10), attendance="attended")
    add_event(participant, datetime(2026, 3, 2, 11), cohort=cohort)
    add_feedback(participant, cohort, host=mentor)
    add_outcome(participant, enrolment, "job", date(2026, 6, 1))
    return World(staff, cohort, mentor, participant, enrolment, booking)


def participant_enrolment(user: User) -> Enrollment:
    found = db.session.scalar(sa.select(Enrollment).where(Enrollment.user_id == user.id))
    assert found is not None
    return found
