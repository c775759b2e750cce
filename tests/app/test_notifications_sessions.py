"""Session reminders: 24 hours and 1 hour before, committed with the booking, never stale."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from mentoring.bookings.models import CANCELLED
from mentoring.extensions import db
from mentoring.notices.jobs import find_due
from mentoring.notices.services import send_outbox
from mentoring.outbox.models import OutboxMessage
from notifications.model import Kind, Status
from tests.bookings_factories import make_booking, make_pair
from tests.mailbox import SmtpSink

T = datetime(2026, 3, 10, 11, 0)  # 12:00 in Stockholm


def _send_at(at: datetime) -> int:
    return send_outbox(worker="test", clock=lambda: at).sent


def _rows() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_booking_and_its_reminders_commit_together(app: Flask) -> None:
    host, participant, _cohort = make_pair()
    booking = make_booking(host, participant, T + timedelta(days=3))
    rows = _rows()
    assert {(r.recipient_id, r.kind) for r in rows} == {
        (person.id, kind)
        for person in (host, participant)
        for kind in (Kind.SESSION_24H.value, Kind.SESSION_1H.value)
    }
    assert all(r.next_attempt_at < booking.starts_at for r in rows)


def test_a_booking_rolled_back_leaves_no_reminders(app: Flask) -> None:
    host, participant, _cohort = make_pair()
    from mentoring.bookings.models import Booking

    db.session.add(
        Booking(
            host_id=host.id,
            participant_id=participant.id,
            starts_at=T,
            ends_at=T + timedelta(hours=1),
        )
    )
    db.session.flush()
    db.session.rollback()
    assert _rows() == []


def test_reminders_arrive_once_in_the_recipients_language_with_ics(
    app: Flask, smtp: SmtpSink
) -> None:
    host, participant, _cohort = make_pair()
    participant.locale = "fi"
    db.session.commit()
    start = T + timedelta(days=2)
    make_booking(host, participant, start)
    assert _send_at(start - timedelta(hours=25)) == 0
    assert _send_at(start - timedelta(hours=24)) == 2
    assert _send_at(start - timedelta(hours=23)) == 0
    (day_before,) = smtp.to(participant.email)
    attachments = list(day_before.iter_attachments())
    assert attachments[0].get_content_type() == "text/calendar"
    body = day_before.get_body(("plain",))
    assert body is not None and "torstai" in body.get_content()  # Thursday, in Finnish
    assert _send_at(start - timedelta(minutes=59)) == 2
    assert _send_at(start - timedelta(minutes=30)) == 0
    assert len(smtp.to(participant.email)) == 2


def test_cancelled_session_sends_no_reminder(app: Flask, smtp: SmtpSink) -> None:
    host, participant, _cohort = make_pair()
    start = T + timedelta(days=2)
    booking = make_booking(host, participant, start)
    booking.status = CANCELLED
    db.session.commit()
    _send_at(start - timedelta(hours=24))
    _send_at(start - timedelta(hours=1))
    assert smtp.messages == []
    assert {r.status for r in _rows()} == {Status.SKIPPED.value}


def test_rescheduled_session_reminds_of_the_new_time_only(app: Flask, smtp: SmtpSink) -> None:
    host, participant, _cohort = make_pair()
    old, new = T + timedelta(days=2), T + timedelta(days=4)
    booking = make_booking(host, participant, old)
    booking.starts_at, booking.ends_at = new, new + timedelta(hours=1)
    db.session.commit()
    for moment in (old - timedelta(hours=24), old - timedelta(hours=1)):
        assert _send_at(moment) == 0
    assert _send_at(new - timedelta(hours=24)) == 2
    assert _send_at(new - timedelta(hours=1)) == 2
    find_due(new - timedelta(hours=2))  # the backstop finder adds nothing new
    assert _send_at(new - timedelta(minutes=50)) == 0
    mine = smtp.to(participant.email)
    assert len(mine) == 2
    assert all(new.strftime("%Y%m%dT%H%M") in r.occasion for r in _rows() if r.status == "sent")


def test_scheduler_down_two_hours_sends_what_is_still_useful_and_skips_the_rest(
    app: Flask, smtp: SmtpSink
) -> None:
    host, participant, _cohort = make_pair()
    soon = make_booking(host, participant, T + timedelta(minutes=10))
    tomorrow = make_booking(host, participant, T + timedelta(hours=23, minutes=30))
    later = make_booking(host, participant, T + timedelta(hours=5))
    # Everything was queued before the outage (T - 2 h); nothing ran until T.
    find_due(T - timedelta(hours=2))
    _send_at(T)
    _send_at(T)

    def status(booking_id: int, kind: Kind) -> set[str]:
        return {
            r.status
            for r in _rows()
            if r.kind == kind.value and r.occasion.startswith(f"booking:{booking_id}:")
        }

    assert status(soon.id, Kind.SESSION_1H) == {Status.SKIPPED.value}
    assert status(soon.id, Kind.SESSION_24H) == {Status.SKIPPED.value}
    assert status(tomorrow.id, Kind.SESSION_24H) == {Status.SENT.value}
    assert status(later.id, Kind.SESSION_1H) == {Status.PENDING.value}
    assert _send_at(T + timedelta(hours=4)) == 2
    assert _send_at(T + timedelta(hours=4, minutes=5)) == 0
    subjects = [str(m["Subject"]) for m in smtp.to(participant.email)]
    assert len(subjects) == 2  # tomorrow's 24-hour and later's 1-hour reminder, once each
