"""Ten processes book the same slot at once: the database lets exactly one win.

Each process builds its own app against a file SQLite database (or PostgreSQL with
TEST_DATABASE_URL), signs in as a different participant and posts to the API at the
same moment (a barrier releases them together).
"""

from __future__ import annotations

import multiprocessing
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring import create_app
from mentoring.api.fields import iso_utc
from mentoring.bookings.group_models import GroupSeat, GroupSession
from mentoring.bookings.models import Booking
from mentoring.bookings.slots import local_to_utc
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.users.roles import Role
from tests.bookings_factories import make_host, make_participant, make_training
from tests.conftest import TEST_DATABASE_URL, base_config
from tests.factories import TEST_PASSWORD, make_cohort

WORKERS = 10
CTX = multiprocessing.get_context("fork")


def _worker(uri: str, email: str, path: str, body: dict[str, Any], barrier: Any, out: Any) -> None:
    app = create_app(
        base_config(SQLALCHEMY_DATABASE_URI=uri, MAIL_SUPPRESS_SEND=True, WTF_CSRF_ENABLED=False)
    )
    client = app.test_client()
    client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    barrier.wait(timeout=60)
    response = client.post(path, json=body)
    out.put((response.status_code, response.get_json()))
    with app.app_context():
        db.engine.dispose()


def _run(
    uri: str, emails: list[str], path: str, body: dict[str, Any] | list[dict[str, Any]]
) -> list[tuple[int, Any]]:
    db.session.remove()
    db.engine.dispose()  # no pooled connection crosses the fork
    barrier, out = CTX.Barrier(len(emails)), CTX.Queue()
    bodies = body if isinstance(body, list) else [body] * len(emails)
    workers = [
        CTX.Process(target=_worker, args=(uri, email, path, each, barrier, out))
        for email, each in zip(emails, bodies, strict=True)
    ]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    return results


def _next_tuesday_10() -> datetime:
    from zoneinfo import ZoneInfo

    today = utcnow().date()
    day = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    moment = local_to_utc(day, 10 * 60, ZoneInfo("Europe/Stockholm"))
    assert moment is not None
    return moment


def _setup_people() -> tuple[int, list[str]]:
    cohort = make_cohort()
    host = make_host(cohort=cohort, notice_hours=0, horizon_days=30)
    emails = [make_participant(cohort, host=host).email for _ in range(WORKERS)]
    return host.id, emails


def _assert_one_winner(host_id: int, emails: list[str], uri: str, *, stagger: int = 0) -> None:
    """All book the same slot (or, with ``stagger`` minutes, partly overlapping ones)."""
    starts_at = _next_tuesday_10()
    bodies = [
        {"host_id": host_id, "starts_at": iso_utc(starts_at + timedelta(minutes=stagger * i))}
        for i in range(len(emails))
    ]
    results = _run(uri, emails, "/api/v1/bookings", bodies)
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * (WORKERS - 1), results
    assert all(b["error"] == "conflict" for s, b in results if s == 409)
    active = db.session.scalars(sa.select(Booking).where(Booking.status == "active")).all()
    assert len(active) == 1 and (stagger or active[0].starts_at == starts_at)


def _assert_seats_hold(uri: str) -> None:
    cohort = make_cohort()
    host = make_host(Role.AMBASSADOR, cohort=cohort)
    training = make_training(host, utcnow() + timedelta(days=3), seats=3)
    emails = [make_participant(cohort).email for _ in range(WORKERS)]
    results = _run(uri, emails, f"/api/v1/group-sessions/{training.id}/seats", {})
    assert sorted(body["status"] for _, body in results) == ["booked"] * 3 + ["waiting"] * 7
    seats = db.session.scalars(sa.select(GroupSeat).where(GroupSeat.status == "booked")).all()
    assert len(seats) == 3
    assert db.session.get(GroupSession, training.id, populate_existing=True).booked_count == 3


def test_ten_processes_one_slot_on_sqlite(sqlite_app: Flask) -> None:
    host_id, emails = _setup_people()
    _assert_one_winner(host_id, emails, sqlite_app.config["SQLALCHEMY_DATABASE_URI"])


def test_ten_processes_partly_overlapping_times_on_sqlite(sqlite_app: Flask) -> None:
    host_id, emails = _setup_people()
    uri = sqlite_app.config["SQLALCHEMY_DATABASE_URI"]
    _assert_one_winner(host_id, emails, uri, stagger=5)


def test_ten_processes_never_exceed_the_seats_on_sqlite(sqlite_app: Flask) -> None:
    _assert_seats_hold(sqlite_app.config["SQLALCHEMY_DATABASE_URI"])


@pytest.mark.postgres
def test_ten_processes_one_slot_on_postgresql(app: Flask) -> None:
    host_id, emails = _setup_people()
    _assert_one_winner(host_id, emails, TEST_DATABASE_URL)


@pytest.mark.postgres
def test_ten_processes_partly_overlapping_times_on_postgresql(app: Flask) -> None:
    host_id, emails = _setup_people()
    _assert_one_winner(host_id, emails, TEST_DATABASE_URL, stagger=5)


@pytest.mark.postgres
def test_ten_processes_never_exceed_the_seats_on_postgresql(app: Flask) -> None:
    _assert_seats_hold(TEST_DATABASE_URL)


def test_the_database_refuses_two_active_bookings_at_one_start(app: Flask) -> None:
    from sqlalchemy.exc import IntegrityError

    from tests.bookings_factories import make_booking, make_pair

    host, participant, cohort = make_pair()
    start = datetime(2026, 5, 5, 8)
    make_booking(host, participant, start, status="cancelled")
    make_booking(host, participant, start)  # a cancelled one does not block
    with pytest.raises(IntegrityError):
        make_booking(host, make_participant(cohort), start)
    db.session.rollback()


@pytest.mark.postgres
def test_postgresql_refuses_partly_overlapping_active_bookings(app: Flask) -> None:
    from sqlalchemy.exc import IntegrityError

    from tests.bookings_factories import make_booking, make_pair

    host, participant, cohort = make_pair()
    make_booking(host, participant, datetime(2026, 5, 5, 8))
    make_booking(host, make_participant(cohort), datetime(2026, 5, 5, 9))  # back to back
    with pytest.raises(IntegrityError):
        make_booking(host, make_participant(cohort), datetime(2026, 5, 5, 8, 30))
    db.session.rollback()
