"""The main pages send as many SQL statements for one booking, pairing or group as for many.

A page whose statement count grows with the data (an N+1 query) is what held participants'
pages back in the load test (benchmarks/bench_load.py); these tests keep it from returning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from mentoring.bookings.group_models import BOOKED, GroupSeat
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import link, make_booking, make_host, make_training
from tests.factories import enrol, make_cohort, make_profile, make_programme, make_user
from tests.querycount import counting


@dataclass
class World:
    participant: User
    mentor: User


def build_world(size: int) -> World:
    """A participant linked to a mentor, ``size`` ambassadors and ``size`` coaches' groups,
    with upcoming and past sessions with each, ``size`` trainings and ``size`` enrolments;
    and a mentor with ``size`` more mentees, each with a session booked."""
    cohort = make_cohort()
    participant = make_user(Role.PARTICIPANT)
    make_profile(participant, wants={"Python": 2, "Excel": 3})
    enrol(participant, cohort)
    for _ in range(size - 1):
        enrol(participant, make_cohort())
    mentor = make_host(Role.MENTOR, cohort=cohort, capacity=size + 2)
    hosts = [mentor]
    link(participant, mentor)
    for index in range(size):
        ambassador = make_host(Role.AMBASSADOR, cohort=cohort, capacity=3)
        link(participant, ambassador, tool=f"Tool {index}")
        coach = make_host(Role.COACH, cohort=cohort)
        link(participant, coach)
        hosts += [ambassador, coach]
        training = make_training(ambassador, utcnow() + timedelta(days=3, hours=index))
        db.session.add(GroupSeat(session_id=training.id, user_id=participant.id, status=BOOKED))
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    for index, host in enumerate(hosts):
        make_booking(host, participant, now + timedelta(days=2, hours=index))
        make_booking(host, participant, now - timedelta(days=3, hours=index), attendance="attended")
    for index in range(size):
        mentee = make_user(Role.PARTICIPANT)
        enrol(mentee, cohort)
        link(mentee, mentor)
        make_booking(mentor, mentee, now + timedelta(days=5, hours=index))
    db.session.commit()
    return World(participant=participant, mentor=mentor)


PARTICIPANT_PAGES = {
    "home": lambda w: "/",
    "profile": lambda w: "/profile",
    "sessions": lambda w: "/sessions",
    "slots": lambda w: f"/sessions/hosts/{w.mentor.id}",
    "matches": lambda w: "/my/matches",
    "tools": lambda w: "/my/tools",
    "group sessions": lambda w: "/group-sessions",
    "feedback": lambda w: "/feedback/",
}
MENTOR_PAGES = {
    "home": lambda w: "/",
    "sessions": lambda w: "/sessions",
    "matches": lambda w: "/my/matches",
    "availability": lambda w: "/sessions/availability",
}


def statements_for(app: Flask, client: FlaskClient, path: str) -> tuple[int, str]:
    """Return how many statements one GET of ``path`` sends (after a warm-up request)."""
    assert client.get(path).status_code == 200, path
    with counting(db.engine) as seen:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(seen), seen.summary()


def counts(app: Flask, size: int, who: str, pages: dict) -> dict[str, tuple[int, str]]:
    world = build_world(size)
    client = app.test_client()
    person = world.participant if who == "participant" else world.mentor
    AuthActions(client).login(person.email)
    return {name: statements_for(app, client, path(world)) for name, path in pages.items()}


@pytest.mark.parametrize(
    ("who", "pages"), [("participant", PARTICIPANT_PAGES), ("mentor", MENTOR_PAGES)]
)
def test_main_pages_send_the_same_statements_for_one_or_many_rows(
    app: Flask, who: str, pages: dict
) -> None:
    few = counts(app, 1, who, pages)
    many = counts(app, 4, who, pages)
    grown = {
        name: f"{few[name][0]} -> {many[name][0]}:\n{many[name][1]}"
        for name in pages
        if many[name][0] > few[name][0]
    }
    assert not grown, "statements grew with the data:\n" + "\n\n".join(
        f"{name}: {detail}" for name, detail in grown.items()
    )


#: Statements per page in ``build_world``, the person loaded included (issue 15: on
#: PostgreSQL each is a round trip, and each cost these pages about half a millisecond of
#: Python). Lower a budget when a page gets cheaper; a page over it fails.
BUDGETS = {
    ("participant", "home"): 9,
    ("participant", "profile"): 4,
    ("participant", "sessions"): 4,
    ("participant", "slots"): 3,
}


@pytest.mark.parametrize(("who", "page"), sorted(BUDGETS))
def test_the_participants_pages_keep_to_their_statement_budgets(
    app: Flask, who: str, page: str
) -> None:
    sent, summary = counts(app, 4, who, {page: PARTICIPANT_PAGES[page]})[page]
    assert sent <= BUDGETS[who, page], f"{sent} statements:\n{summary}"


def test_the_cohort_page_sends_the_same_statements_for_few_or_many_people(app: Flask) -> None:
    def statements(size: int) -> tuple[int, str]:
        coordinator = make_user(Role.COORDINATOR)
        cohort = make_cohort(make_programme(staff=(coordinator,)))
        for _ in range(size):
            enrol(make_user(Role.PARTICIPANT, Role.MENTOR), cohort)
        client = app.test_client()
        AuthActions(client).login(coordinator.email)
        return statements_for(app, client, f"/cohorts/{cohort.id}")

    few, many = statements(1), statements(5)
    assert many[0] == few[0], f"{few[0]} -> {many[0]}:\n{many[1]}"


@pytest.mark.parametrize(
    "query", ["", "?page=2", "?q=person&status=open&matched=no", "?matched=yes&risk=1&page=2"]
)
def test_the_cohort_page_costs_the_same_with_filters_and_pages(app: Flask, query: str) -> None:
    def statements(size: int) -> tuple[int, str]:
        coordinator = make_user(Role.COORDINATOR)
        cohort = make_cohort(make_programme(staff=(coordinator,)))
        mentor = make_host(Role.MENTOR, cohort=cohort, capacity=size)
        for _ in range(size):  # more people than one page holds, each matched, never active
            mentee = make_user(Role.PARTICIPANT)
            enrol(mentee, cohort)
            link(mentee, mentor)
        client = app.test_client()
        AuthActions(client).login(coordinator.email)
        return statements_for(app, client, f"/cohorts/{cohort.id}{query}")

    few, many = statements(26), statements(40)  # both with a second page
    assert many[0] == few[0], f"{few[0]} -> {many[0]}:\n{many[1]}"


#: The cohort page's statements (issue 15): the person, the two-factor check, the cohort with
#: its programme, the staff check, the invitations, a page of people with the count of all of
#: them, and their roles.
COHORT_PAGE_BUDGET = 7


def small_cohort_page(app: Flask) -> tuple[FlaskClient, str]:
    """A signed-in coordinator's client and the page of their cohort of three."""
    coordinator = make_user(Role.COORDINATOR)
    cohort = make_cohort(make_programme(staff=(coordinator,)))
    for _ in range(3):
        enrol(make_user(Role.PARTICIPANT), cohort)
    client = app.test_client()
    AuthActions(client).login(coordinator.email)
    return client, f"/cohorts/{cohort.id}"


