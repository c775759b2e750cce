"""Group sessions: seat limits, waiting-list promotion, mastermind meetings, hours."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mentoring.bookings.group_sessions import (
    create_mastermind,
    create_training,
    join_session,
    leave_session,
    mark_group_attendance,
    visible_sessions,
)
from mentoring.bookings.records import attended_hours
from mentoring.errors import Forbidden, NotFound, ValidationError
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import NOW, make_host, make_participant
from tests.factories import make_cohort, make_programme, make_user

START = datetime(2026, 3, 26, 14)


def test_seats_fill_then_the_waiting_list_moves_up_in_order(app: Flask) -> None:
    cohort = make_cohort()
    host = make_host(Role.AMBASSADOR, cohort=cohort)
    training = create_training(
        host, title="Outlook calendar", starts_at=START, minutes=60, seats=2, now=NOW
    )
    people = [make_participant(cohort) for _ in range(4)]
    statuses = [
        join_session(p, training.id, now=NOW + timedelta(minutes=i)).status
        for i, p in enumerate(people)
    ]
    assert statuses == ["booked", "booked", "waiting", "waiting"]
    assert join_session(people[0], training.id, now=NOW).status == "booked"  # twice is once
    leave_session(people[1], training.id, now=NOW)
    assert [s.user_id for s in training.booked] == [people[0].id, people[2].id]
    assert [s.user_id for s in training.waiting] == [people[3].id]
    assert training.booked_count == 2
    leave_session(people[3], training.id, now=NOW)  # leaving the waiting list frees nothing
    leave_session(people[0], training.id, now=NOW)
    assert training.booked_count == 1 and training.waiting == []
    assert join_session(people[1], training.id, now=NOW).status == "booked"


def test_trainings_are_for_people_in_the_hosts_programmes(app: Flask) -> None:
    cohort = make_cohort()
    host = make_host(Role.AMBASSADOR, cohort=cohort)
    training = create_training(host, title="Teams", starts_at=START, minutes=60, seats=5, now=NOW)
    outsider = make_participant(make_cohort(make_programme()))
    with pytest.raises(NotFound):
        join_session(outsider, training.id, now=NOW)
    assert visible_sessions(outsider, now=NOW) == []
    assert visible_sessions(make_participant(cohort), now=NOW) == [training]


def test_training_input_is_checked(app: Flask) -> None:
    host = make_host(Role.AMBASSADOR)
    with pytest.raises(ValidationError):
        create_training(
            host, title="Teams", starts_at=NOW - timedelta(hours=1), minutes=60, seats=5, now=NOW
        )
    with pytest.raises(ValidationError):
        create_training(host, title="Teams", starts_at=START, minutes=60, seats=0, now=NOW)
    with pytest.raises(Forbidden):
        create_training(
            make_host(Role.MENTOR), title="T", starts_at=START, minutes=60, seats=5, now=NOW
        )


def test_coach_schedules_weekly_mastermind_meetings_at_the_same_local_time(app: Flask) -> None:
    programme = make_programme()
    coach = make_user(Role.COACH)
    from mentoring.extensions import db
    from mentoring.programmes.models import ProgrammeStaff

    db.session.add(ProgrammeStaff(programme=programme, user=coach))
    db.session.commit()
    cohort = make_cohort(programme)
    members = [make_participant(cohort) for _ in range(3)]
    first = datetime(2026, 3, 24, 17)  # Tuesday 18:00 CET
    meetings = create_mastermind(
        coach,
        title="Group A",
        starts_at=first,
        minutes=90,
        attendee_ids=[m.id for m in members],
        weeks=3,
        now=NOW,
    )
    # After the change on 29 March, 18:00 CEST is 16:00 UTC.
    assert [m.starts_at for m in meetings] == [
        first,
        datetime(2026, 3, 31, 16),
        datetime(2026, 4, 7, 16),
    ]
    assert {s.user_id for s in meetings[0].booked} == {m.id for m in members}
    assert len({m.series_key for m in meetings}) == 1
    with pytest.raises(NotFound):  # the coach picks members; others do not see the meeting
        join_session(make_participant(cohort), meetings[0].id, now=NOW)
    with pytest.raises(Forbidden):
        join_session(members[0], meetings[0].id, now=NOW)
    with pytest.raises(ValidationError):
        create_mastermind(
            coach,
            title="X",
            starts_at=first,
            minutes=90,
            attendee_ids=[make_participant().id],
            now=NOW,
        )
    later = meetings[0].ends_at + timedelta(minutes=1)
    mark_group_attendance(
        coach, meetings[0].id, {members[0].id: "attended", members[1].id: "no_show"}, now=later
    )
    assert attended_hours(members[0].id).as_participant == 1.5
    assert attended_hours(members[1].id).as_participant == 0
    assert attended_hours(coach.id).as_host == 1.5


def test_group_pages_join_and_waiting_list(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    cohort = make_cohort()
    host = make_host(Role.AMBASSADOR, cohort=cohort)
    auth.login(host.email)
    response = client.post(
        "/group-sessions/trainings",
        data={
            "title": "Excel basics",
            "starts_at": "2030-05-06T10:00",
            "minutes": "60",
            "seats": "1",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    path = response.headers["Location"]
    first, second = app.test_client(), app.test_client()
    AuthActions(first).login(make_participant(cohort).email)
    AuthActions(second).login(make_participant(cohort).email)
    assert "Excel basics" in first.get("/group-sessions").get_data(as_text=True)
    assert "You have a seat" in first.post(f"{path}/join", follow_redirects=True).get_data(
        as_text=True
    )
    assert "waiting list" in second.post(f"{path}/join", follow_redirects=True).get_data(
        as_text=True
    )
    first.post(f"{path}/leave")
    assert "You have a seat" in second.get(path).get_data(as_text=True)


def test_the_api_answers_seat_statuses_its_document_lists(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    from mentoring.api.openapi import openapi_document
    from mentoring.db import utcnow
    from tests.bookings_factories import make_training

    seat = openapi_document(app)["paths"]["/group-sessions/{session_id}/leave"]["post"]
    schema = seat["responses"]["200"]["content"]["application/json"]["schema"]
    documented = schema["properties"]["status"]["enum"]
    cohort = make_cohort()
    training = make_training(
        make_host(Role.AMBASSADOR, cohort=cohort), utcnow() + timedelta(days=3)
    )
    auth.login(make_participant(cohort).email)
    path = f"/api/v1/group-sessions/{training.id}"
    joined = client.post(f"{path}/seats", json={})
    left = client.post(f"{path}/leave", json={})
    assert (joined.status_code, left.status_code) == (201, 200)
    assert joined.get_json()["status"] == "booked" and left.get_json()["status"] in documented
