"""Activity events recorded by other areas' services, and read by inactivity reminders."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from mentoring.activity.models import ActivityEvent
from mentoring.bookings.records import mark_attendance
from mentoring.engagement.models import Outcome
from mentoring.engagement.outcomes import record_follow_up
from mentoring.extensions import db
from mentoring.notices.adapters import SqlActivity
from mentoring.profiles.input import ProfileInput
from mentoring.profiles.services import save_profile
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import make_booking, make_pair
from tests.engagement_factories import add_event, end_enrolment
from tests.factories import enrol, make_cohort, make_user


def _events(user_id: int) -> list[tuple[str, int | None]]:
    rows = db.session.execute(
        sa.select(ActivityEvent.kind, ActivityEvent.programme_id)
        .where(ActivityEvent.user_id == user_id)
        .order_by(ActivityEvent.id)
    )
    return [(kind, programme_id) for kind, programme_id in rows]


def test_signing_in_records_a_login_event_in_the_current_programme(
    app: Flask, auth: AuthActions
) -> None:
    cohort = make_cohort()
    user = make_user(Role.PARTICIPANT)
    enrol(user, cohort)
    auth.login(user.email)
    assert _events(user.id) == [("login", cohort.programme_id)]


def test_marking_attendance_records_attended_or_no_show_for_the_participant(app: Flask) -> None:
    host, participant, _cohort = make_pair()
    start = datetime(2026, 3, 2, 10)
    first = make_booking(host, participant, start)
    second = make_booking(host, participant, start + timedelta(days=1))
    mark_attendance(host, first.id, "attended", now=start + timedelta(days=3))
    mark_attendance(host, second.id, "no_show", now=start + timedelta(days=3))
    kinds = [kind for kind, _p in _events(participant.id)]
    assert kinds == ["session_attended", "session_no_show"]
    assert (
        db.session.scalar(
            sa.select(ActivityEvent.at).where(ActivityEvent.kind == "session_attended")
        )
        == start
    )


def test_saving_a_profile_records_a_profile_update(app: Flask) -> None:
    user = make_user(Role.PARTICIPANT)
    save_profile(user, ProfileInput(bio="Hello"))
    assert [kind for kind, _p in _events(user.id)] == ["profile_update"]


def test_follow_up_answer_becomes_an_outcome_and_a_survey_event(app: Flask) -> None:
    cohort = make_cohort()
    user = make_user(Role.PARTICIPANT)
    enrolment = end_enrolment(enrol(user, cohort), date(2026, 10, 1), "completed")
    record_follow_up(enrolment, "studies", datetime(2027, 4, 2, 9))
    record_follow_up(enrolment, "looking", datetime(2027, 4, 2, 9))
    db.session.commit()
    outcomes = db.session.scalars(sa.select(Outcome)).all()
    assert [(o.kind, o.source, o.achieved_on) for o in outcomes] == [
        ("studies", "follow_up", date(2027, 4, 2))
    ]
    assert [kind for kind, _p in _events(user.id)] == ["survey_answered", "survey_answered"]


def test_inactivity_reminders_read_the_latest_activity_event(app: Flask) -> None:
    cohort = make_cohort()
    user = make_user(Role.PARTICIPANT)
    enrol(user, cohort)
    late = datetime(2030, 1, 1, 8)
    add_event(user, late, cohort=cohort, kind="session_attended")
    (person,) = SqlActivity(db.session).activity(late + timedelta(days=1))
    assert person.last_active_at == late
