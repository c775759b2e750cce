"""Retries of one booking with one Idempotency-Key, all at once, get the first booking.

Threads share one signed-in session and send the same body with the same key at the same
moment, against a SQLite file (the ``file_db`` marker) or PostgreSQL (TEST_DATABASE_URL).
The first request answers 201, every other one 200 with the same booking: never 409.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.api.fields import iso_utc
from mentoring.bookings.models import Booking
from mentoring.extensions import db
from tests.app.test_bookings_concurrency import _next_tuesday_10
from tests.auth import AuthActions
from tests.bookings_factories import make_host, make_participant
from tests.factories import make_cohort

RETRIES = 10
ROUNDS = 6  # before the fix, about half the answers of each round were 409


def _send_together(app: Flask, cookie: str, body: dict[str, Any], key: str) -> list[Any]:
    """Send ``body`` with ``key`` from RETRIES threads at once; return (status, json) pairs."""
    start = threading.Barrier(RETRIES)
    answers: list[Any] = []

    def send() -> None:
        client = app.test_client()
        client.set_cookie("session", cookie, domain="mentoring.test")
        with app.app_context():
            start.wait(30)
            reply = client.post("/api/v1/bookings", json=body, headers={"Idempotency-Key": key})
            answers.append((reply.status_code, reply.get_json()))

    threads = [threading.Thread(target=send) for _ in range(RETRIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


@pytest.mark.file_db
def test_concurrent_retries_with_one_key_answer_the_first_booking(app: Flask) -> None:
    cohort = make_cohort()
    host = make_host(cohort=cohort, notice_hours=0, horizon_days=30)
    participant = make_participant(cohort, host=host)
    client = app.test_client()
    AuthActions(client).login(participant.email)
    session_cookie = client.get_cookie("session", domain="mentoring.test")
    assert session_cookie is not None
    first = _next_tuesday_10()
    for round_ in range(ROUNDS):
        body = {"host_id": host.id, "starts_at": iso_utc(first + timedelta(hours=round_))}
        answers = _send_together(app, session_cookie.value, body, f"retry-{round_}")
        statuses = sorted(status for status, _ in answers)
        assert statuses == [200] * (RETRIES - 1) + [201], answers
        assert len({answer["id"] for _, answer in answers}) == 1
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Booking.request_key)).all()
    assert sorted(rows) == [f"retry-{r}" for r in range(ROUNDS)]