def test_the_cohort_page_keeps_to_its_statement_budget(app: Flask) -> None:
    client, path = small_cohort_page(app)
    sent, summary = statements_for(app, client, path)
    assert sent <= COHORT_PAGE_BUDGET, f"{sent} statements:\n{summary}"


def test_a_link_past_the_last_page_shows_the_last_page(app: Flask) -> None:
    """An old link may name a page the cohort no longer has: it costs a count and a re-read."""
    client, path = small_cohort_page(app)
    sent, summary = statements_for(app, client, f"{path}?page=4")
    page = client.get(f"{path}?page=4").get_data(as_text=True)
    assert page.count('class="card"') == 3
    assert "Showing 1–3 of 3" in page
    assert sent <= COHORT_PAGE_BUDGET + 2, f"{sent} statements:\n{summary}"


def test_the_privacy_notice_agreement_is_read_once_per_session_not_per_page(app: Flask) -> None:
    person = make_user(Role.PARTICIPANT)
    client = app.test_client()
    AuthActions(client).login(person.email)
    with counting(db.engine) as first:
        assert client.get("/").status_code == 200
    with counting(db.engine) as later:
        assert client.get("/").status_code == 200
        assert client.get("/my/matches").status_code == 200
    assert any("consents" in statement for statement in first)
    assert not any("consents" in statement for statement in later), later.summary()


