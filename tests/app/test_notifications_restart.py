"""Sending interrupted in the middle of a batch loses nothing and doubles nothing.

The scheduler process killed while sending, then restarted: every claimed message is
delivered once, after the dead process's lock and claims have lapsed (the restarted process
runs with a clock seven minutes ahead, as if it started that much later: past the lock's
lease of 2 minutes and the claims' lease of 5). The SMTP server going away after part of a
batch: the rest waits in the outbox and goes out once when it is back. A session booked while
the SMTP server hangs is confirmed on the page at once and by email once it is back.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import Flask

from mentoring.api.fields import iso_utc
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.notices.services import send_outbox
from mentoring.outbox.models import OutboxMessage
from notifications.model import Status
from notifications.scheduler import LOCK_LEASE
from notifications.sender import LEASE
from tests.auth import AuthActions
from tests.bookings_factories import make_pair
from tests.conftest import TEST_DATABASE_URL, empty_database
from tests.mailbox import SmtpSink, _Collector, free_port
from tests.notices_factories import (
    NOON,
    SilentServer,
    SinkAt,
    item_for,
    make_app,
    make_people,
    queue,
)
from tests.processes import finish, kill, pause, stop

ROOT = Path(__file__).resolve().parents[2]
AHEAD = timedelta(minutes=7)
# A scheduler whose clock runs AHEAD: every module reads the time through mentoring.db.utcnow.
LATER = """
import sys
from datetime import timedelta
import mentoring.db as clock
real, ahead = clock.utcnow, timedelta(minutes=int(sys.argv[1]))
clock.utcnow = lambda: real() + ahead
from flask.cli import main
sys.argv = ["flask", "--app", "mentoring:create_app", "scheduler"]
main()
"""


def _scheduler(uri: str, mail_port: int, minutes_ahead: int = 0) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": uri,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail_port),
        "MAIL_TIMEOUT": "120",
    }
    return subprocess.Popen(
        [sys.executable, "-c", LATER, str(minutes_ahead)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_until(check: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()
        if check():
            return True
        pause(0.2)
    return False


def _statuses(ids: list[int]) -> Counter[str]:
    rows = db.session.scalars(sa.select(OutboxMessage.status).where(OutboxMessage.id.in_(ids)))
    return Counter(rows)


def test_scheduler_killed_while_sending_then_restarted_delivers_each_claimed_message_once(
    shared_app: Flask, smtp: SmtpSink, db_uri: str
) -> None:
    assert AHEAD > LEASE and AHEAD > LOCK_LEASE
    people = make_people(5)
    # Due since a fixed past noon: the scheduler processes run on the real clock, at any hour.
    queue([item_for(person) for person in people])
    ids = list(db.session.scalars(sa.select(OutboxMessage.id)))
    hung_port = free_port()
    hung = SilentServer(hung_port)  # SMTP that never answers: the batch stays claimed
    first = _scheduler(db_uri, hung_port)
    try:
        claimed = _wait_until(lambda: _statuses(ids) == Counter({Status.SENDING.value: 5}))
    finally:
        output = kill(first)
        hung.close()
    assert claimed, output
    # Restarted at once: the dead process's lock is still fresh, so this one refuses.
    at_once = _scheduler(db_uri, smtp.port)
    output = finish(at_once, 60)
    assert at_once.returncode != 0 and "Another scheduler process is running" in output
    later = _scheduler(db_uri, smtp.port, int(AHEAD.total_seconds() // 60))
    try:
        sent = _wait_until(lambda: _statuses(ids) == Counter({Status.SENT.value: 5}))
        assert sent, _statuses(ids)
    finally:
        stop(later)
    arrivals = Counter(str(message["To"]) for message in smtp.messages)
    assert {person.email: arrivals[person.email] for person in people} == {
        person.email: 1 for person in people
    }


class _GoesAway(_Collector):
    """An SMTP server that takes ``accept`` messages, then answers "try again later"."""

    def __init__(self, accept: int) -> None:
        super().__init__()
        self.accept = accept

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        with self.lock:
            busy = len(self.messages) >= self.accept
        if busy:
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


def test_smtp_going_away_mid_batch_delivers_the_rest_once_when_it_is_back(
    db_uri: str, _postgres_schema: None
) -> None:
    server = _GoesAway(accept=2)
    controller = Controller(server, hostname="127.0.0.1", port=free_port())
    controller.start()
    app = make_app(db_uri, controller.port)
    try:
        with app.app_context():
            if not TEST_DATABASE_URL:
                db.create_all()
            people = make_people(5)
            now = NOON
            queue([item_for(person, not_before=now) for person in people], now)
            first = send_outbox(worker="before", clock=lambda: now)
            assert (first.sent, first.retried) == (2, 3)
            ids = list(db.session.scalars(sa.select(OutboxMessage.id)))
            assert _statuses(ids) == Counter({Status.SENT.value: 2, Status.PENDING.value: 3})
            server.accept = len(people)  # back
            later = now + timedelta(hours=1)
            assert send_outbox(worker="after", clock=lambda: later).sent == 3
            assert send_outbox(worker="after", clock=lambda: later).sent == 0
            empty_database()
    finally:
        controller.stop()
    assert sorted(Counter(str(m["To"]) for m in server.messages).values()) == [1] * 5


def test_booking_while_smtp_hangs_answers_at_once_and_the_confirmation_follows(
    db_uri: str, _postgres_schema: None
) -> None:
    port = free_port()
    hung = SilentServer(port)
    app = make_app(db_uri, port, MAIL_TIMEOUT=2.0, WTF_CSRF_ENABLED=False)
    try:
        with app.app_context():
            if not TEST_DATABASE_URL:
                db.create_all()
            host, participant, _cohort = make_pair(notice_hours=0)
            client = app.test_client()
            AuthActions(client).login(participant.email)
            when = (utcnow() + timedelta(days=7)).replace(hour=9, minute=0, second=0)
            while when.weekday() > 4:
                when += timedelta(days=1)
            started = time.monotonic()
            response = client.post(
                "/sessions/book", data={"host_id": str(host.id), "starts_at": iso_utc(when)}
            )
            assert response.status_code == 302 and "/sessions/" in response.location
            assert time.monotonic() - started < 1.5, "booking must not wait for SMTP"
            hung.close()
            with SinkAt(port) as back:
                report = send_outbox(worker="later")
                assert report.sent == 2 and send_outbox(worker="later").sent == 0
                assert sorted(str(m["To"]) for m in back.messages) == sorted(
                    [host.email, participant.email]
                )
            empty_database()
    finally:
        hung.close()
