"""Each enrolment's stored last activity equals its latest event, whichever way events arrive."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from mentoring import create_app
from mentoring.activity.events import EventRow, record_event, record_events
from mentoring.activity.models import ActivityEvent
from mentoring.bookings.records import mark_attendance
from mentoring.demo.seed import DemoSize, seed_demo
from mentoring.engagement.outcomes import record_follow_up
from mentoring.extensions import db
from mentoring.profiles.input import ProfileInput
from mentoring.profiles.services import save_profile
from mentoring.programmes.models import Enrollment
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import make_booking, make_pair
from tests.conftest import base_config
from tests.engagement_factories import add_event, end_enrolment
from tests.factories import enrol, make_cohort, make_programme, make_user


def _stored_and_derived() -> tuple[dict[int, datetime | None], dict[int, datetime | None]]:
    """Per enrolment: the stored column, and the latest event of its person in its cohort."""
    latest = (
        sa.select(sa.func.max(ActivityEvent.at))
        .where(
            ActivityEvent.user_id == Enrollment.user_id,
            ActivityEvent.cohort_id == Enrollment.cohort_id,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(sa.select(Enrollment.id, Enrollment.last_activity_at, latest)).all()
    return {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}


def _assert_consistent() -> None:
    db.session.expire_all()
    stored, derived = _stored_and_derived()
    assert stored == derived


def test_an_event_moves_its_enrolment_forward_and_never_back(app: Flask) -> None:
    cohort = make_cohort()
    user = make_user(Role.PARTICIPANT)
    enrolment = enrol(user, cohort)
    record_event(user.id, "login", datetime(2026, 3, 5, 9))
    record_event(user.id, "session_attended", datetime(2026, 3, 1, 9))  # dated at the session
    db.session.commit()
    assert db.session.get(Enrollment, enrolment.id).last_activity_at == datetime(2026, 3, 5, 9)
    _assert_consistent()


def test_an_event_counts_for_the_open_enrolment_only(app: Flask) -> None:
    programme = make_programme()
    spring = make_cohort(programme, name="Spring", starts_on=date(2026, 1, 1))
    autumn = make_cohort(programme, name="Autumn", starts_on=date(2026, 8, 1))
    user = make_user(Role.PARTICIPANT)
    first = enrol(user, spring, started_on=date(2026, 1, 1))
    record_event(user.id, "login", datetime(2026, 2, 1, 9))
    db.session.commit()
    end_enrolment(first, date(2026, 3, 1), "completed")
    second = enrol(user, autumn, started_on=date(2026, 8, 1))
    record_event(user.id, "login", datetime(2026, 9, 1, 9))
    db.session.commit()
    assert db.session.get(Enrollment, first.id).last_activity_at == datetime(2026, 2, 1, 9)
    assert db.session.get(Enrollment, second.id).last_activity_at == datetime(2026, 9, 1, 9)
    _assert_consistent()


def test_every_way_of_recording_keeps_last_activity_equal_to_the_events(
    app: Flask, auth: AuthActions
) -> None:
    host, participant, cohort = make_pair()
    auth.login(participant.email)  # sign-in
    save_profile(participant, ProfileInput(bio="Hello"))  # profile change
    start = datetime(2026, 3, 2, 10)
    booking = make_booking(host, participant, start)
    mark_attendance(host, booking.id, "attended", now=start + timedelta(days=2))  # in the past
    other = make_user(Role.PARTICIPANT)
    ended = end_enrolment(enrol(other, cohort), date(2026, 4, 1), "completed")
    record_follow_up(ended, "studies", datetime(2026, 10, 2, 9))  # no open enrolment: no cohort
    db.session.commit()
    # Bulk history (the demo's path), out of order and for a cohort the person is not in.
    outsider = make_cohort(make_programme(), name="Elsewhere")
    record_events(
        [
            EventRow(other.id, "login", datetime(2026, 3, 20), cohort.programme_id, cohort.id),
            EventRow(other.id, "login", datetime(2026, 3, 10), cohort.programme_id, cohort.id),
            EventRow(other.id, "login", datetime(2026, 5, 1), outsider.programme_id, outsider.id),
        ]
    )
    add_event(participant, datetime(2020, 1, 1), cohort=cohort)  # older than the rest
    db.session.commit()
    _assert_consistent()
    mine = db.session.scalar(
        sa.select(Enrollment.last_activity_at).where(Enrollment.user_id == participant.id)
    )
    assert mine is not None and mine > start  # the sign-in, not the session or 2020
    assert db.session.get(Enrollment, ended.id).last_activity_at == datetime(2026, 3, 20)


def test_the_demo_seed_keeps_last_activity_consistent(app: Flask) -> None:
    seed_demo(
        seed=7,
        size=DemoSize(participants=30, mentors=8, ambassadors=2, coaches=1, coordinators=1),
    )
    _assert_consistent()
    stored, _derived = _stored_and_derived()
    assert sum(value is not None for value in stored.values()) > 20


def test_the_migration_fills_last_activity_from_existing_events(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'backfill.sqlite3'}"
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=uri))
    with app.app_context():
        upgrade(revision="0010_reminder_days")
        now = datetime(2026, 1, 1)
        statements = [
            "INSERT INTO users (id, email, name, locale, timezone, is_enabled, session_version,"
            " created_at) VALUES (1, 'a@x.org', 'A', 'en', 'Europe/Stockholm', 1, 0, :now)",
            "INSERT INTO programmes (id, name, description, languages, skill_catalogue,"
            " tool_goals, default_meeting_format, timezone, created_at)"
            " VALUES (1, 'P', '', '[]', '[]', '{}', 'either', 'Europe/Stockholm', :now)",
            "INSERT INTO cohorts (id, programme_id, name, starts_on)"
            " VALUES (1, 1, 'C', '2026-01-01'), (2, 1, 'D', '2026-01-01')",
            "INSERT INTO enrollments (id, cohort_id, user_id, started_on)"
            " VALUES (1, 1, 1, '2026-01-01'), (2, 2, 1, '2026-01-01')",
            "INSERT INTO activity_events (user_id, kind, at, programme_id, cohort_id)"
            " VALUES (1, 'login', '2026-02-03 10:00:00.000000', 1, 1),"
            " (1, 'login', '2026-02-01 10:00:00.000000', 1, 1)",
        ]  # fmt: skip
        with db.engine.begin() as connection:
            for statement in statements:
                connection.execute(sa.text(statement), {"now": now})
        upgrade(revision="0011_engagement_activity")
        # Plain SQL: today's model has columns that later migrations add.
        filled = dict(
            db.session.execute(sa.text("SELECT id, last_activity_at FROM enrollments")).all()
        )
        assert filled == {1: "2026-02-03 10:00:00.000000", 2: None}
        db.session.remove()
        db.engine.dispose()