def test_a_signed_in_request_that_needs_nobody_asks_the_database_nothing(app: Flask) -> None:
    person = make_user(Role.PARTICIPANT)
    client = app.test_client()
    AuthActions(client).login(person.email)
    assert client.get("/").status_code == 200
    checkouts: list[object] = []

    def checked_out(*_args: object) -> None:
        checkouts.append(_args)

    event.listen(db.engine, "checkout", checked_out)
    try:
        with counting(db.engine) as seen:
            assert client.get("/api/v1/health").status_code == 200
        assert not seen and not checkouts, seen.summary()
        assert client.get("/api/v1/me").get_json()["email"] == person.email
        assert checkouts  # a request that needs the person still loads them
    finally:
        event.remove(db.engine, "checkout", checked_out)


def test_the_coordinators_home_sends_the_same_statements_for_few_or_many(app: Flask) -> None:
    def statements(size: int) -> tuple[int, str]:
        coordinator = make_user(Role.COORDINATOR)
        programmes = [make_programme(staff=(coordinator,)) for _ in range(size)]
        for programme in programmes:
            cohort = make_cohort(programme)
            mentor = make_host(Role.MENTOR, cohort=cohort, capacity=size + 1)
            for _ in range(size):
                person = make_user(Role.PARTICIPANT)
                enrol(person, cohort)
                link(person, mentor)
                enrol(make_user(Role.PARTICIPANT), cohort)
        client = app.test_client()
        AuthActions(client).login(coordinator.email)
        return statements_for(app, client, "/")

    few, many = statements(1), statements(3)
    assert many[0] == few[0], f"{few[0]} -> {many[0]}:\n{many[1]}"


DASHBOARDS = ("retention", "retention?by=format", "retention?by=gender", "feedback", "outcomes")


@pytest.mark.parametrize("page", DASHBOARDS)
def test_a_dashboard_sends_the_same_statements_for_few_or_many_people(
    app: Flask, page: str
) -> None:
    def statements(size: int) -> tuple[int, str]:
        coordinator = make_user(Role.COORDINATOR)
        programme = make_programme(staff=(coordinator,))
        cohort = make_cohort(programme, starts_on=(utcnow() - timedelta(days=60)).date())
        mentor = make_host(Role.MENTOR, cohort=cohort, capacity=size)
        for index in range(size):  # each quiet (at risk), matched, with a past session
            mentee = make_user(Role.PARTICIPANT)
            make_profile(mentee)
            enrol(mentee, cohort)
            link(mentee, mentor)
            make_booking(
                mentor, mentee, utcnow() - timedelta(days=20 + index), attendance="attended"
            )
        client = app.test_client()
        AuthActions(client).login(coordinator.email)
        url = f"/engagement/{programme.id}/{page}"
        assert client.get(url).status_code == 200  # warm-up
        # The figures are cached (retention's per minute of this test's wall clock, which can
        # turn between the two requests): count the computation itself.
        app.extensions["changes.cache"].clear()
        with counting(db.engine) as seen:
            assert client.get(url).status_code == 200
        return len(seen), seen.summary()

    few, many = statements(1), statements(6)
    assert many[0] == few[0], f"{few[0]} -> {many[0]}:\n{many[1]}"
