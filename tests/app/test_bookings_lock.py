"""Under SQLite's single write lock a booking only checks for clashes and writes.

Every booking takes the embedded database's write lock (``BEGIN IMMEDIATE``) before its clash
checks. Everything that can be read before it (the people the emails go to, their
preferences, the enrolment the activity event belongs to) is read before it, so concurrent
bookers wait for one another as briefly as possible. The statements run while the lock is held
are recorded, not timed: the test does not depend on the machine's speed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from mentoring.api.fields import iso_utc
from mentoring.db import utcnow
from mentoring.extensions import db
from tests.app.test_bookings_concurrency import _next_tuesday_10
from tests.auth import AuthActions
from tests.bookings_factories import make_host, make_participant, make_training
from tests.factories import make_cohort

# The only tables a booking may read while it holds the write lock: its clash and cap checks.
CLASH_TABLES = {"bookings", "group_sessions", "group_seats"}


@pytest.fixture
def under_lock(sqlite_app: Flask) -> Iterator[list[list[str]]]:
    """The statements of each write transaction, from ``BEGIN IMMEDIATE`` to its end."""
    held: list[list[str]] = []
    state: dict[str, Any] = {"current": None}

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if sql.startswith("BEGIN IMMEDIATE"):
            state["current"] = []
            held.append(state["current"])
        elif state["current"] is not None:
            state["current"].append(" ".join(sql.split()))

    def ended(_conn: Any) -> None:
        state["current"] = None

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", ended)
    event.listen(db.engine, "rollback", ended)
    yield held
    event.remove(db.engine, "before_cursor_execute", statement)
    event.remove(db.engine, "commit", ended)
    event.remove(db.engine, "rollback", ended)


def _tables_read(statements: list[str]) -> set[str]:
    return {
        table
        for sql in statements
        if sql.startswith("SELECT")
        for table in re.findall(r"\b(?:FROM|JOIN) (\w+)", sql)
    }


def _tables_written(statements: list[str]) -> list[str]:
    return [
        re.split(r"[ (]", sql.split(" ", 2)[2] if sql.startswith("INSERT") else sql.split()[1])[0]
        for sql in statements
        if not sql.startswith("SELECT")
    ]


def test_a_booking_only_checks_clashes_and_writes_under_the_lock(
    sqlite_app: Flask, under_lock: list[list[str]]
) -> None:
    cohort = make_cohort()
    host = make_host(cohort=cohort, notice_hours=0, horizon_days=30, max_per_day=4)
    participant = make_participant(cohort, host=host)
    client = sqlite_app.test_client()
    AuthActions(client).login(participant.email)
    under_lock.clear()
    body = {"host_id": host.id, "starts_at": iso_utc(_next_tuesday_10())}
    booked = client.post("/api/v1/bookings", json=body, headers={"Idempotency-Key": "k1"})
    assert booked.status_code == 201, booked.get_json()
    moved_to = iso_utc(_next_tuesday_10() + timedelta(hours=2))
    path = f"/api/v1/bookings/{booked.get_json()['id']}/reschedule"
    assert client.post(path, json={"starts_at": moved_to}).status_code == 200
    assert len(under_lock) == 2
    for statements in under_lock:
        assert _tables_read(statements) <= CLASH_TABLES, statements
    # Every other booking waits while these run: the booking asks again for its idempotency
    # key, then the three clash checks (the host's sessions and group sessions, the
    # participant's sessions) and the host's daily cap are one statement.
    reads = [[sql for sql in each if sql.startswith("SELECT")] for each in under_lock]
    assert [len(each) for each in reads] == [2, 1], reads
    book, move = (_tables_written(each) for each in under_lock)
    # The event, its enrolment's last activity, the booking, its reminders, its emails, and
    # (one statement, just before the commit) the change counters of the tables written: the
    # dashboards' cached figures must see the booking (mentoring.changes). One more statement
    # under the lock, but a write: no read, no wait on another table.
    assert sorted(book) == sorted(
        [
            "activity_events",
            "enrollments",
            "bookings",
            "outbox_messages",
            "outbox_messages",
            "table_versions",
        ]
    )
    assert sorted(move) == ["bookings", "outbox_messages", "outbox_messages", "table_versions"]


def test_a_seat_only_checks_the_session_and_writes_under_the_lock(
    sqlite_app: Flask, under_lock: list[list[str]]
) -> None:
    cohort = make_cohort()
    from mentoring.users.roles import Role

    host = make_host(Role.AMBASSADOR, cohort=cohort)
    training = make_training(host, utcnow() + timedelta(days=3), seats=3)
    participant = make_participant(cohort)
    client = sqlite_app.test_client()
    AuthActions(client).login(participant.email)
    under_lock.clear()
    joined = client.post(f"/api/v1/group-sessions/{training.id}/seats", json={})
    assert joined.status_code == 201 and joined.get_json()["status"] == "booked"
    [statements] = under_lock
    assert _tables_read(statements) <= CLASH_TABLES, statements
