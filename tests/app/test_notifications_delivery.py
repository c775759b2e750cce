"""The outbox delivers each message once, through a real SMTP server, whatever happens.

These tests need a database several connections share: a SQLite file, or PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.notices.jobs import find_due
from mentoring.notices.services import send_outbox
from mentoring.outbox.models import OutboxMessage
from notifications.model import ClaimedMessage, Status
from tests.conftest import TEST_DATABASE_URL, empty_database
from tests.factories import enrol, make_cohort
from tests.mailbox import SmtpSink, free_port
from tests.notices_factories import (
    NOON,
    SilentServer,
    SinkAt,
    item_for,
    make_app,
    make_people,
    queue,
    statuses,
)
from tests.processes import kill

ROOT = Path(__file__).resolve().parents[2]


def _arrivals(smtp: SmtpSink) -> Counter[str]:
    return Counter(str(message["To"]) for message in smtp.messages)


def test_due_finder_run_twice_sends_each_reminder_once(shared_app: Flask, smtp: SmtpSink) -> None:
    cohort = make_cohort()
    people = make_people(3)
    for person in people:
        person.last_login_at = NOON - timedelta(days=8)
        person.created_at = NOON - timedelta(days=30)
        enrol(person, cohort)
    now = NOON
    assert find_due(now) == 3
    assert find_due(now) == 0
    send_outbox(worker="test", clock=lambda: now)
    send_outbox(worker="test", clock=lambda: now)
    assert sorted(_arrivals(smtp).values()) == [1, 1, 1]


def test_two_senders_over_100_due_deliver_each_once(shared_app: Flask, smtp: SmtpSink) -> None:
    people = make_people(100)
    queue([item_for(person) for person in people])
    start = threading.Barrier(2)
    reports = []

    def sender(name: str) -> None:
        with shared_app.app_context():
            start.wait()
            reports.append(send_outbox(worker=name, batch=7))

    threads = [threading.Thread(target=sender, args=(f"s{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)  # a generous bound: on a loaded machine this can take a minute
    assert not any(thread.is_alive() for thread in threads), "a sender hung"
    assert sum(report.sent for report in reports) == 100
    assert all(report.sent > 0 for report in reports), "both senders should have worked"
    arrivals = _arrivals(smtp)
    assert len(arrivals) == 100 and set(arrivals.values()) == {1}
    assert set(statuses().values()) == {Status.SENT.value}


VICTIM = """
import sys, threading
from mentoring import create_app
from mentoring.notices.services import send_outbox
from tests.conftest import base_config

uri, port, stage, senders = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
# Every sender reaches the stage before any says so: the kill then finds each one there.
together, printing = threading.Barrier(senders, timeout=60), threading.Lock()

def hook(point, message):
    if point == stage:
        try:
            together.wait()
            said = f"{point} {message.id}"
        except threading.BrokenBarrierError:
            said = "the senders did not work at once"
        with printing:  # one whole line at a time
            print(said, flush=True)
        threading.Event().wait()  # until killed

app = create_app(base_config(SQLALCHEMY_DATABASE_URI=uri, MAIL_SERVER="127.0.0.1", MAIL_PORT=port))
app.config["OUTBOX_BATCH_SIZE"] = 2
with app.app_context():
    send_outbox(worker="victim", hook=hook, senders=senders)
