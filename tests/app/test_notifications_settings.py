"""The outbox's lease and batch size are settings an operator (or a test) can choose."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from mentoring.config import DefaultConfig
from mentoring.notices.services import send_outbox, sender_count
from notifications.model import ClaimedMessage, Status
from tests.conftest import TEST_DATABASE_URL
from tests.mailbox import SmtpSink
from tests.notices_factories import NOON, item_for, make_people, queue, statuses


class Crash(Exception):
    """The sender dies right after claiming."""


def _crash(point: str, message: ClaimedMessage) -> None:
    if point == "claimed":
        raise Crash


def _claim_and_crash() -> None:
    with pytest.raises(Crash):
        send_outbox(worker="dies", clock=lambda: NOON, hook=_crash)
    assert set(statuses().values()) == {Status.SENDING.value}


def test_the_defaults_are_a_five_minute_lease_and_batches_of_100() -> None:
    assert DefaultConfig.OUTBOX_LEASE_SECONDS == 300
    assert DefaultConfig.OUTBOX_BATCH_SIZE == 100
    assert DefaultConfig.SCHEDULER_LOCK_LEASE_SECONDS == 120
    assert DefaultConfig.OUTBOX_SENDERS == 4


def test_a_crashed_senders_claim_is_taken_over_after_the_default_lease(
    app: Flask, smtp: SmtpSink
) -> None:
    (person,) = make_people(1)
    queue([item_for(person)])
    _claim_and_crash()
    assert send_outbox(worker="next", clock=lambda: NOON + timedelta(seconds=299)).sent == 0
    assert send_outbox(worker="next", clock=lambda: NOON + timedelta(seconds=301)).sent == 1


def test_a_shorter_lease_setting_takes_over_sooner(
    app: Flask, smtp: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "OUTBOX_LEASE_SECONDS", 30)
    (person,) = make_people(1)
    queue([item_for(person)])
    _claim_and_crash()
    assert send_outbox(worker="next", clock=lambda: NOON + timedelta(seconds=29)).sent == 0
    assert send_outbox(worker="next", clock=lambda: NOON + timedelta(seconds=31)).sent == 1
    assert len(smtp.to(person.email)) == 1


def test_the_batch_size_setting_limits_what_one_claim_takes(
    app: Flask, smtp: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue([item_for(person) for person in make_people(5)])
    assert send_outbox(worker="t", clock=lambda: NOON, max_batches=1, senders=1).sent == 5
    monkeypatch.setitem(app.config, "OUTBOX_BATCH_SIZE", 2)
    queue([item_for(person) for person in make_people(5)])
    assert send_outbox(worker="t", clock=lambda: NOON, max_batches=1, senders=1).sent == 2
    assert send_outbox(worker="t", clock=lambda: NOON).sent == 3


def test_the_senders_setting_counts_on_a_shared_database_only(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "OUTBOX_SENDERS", 3)
    # An in-memory SQLite database is one connection all threads would share.
    assert sender_count() == (3 if TEST_DATABASE_URL else 1)


@pytest.mark.file_db
def test_the_senders_setting_counts_on_a_sqlite_file(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "OUTBOX_SENDERS", 3)
    assert sender_count() == 3
