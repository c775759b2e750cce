"""Who may book whom: the participant's mentor, routed ambassadors and group coach, no one else."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.api.fields import iso_utc
from mentoring.bookings.availability import bookable_hosts
from mentoring.bookings.finder import hosted_sessions
from mentoring.bookings.models import Booking
from mentoring.db import utcnow
from mentoring.demo.seed import DEMO_ACCOUNTS, DemoSize, seed_demo
from mentoring.extensions import db
from mentoring.matches.models import Pairing
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, ProgrammeStaff
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.app.test_bookings_api import next_weekday_at
from tests.auth import AuthActions
from tests.bookings_factories import link, make_booking, make_host, make_participant, make_training
from tests.factories import make_cohort, make_user
from tests.querycount import counting


def assert_can_book(client: FlaskClient, participant: User, host: User) -> None:
    """Listed on the page and the API, slots shown, and a booking goes through."""
    AuthActions(client).login(participant.email)
    assert f"Book a session with {host.name}" in client.get("/sessions").get_data(as_text=True)
    assert {"id": host.id, "name": host.name} in client.get("/api/v1/hosts").get_json()["hosts"]
    assert client.get(f"/sessions/hosts/{host.id}").status_code == 200
    start = next_weekday_at(1, 10)
    booked = client.post("/api/v1/bookings", json={"host_id": host.id, "starts_at": iso_utc(start)})
    assert booked.status_code == 201, booked.get_json()


def assert_cannot_book(client: FlaskClient, participant: User, host: User) -> None:
    """Not listed, and every booking route answers 404 as if the host did not exist."""
    AuthActions(client).login(participant.email)
    assert host.name not in client.get("/sessions").get_data(as_text=True)
    assert client.get("/api/v1/hosts").get_json()["hosts"] == []
    assert client.get(f"/sessions/hosts/{host.id}").status_code == 404
    start = next_weekday_at(1, 10)
    day = start.date().isoformat()
    assert client.get(f"/api/v1/hosts/{host.id}/slots?from={day}").status_code == 404
    assert client.get(f"/api/v1/hosts/{host.id}/availability").status_code == 404
    body = {"host_id": host.id, "starts_at": iso_utc(start)}
    refused = client.post("/api/v1/bookings", json=body)
    assert refused.status_code == 404 and refused.get_json()["error"] == "notfound"


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.MENTOR, "active"), (Role.MENTOR, "paused"), (Role.AMBASSADOR, None), (Role.COACH, None)],
    ids=["active-mentor", "paused-mentor", "routed-ambassador", "group-coach"],
)
def test_participant_books_their_mentor_routed_ambassador_and_group_coach(
    app: Flask, client: FlaskClient, role: Role, status: str | None
) -> None:
    cohort = make_cohort()
    host = make_host(role, cohort=cohort)
    participant = make_participant(cohort)
    link(participant, host, status=status)
    assert_can_book(client, participant, host)


def _cohort_mentor(participant: User, cohort: Cohort) -> User:
    mentor = make_host(cohort=cohort)
    link(make_participant(cohort), mentor)  # paired with someone else
    return mentor


def _pairing(status: str) -> Callable[[User, Cohort], User]:
    def build(participant: User, cohort: Cohort) -> User:
        mentor = make_host(cohort=cohort)
        link(participant, mentor, status=status)
        return mentor

    return build


def _route_done(participant: User, cohort: Cohort) -> User:
    ambassador = make_host(Role.AMBASSADOR, cohort=cohort)
    link(participant, ambassador, status="done")
    return ambassador


def _draft_group(participant: User, cohort: Cohort) -> User:
    coach = make_host(Role.COACH, cohort=cohort)
    link(participant, coach, status="draft")
    return coach


def _staff_coach(participant: User, cohort: Cohort) -> User:
    coach = make_host(Role.COACH)
    db.session.add(ProgrammeStaff(programme_id=cohort.programme_id, user_id=coach.id))
    db.session.commit()
    link(make_participant(cohort), coach)  # coaches another member's group
    return coach


@pytest.mark.parametrize(
    "build",
    [
        _cohort_mentor,
        _pairing("proposed"),
        _pairing("ended"),
        _route_done,
        _draft_group,
        _staff_coach,
    ],
    ids=[
        "cohort-mentor-not-paired",
        "pairing-proposed",
        "pairing-ended",
        "route-done",
        "group-draft",
        "programme-staff-coach",
    ],
)
def test_hosts_not_linked_by_matching_cannot_be_booked(
    app: Flask, client: FlaskClient, build: Callable[[User, Cohort], User]
) -> None:
    cohort = make_cohort()
    participant = make_participant(cohort)
    host = build(participant, cohort)
    assert_cannot_book(client, participant, host)


def test_after_the_pairing_ends_only_the_new_mentor_can_be_booked(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    cohort = make_cohort()
    old, new = make_host(cohort=cohort), make_host(cohort=cohort)
    participant = make_participant(cohort)
    pairing = link(participant, old)
    pairing.status = "ended"
    db.session.commit()
    link(participant, new)
    assert [h.id for h in bookable_hosts(participant)] == [new.id]
    auth.login(participant.email)
    day = next_weekday_at(1, 10).date().isoformat()
    assert client.get(f"/api/v1/hosts/{old.id}/slots?from={day}").status_code == 404
    assert client.get(f"/api/v1/hosts/{new.id}/slots?from={day}").status_code == 200


@contextmanager
def count_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def test_mentor_ambassador_and_coach_are_listed_by_one_query(app: Flask) -> None:
    cohort = make_cohort()
    mentor = make_host(cohort=cohort)
    ambassador = make_host(Role.AMBASSADOR, cohort=cohort)
    coach = make_host(Role.COACH, cohort=cohort)
    make_host(cohort=cohort)  # another mentor of the cohort
    participant = make_participant(cohort, hosts=(mentor, ambassador, coach))
    link(participant, ambassador, status="done")  # an old route besides the open one
    expected = sorted([mentor, ambassador, coach], key=lambda h: h.name)
    db.session.expire_all()
    participant = db.session.get(User, participant.id)
    with count_queries() as statements:
        hosts = bookable_hosts(participant)
    assert [h.id for h in hosts] == [h.id for h in expected]
    # The hosts and their roles (the sessions page names them) in one statement: never per host.
    assert len(statements) == 1 and "user_roles" in statements[0]
    with count_queries() as later:
        assert [sorted(h.roles) for h in hosts] == [sorted(h.roles) for h in expected]
    assert not later


def test_demo_links_every_past_session_and_gives_the_demo_participant_their_mentor(
    app: Flask,
) -> None:
    seed_demo(
        seed=5, size=DemoSize(participants=30, mentors=6, ambassadors=2, coaches=1, coordinators=1)
    )
    people = {u.email: u for u in db.session.scalars(sa.select(User))}
    demo = people[DEMO_ACCOUNTS[Role.PARTICIPANT]]
    assert [h.email for h in bookable_hosts(demo)] == [DEMO_ACCOUNTS[Role.MENTOR]]
    bookings = db.session.scalars(sa.select(Booking)).all()
    assert any(b.participant_id == demo.id for b in bookings)
    users = {u.id: u for u in people.values()}
    for booking in bookings:
        allowed = {h.id for h in bookable_hosts(users[booking.participant_id])}
        assert booking.host_id in allowed, booking
    load = db.session.execute(
        sa.select(Profile.capacity, sa.func.count(Pairing.id))
        .join(Pairing, Pairing.mentor_id == Profile.user_id)
        .where(Pairing.status == "active")
        .group_by(Profile.user_id, Profile.capacity)
    ).all()
    assert load and all(count <= capacity for capacity, count in load)


def test_a_hosts_bookings_and_group_sessions_are_read_in_one_statement(app: Flask) -> None:
    host = make_host(Role.MENTOR, Role.AMBASSADOR)
    other = make_host(Role.MENTOR)
    participant = make_user(Role.PARTICIPANT)
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    booked = make_booking(host, participant, now + timedelta(days=1))
    make_booking(host, participant, now + timedelta(days=2), status="cancelled")
    make_booking(other, participant, now + timedelta(days=1, hours=2))
    make_booking(host, participant, now + timedelta(days=30))  # after the range
    training = make_training(host, now + timedelta(days=3))
    db.session.commit()
    ids = (host.id, booked.id, booked.starts_at, booked.ends_at)
    group = (training.id, training.starts_at, training.ends_at)
    with counting(db.engine) as seen:
        bookings, groups = hosted_sessions(ids[0], now, now + timedelta(days=10))
    assert len(seen) == 1, seen.summary()
    assert bookings == [ids[1:]] and groups == [group]