"""


def _kill_sender_at(stage: str, uri: str, port: int, senders: int) -> None:
    """Run ``senders`` senders in a process of their own; SIGKILL it when all reach ``stage``."""
    with subprocess.Popen(
        [sys.executable, "-c", VICTIM, uri, str(port), stage, str(senders)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as process:
        try:
            assert process.stdout is not None
            for _sender in range(senders):
                line = process.stdout.readline()
                assert line.startswith(stage), f"the sender did not reach {stage!r}: {line!r}"
        finally:
            kill(process)


@pytest.mark.parametrize(
    ("stage", "senders"),
    [("claimed", 1), ("accepted", 1), ("claimed", 3), ("accepted", 3)],
    ids=["after-claim", "after-smtp-accept", "three-after-claim", "three-after-smtp-accept"],
)
def test_sender_killed_then_restarted_delivers_at_least_once(
    shared_app: Flask, smtp: SmtpSink, db_uri: str, stage: str, senders: int
) -> None:
    people = make_people(9)
    # Due since a fixed past noon: the sender process runs on the real clock, at any hour.
    queue([item_for(person) for person in people])
    db.session.commit()
    _kill_sender_at(stage, db_uri, smtp.port, senders)
    db.session.expire_all()
    claimed = {key for key, status in statuses().items() if status == Status.SENDING.value}
    assert claimed
    # At most one message accepted and not marked a sender: the one each was killed on.
    twice = senders if stage == "accepted" else 0
    # Within the lease nobody touches the claimed rows; after it they are reclaimed.
    send_outbox(worker="restarted")
    db.session.expire_all()
    assert {key for key, status in statuses().items() if status == Status.SENDING.value} == claimed
    assert set(_arrivals(smtp).values()) <= {1}
    send_outbox(worker="restarted", clock=lambda: utcnow() + timedelta(minutes=6))
    arrivals = _arrivals(smtp)
    assert set(arrivals) == {person.email for person in people}
    assert sorted(arrivals.values()) == [1] * (len(people) - twice) + [2] * twice
    assert set(statuses().values()) == {Status.SENT.value}
    # Every copy of a row carries the row's one Message-ID, so the mail system can tell a
    # resent copy from a new message; different rows have different ones.
    message_ids: dict[str, set[str]] = {}
    for message in smtp.messages:
        assert len(message.get_all("Message-ID")) == 1
        message_ids.setdefault(str(message["To"]), set()).add(str(message["Message-ID"]))
    assert all(len(found) == 1 for found in message_ids.values()), message_ids
    assert len(set.union(*message_ids.values())) == len(people)


def test_several_senders_work_at_once_and_send_each_row_once(
    shared_app: Flask, smtp: SmtpSink
) -> None:
    people = make_people(12)
    queue([item_for(person) for person in people])
    shared_app.config["OUTBOX_BATCH_SIZE"] = 2
    # Each sender holds its first accepted message until all three hold one: only senders
    # working at once get past this (one after the other, the first would wait in vain).
    together = threading.Barrier(3, timeout=60)
    waited: set[str] = set()

    def hook(point: str, message: ClaimedMessage) -> None:
        if point == "accepted" and threading.current_thread().name not in waited:
            waited.add(threading.current_thread().name)
            together.wait()

    report = send_outbox(worker="many", clock=lambda: NOON, hook=hook, senders=3)
    assert len(waited) == 3
    assert report.sent == 12
    arrivals = _arrivals(smtp)
    assert set(arrivals) == {person.email for person in people}
    assert set(arrivals.values()) == {1}
    assert set(statuses().values()) == {Status.SENT.value}


@pytest.mark.parametrize("failure", ["hanging", "refusing"])
def test_smtp_outage_loses_nothing_and_delivers_later(
    db_uri: str, request: pytest.FixtureRequest, failure: str
) -> None:
    port = free_port()
    silent = SilentServer(port) if failure == "hanging" else None
    app = make_app(db_uri, port, MAIL_TIMEOUT=2.0)
    with app.app_context():
        if not TEST_DATABASE_URL:
            db.create_all()
        try:
            people = make_people(3)
            now = NOON
            queue([item_for(person, not_before=now) for person in people], now)
            stuck = threading.Thread(
                target=lambda: _send_in(app, now), name="sender-against-broken-smtp"
            )
            client = app.test_client()
            client.get("/login")  # the first request compiles templates: not what we watch
            stuck.start()
            response = client.get("/login")
            assert response.status_code == 200
            if silent is not None:  # the sender waits MAIL_TIMEOUT for each of three messages
                assert stuck.is_alive(), "the web must not wait for SMTP"
            stuck.join(30)
            rows = db.session.scalars(sa.select(OutboxMessage)).all()
            assert {row.status for row in rows} == {Status.PENDING.value}
            assert all(row.attempts == 1 and row.last_error for row in rows)
            # The server comes back an hour later, on the same address.
            if silent is not None:
                silent.close()
            with SinkAt(port) as server:
                later = now + timedelta(hours=1)
                report = send_outbox(worker="later", clock=lambda: later)
                assert report.sent == 3
                assert send_outbox(worker="later", clock=lambda: later).sent == 0
                assert sorted(_arrivals(server).values()) == [1, 1, 1]
        finally:
            if silent is not None:
                silent.close()
            empty_database()


def _send_in(app: Flask, now: datetime) -> None:
    with app.app_context():
        send_outbox(worker="broken", clock=lambda: now)


def test_failures_back_off_then_fail_visibly_and_can_be_resent(
    shared_app: Flask, smtp: SmtpSink
) -> None:
    (person,) = make_people(1)
    now = NOON
    queue([item_for(person, template="no_such_template", not_before=now)], now)
    clock = now
    for _attempt in range(6):
        report = send_outbox(worker="t", clock=lambda at=clock: at)
        assert report.handled == 1
        row = db.session.scalars(sa.select(OutboxMessage)).one()
        if row.status == Status.PENDING.value:
            assert row.next_attempt_at > clock
            clock = row.next_attempt_at
    assert row.status == Status.FAILED.value and row.attempts == 6
    assert "no_such_template" in (row.last_error or "")


def test_expired_messages_are_skipped_not_sent_late(shared_app: Flask, smtp: SmtpSink) -> None:
    (person,) = make_people(1)
    now = NOON
    queue([item_for(person, not_before=now, expires_at=now + timedelta(minutes=10))], now)
    send_outbox(worker="t", clock=lambda: now + timedelta(minutes=11))
    assert set(statuses().values()) == {Status.SKIPPED.value}
    assert smtp.messages == []
