"""Quiet hours (21:00-08:00 in the recipient's zone) hold optional emails, never urgent ones.

Every clock here is pinned, so these tests say the same at any hour of the real day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from mentoring.extensions import db
from mentoring.notices.services import send_outbox
from mentoring.outbox.models import OutboxMessage
from notifications.model import Kind, Status
from tests.bookings_factories import make_booking, make_pair
from tests.mailbox import SmtpSink
from tests.notices_factories import item_for, make_person, queue

# Winter time: Stockholm is UTC+1, Helsinki UTC+2.
AT_23 = datetime(2026, 12, 8, 22, 0)  # 23:00 in Stockholm
AT_0759 = datetime(2026, 12, 9, 6, 59)  # 07:59 in Stockholm, 08:59 in Helsinki
AT_08 = datetime(2026, 12, 9, 7, 0)  # 08:00 in Stockholm
NUDGE = {"coordinator_name": "Kim", "programme_name": "Jobbspåret"}


def _send_at(at: datetime) -> int:
    return send_outbox(worker="test", clock=lambda: at).sent


def _by_kind(recipient_id: int) -> dict[str, tuple[str, datetime]]:
    rows = db.session.execute(
        sa.select(OutboxMessage.kind, OutboxMessage.status, OutboxMessage.next_attempt_at).where(
            OutboxMessage.recipient_id == recipient_id
        )
    )
    return {kind: (status, due) for kind, status, due in rows}


def test_at_23_optional_kinds_wait_until_8_and_a_session_reminder_goes_at_once(
    app: Flask, smtp: SmtpSink
) -> None:
    host, participant, _cohort = make_pair()
    make_booking(host, participant, AT_23 + timedelta(minutes=45))  # its 1-hour reminder is due
    queue(
        [
            item_for(participant, kind=Kind.INACTIVITY, not_before=AT_23),
            item_for(
                participant,
                kind=Kind.NUDGE,
                template="notice_nudge",
                context=NUDGE,
                not_before=AT_23,
            ),
        ],
        AT_23,
    )
    assert _send_at(AT_23) == 2  # the 1-hour reminder, to the host and to the participant
    assert len(smtp.to(participant.email)) == 1
    held = _by_kind(participant.id)
    assert held[Kind.SESSION_1H.value][0] == Status.SENT.value
    for kind in (Kind.INACTIVITY, Kind.NUDGE):
        assert held[kind.value] == (Status.PENDING.value, AT_08)
    assert _send_at(AT_0759) == 0
    assert _send_at(AT_08) == 2
    assert len(smtp.to(participant.email)) == 3
    assert {status for status, _due in _by_kind(participant.id).values()} <= {
        Status.SENT.value,
        Status.SKIPPED.value,  # the 24-hour reminder: queued too late for this session
    }


def test_at_0759_quiet_hours_hold_in_stockholm_but_not_in_helsinki(
    app: Flask, smtp: SmtpSink
) -> None:
    stockholm, helsinki = make_person(), make_person()
    helsinki.timezone = "Europe/Helsinki"
    db.session.commit()
    assert stockholm.timezone == "Europe/Stockholm"
    queue([item_for(person, not_before=AT_0759) for person in (stockholm, helsinki)], AT_0759)
    assert _send_at(AT_0759) == 1
    assert len(smtp.to(helsinki.email)) == 1 and smtp.to(stockholm.email) == []
    assert _by_kind(stockholm.id)[Kind.INACTIVITY.value] == (Status.PENDING.value, AT_08)
    assert _send_at(AT_08 - timedelta(seconds=1)) == 0
    assert _send_at(AT_08) == 1
    assert len(smtp.to(stockholm.email)) == 1


def test_a_retry_that_would_fall_in_quiet_hours_waits_for_the_morning(
    app: Flask, smtp: SmtpSink
) -> None:
    person = make_person()
    evening = AT_23 - timedelta(hours=2, minutes=1)  # 20:59 in Stockholm: not yet quiet
    queue([item_for(person, template="no_such_template", not_before=evening)], evening)
    assert send_outbox(worker="test", clock=lambda: evening).retried == 1
    assert _by_kind(person.id)[Kind.INACTIVITY.value] == (Status.PENDING.value, AT_08)
