"""The embedded SQLite default survives concurrent writers: nobody sees "database is locked".

Threads with clients of their own update profiles, book the same host's few free times and
answer check-in links at the same moment, against a SQLite file in WAL mode with a busy
timeout; every answer is a success or an expected refusal, and every success is stored.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.api.fields import iso_utc
from mentoring.bookings.models import ACTIVE, Booking
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.matches.models import Pairing
from mentoring.notices.models import CheckIn
from mentoring.profiles.models import Profile
from tests.auth import AuthActions
from tests.bookings_factories import make_host, make_participant
from tests.factories import make_cohort, make_profile

PEOPLE = 6
ROUNDS = 3
PROFILE = {"meeting_format": "either", "capacity": "0", "lang_sv": "good", "want_0": "2"}


@pytest.mark.file_db
def test_the_sqlite_file_engine_uses_wal_and_waits_for_the_write_lock(sqlite_app: Flask) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _free_times(count: int) -> list[str]:
    """Whole hours on weekdays, 9-16 Stockholm time, a week or more from now."""
    moment = (utcnow() + timedelta(days=8)).replace(hour=9, minute=0, second=0, microsecond=0)
    times = []
    while len(times) < count:
        if moment.weekday() < 5 and 8 <= moment.hour <= 14:
            times.append(iso_utc(moment))
        moment += timedelta(hours=1)
    return times


@pytest.mark.file_db
def test_concurrent_writers_get_answers_not_locked_errors(sqlite_app: Flask) -> None:
    app = sqlite_app
    from mentoring.notices import links

    cohort = make_cohort()
    host = make_host(cohort=cohort, capacity=PEOPLE, notice_hours=0)
    people = [make_participant(cohort, host=host) for _ in range(PEOPLE)]
    for person in people:
        make_profile(person)
    pairings = {p.mentee_id: p.id for p in db.session.scalars(sa.select(Pairing))}
    # Fewer free times than bookings asked for: some requests must lose a race.
    times = _free_times(PEOPLE)
    # Threads get plain values: ORM objects belong to this thread's session.
    tokens = [
        links.make_token(
            links.CHECK_IN,
            {"u": person.id, "sk": "pairing", "si": pairings[person.id], "o": "race"},
        )
        for person in people
    ]
    host_id = str(host.id)
    clients = []
    for person in people:
        client = app.test_client()
        AuthActions(client).login(person.email)
        clients.append(client)
    start = threading.Barrier(PEOPLE)
    answers: list[tuple[str, int, str]] = []
    booked: list[str] = []

    def act(index: int) -> None:
        try:
            _act(index)
        except Exception as error:  # noqa: BLE001  (a crash is an answer too: a 500)
            answers.append(("crash", 500, repr(error)))

    def _act(index: int) -> None:
        client, token = clients[index], tokens[index]
        with app.app_context():
            start.wait(30)
            for round_ in range(ROUNDS):
                bio = f"round {round_} of person {index}"
                reply = client.post("/profile", data={**PROFILE, "bio": bio})
                answers.append(("profile", reply.status_code, reply.get_data(as_text=True)))
                when = times[(index + round_) % len(times)]
                reply = client.post(
                    "/sessions/book",
                    data={"host_id": host_id, "starts_at": when, "request_key": bio},
                )
                answers.append(("book", reply.status_code, reply.get_data(as_text=True)))
                if reply.status_code == 302 and "/sessions/hosts/" not in reply.location:
                    booked.append(reply.location.rsplit("/", 1)[-1])
            reply = client.post(f"/notifications/check-in/{token}", data={"rating": "4"})
            answers.append(("check-in", reply.status_code, reply.get_data(as_text=True)))

    threads = [threading.Thread(target=act, args=(i,)) for i in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    unexpected = [
        (what, status, body[:300]) for what, status, body in answers if status not in (200, 302)
    ]
    assert unexpected == []
    assert len(answers) == PEOPLE * (2 * ROUNDS + 1)
    assert not any("locked" in body.lower() for _what, _status, body in answers)

    db.session.expire_all()
    stored = set(db.session.scalars(sa.select(Booking.id).where(Booking.status == ACTIVE)).all())
    assert {int(b) for b in booked} <= stored and len(stored) == len(set(booked))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == PEOPLE
    bios = set(db.session.scalars(sa.select(Profile.bio)))
    assert {f"round {ROUNDS - 1} of person {i}" for i in range(PEOPLE)} <= bios
