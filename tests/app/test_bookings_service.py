"""Booking, cancelling and moving sessions: the rules, enforced in the services."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.bookings.availability import bookable_hosts
from mentoring.bookings.booking import book_session, cancel_booking, reschedule_booking
from mentoring.bookings.models import Booking
from mentoring.bookings.records import add_note, attended_hours, mark_attendance
from mentoring.errors import Conflict, Forbidden, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.notices.services import send_outbox
from mentoring.users.roles import Role
from tests.bookings_factories import (
    NOW,
    link,
    make_booking,
    make_host,
    make_pair,
    make_participant,
)
from tests.factories import make_cohort, make_profile, make_user
from tests.mailbox import SmtpSink

# Tuesday 24 March 2026 10:00 in Stockholm (CET) is 09:00 UTC.
TUESDAY_10 = datetime(2026, 3, 24, 9)


def count_active() -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Booking).where(Booking.status == "active")
    )


def test_book_session_saves_it_and_emails_both_with_a_calendar_file(
    app: Flask, smtp: SmtpSink
) -> None:
    host, participant, _ = make_pair()
    booking, created = book_session(participant, host.id, TUESDAY_10, now=NOW)
    assert created and booking.ends_at == TUESDAY_10 + timedelta(hours=1)
    assert booking.place == "Library, room 2"
    assert smtp.messages == []  # queued in the outbox with the booking, sent by the sender
    assert send_outbox(worker="test").sent == 2
    for person in (host, participant):
        [message] = smtp.to(person.email)
        assert "Session booked" in message["Subject"]
        assert "10:00" in message.get_body(("plain",)).get_content()
        attachment = next(part for part in message.iter_attachments())
        assert attachment.get_content_type() == "text/calendar"
        assert b"METHOD:REQUEST" in attachment.get_payload(decode=True)


def test_the_same_request_key_twice_creates_one_booking(app: Flask) -> None:
    host, participant, _ = make_pair()
    first, created = book_session(participant, host.id, TUESDAY_10, now=NOW, request_key="k1")
    again, created_again = book_session(participant, host.id, TUESDAY_10, now=NOW, request_key="k1")
    assert created and not created_again and again.id == first.id
    assert count_active() == 1


def test_the_same_slot_twice_without_a_key_is_a_conflict(app: Flask) -> None:
    host, participant, cohort = make_pair()
    other = make_participant(cohort, host=host)
    book_session(participant, host.id, TUESDAY_10, now=NOW)
    with pytest.raises(Conflict, match="just taken"):
        book_session(other, host.id, TUESDAY_10, now=NOW)
    assert count_active() == 1


def test_a_partly_overlapping_booking_of_the_host_is_refused(app: Flask) -> None:
    host, participant, cohort = make_pair()
    make_booking(host, make_participant(cohort), TUESDAY_10 + timedelta(minutes=30))
    with pytest.raises(Conflict):
        book_session(participant, host.id, TUESDAY_10, now=NOW)
    assert count_active() == 1


def test_a_partly_overlapping_booking_of_the_participant_is_refused(app: Flask) -> None:
    host, participant, cohort = make_pair()
    other_host = make_host(cohort=cohort)
    make_booking(other_host, participant, TUESDAY_10 + timedelta(minutes=30))
    with pytest.raises(Conflict, match="another session"):
        book_session(participant, host.id, TUESDAY_10, now=NOW)


def test_back_to_back_bookings_both_succeed(app: Flask) -> None:
    host, participant, cohort = make_pair()
    book_session(participant, host.id, TUESDAY_10, now=NOW)
    book_session(
        make_participant(cohort, host=host), host.id, TUESDAY_10 + timedelta(hours=1), now=NOW
    )
    book_session(participant, host.id, TUESDAY_10 + timedelta(hours=2), now=NOW)
    assert count_active() == 3


def test_the_buffer_refuses_a_booking_right_after_another(app: Flask) -> None:
    host, participant, cohort = make_pair(buffer_minutes=15)
    book_session(participant, host.id, TUESDAY_10, now=NOW)
    with pytest.raises(Conflict):
        book_session(
            make_participant(cohort, host=host), host.id, TUESDAY_10 + timedelta(hours=1), now=NOW
        )


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        (NOW - timedelta(days=1), "passed"),
        (NOW + timedelta(hours=20), "at least 24 hours"),
        (NOW + timedelta(days=70), "at most 60 days"),
        (datetime(2026, 3, 24, 18), "not available"),  # 19:00 local, after the window
        (datetime(2026, 3, 28, 9), "not available"),  # Saturday
    ],
)
def test_bad_times_are_refused_and_create_nothing(
    app: Flask, starts_at: datetime, message: str
) -> None:
    host, participant, _ = make_pair()
    with pytest.raises(ValidationError, match=message):
        book_session(participant, host.id, starts_at, now=NOW)
    assert count_active() == 0


def test_unknown_or_unrelated_hosts_do_not_exist_for_the_participant(app: Flask) -> None:
    host, participant, cohort = make_pair()
    stranger = make_host(cohort=make_cohort())
    cohort_mentor = make_host(cohort=cohort)  # same cohort, but not their mentor
    for host_id in (stranger.id, cohort_mentor.id, 99999, participant.id):
        with pytest.raises(NotFound):
            book_session(participant, host_id, TUESDAY_10, now=NOW)
    assert [h.id for h in bookable_hosts(participant)] == [host.id]


def test_bookable_hosts_need_a_host_role_and_published_availability(app: Flask) -> None:
    cohort = make_cohort()
    coach = make_host(Role.COACH, cohort=cohort)
    participant = make_participant(cohort, host=coach)
    unpublished = make_user(Role.MENTOR)  # their mentor, but no availability published
    make_profile(unpublished)
    link(participant, unpublished)
    make_participant(cohort, host=coach)  # a fellow participant is no host
    assert [h.id for h in bookable_hosts(participant)] == [coach.id]


def test_a_disabled_host_cannot_be_booked(app: Flask) -> None:
    host, participant, _ = make_pair()
    host.is_enabled = False
    db.session.commit()
    assert bookable_hosts(participant) == []
    with pytest.raises(NotFound):
        book_session(participant, host.id, TUESDAY_10, now=NOW)


def test_daily_cap_is_enforced(app: Flask) -> None:
    host, participant, cohort = make_pair(max_per_day=1)
    book_session(participant, host.id, TUESDAY_10, now=NOW)
    with pytest.raises(Conflict, match="that day"):
        book_session(
            make_participant(cohort, host=host), host.id, TUESDAY_10 + timedelta(hours=3), now=NOW
        )
    book_session(
        make_participant(cohort, host=host), host.id, TUESDAY_10 + timedelta(days=1), now=NOW
    )


def test_weekly_cap_is_enforced(app: Flask) -> None:
    host, participant, cohort = make_pair(max_per_week=1)
    book_session(participant, host.id, TUESDAY_10, now=NOW)
    with pytest.raises(Conflict, match="that week"):
        book_session(
            make_participant(cohort, host=host), host.id, TUESDAY_10 + timedelta(days=2), now=NOW
        )


def test_a_capped_host_s_session_moves_within_its_day_and_a_clash_is_named_first(
    app: Flask,
) -> None:
    host, participant, cohort = make_pair(max_per_day=1)
    booking, _ = book_session(participant, host.id, TUESDAY_10, now=NOW)
    # The session being moved does not count against the cap it already holds.
    moved = reschedule_booking(participant, booking.id, TUESDAY_10 + timedelta(hours=2), now=NOW)
    assert moved.starts_at == TUESDAY_10 + timedelta(hours=2)
    # Taken and over the cap at once: the person hears that the time was taken.
    with pytest.raises(Conflict, match="just taken"):
        book_session(make_participant(cohort, host=host), host.id, moved.starts_at, now=NOW)


def test_cancel_frees_the_slot_and_needs_a_reason(app: Flask, smtp: SmtpSink) -> None:
    host, participant, cohort = make_pair()
    booking, _ = book_session(participant, host.id, TUESDAY_10, now=NOW)
    with pytest.raises(ValidationError, match="reason"):
        cancel_booking(participant, booking.id, reason=" ", now=NOW)
    smtp.clear()
    cancel_booking(participant, booking.id, reason="I got a job interview", now=NOW)
    assert booking.status == "cancelled" and booking.sequence == 1
    send_outbox(worker="test")
    [message] = smtp.to(host.email)  # the "booked" email, not sent yet, is out of date
    assert "cancelled" in message["Subject"]
    assert "I got a job interview" in message.get_body(("plain",)).get_content()
    ics = next(message.iter_attachments()).get_payload(decode=True)
    assert b"METHOD:CANCEL" in ics and b"STATUS:CANCELLED" in ics
    book_session(make_participant(cohort, host=host), host.id, TUESDAY_10, now=NOW)


def test_participant_cannot_cancel_inside_the_notice_but_the_host_can(app: Flask) -> None:
    host, participant, _ = make_pair()
    booking, _ = book_session(participant, host.id, TUESDAY_10, now=NOW)
    late = TUESDAY_10 - timedelta(hours=2)
    with pytest.raises(ValidationError, match="too late"):
        cancel_booking(participant, booking.id, reason="ill", now=late)
    cancel_booking(host, booking.id, reason="I am ill", now=late)
    assert booking.status == "cancelled"


def test_strangers_cannot_see_or_cancel_a_booking(app: Flask) -> None:
    host, participant, cohort = make_pair()
    booking, _ = book_session(participant, host.id, TUESDAY_10, now=NOW)
    with pytest.raises(NotFound):
        cancel_booking(make_participant(cohort), booking.id, reason="x", now=NOW)


def test_reschedule_moves_the_booking_and_bumps_the_sequence(app: Flask, smtp: SmtpSink) -> None:
    host, participant, cohort = make_pair()
    booking, _ = book_session(participant, host.id, TUESDAY_10, now=NOW)
    smtp.clear()
    reschedule_booking(participant, booking.id, TUESDAY_10 + timedelta(minutes=30), now=NOW)
    assert booking.starts_at == TUESDAY_10 + timedelta(minutes=30) and booking.sequence == 1
    send_outbox(worker="test")
    [moved] = smtp.to(participant.email)
    assert "moved" in moved["Subject"] and "10:30" in moved.get_body(("plain",)).get_content()
    book_session(
        make_participant(cohort, host=host), host.id, TUESDAY_10 + timedelta(hours=2), now=NOW
    )
    with pytest.raises(Conflict):
        reschedule_booking(participant, booking.id, TUESDAY_10 + timedelta(hours=2), now=NOW)
    with pytest.raises(ValidationError, match="too late"):
        reschedule_booking(participant, booking.id, TUESDAY_10 + timedelta(days=1), now=TUESDAY_10)


def test_a_session_with_a_host_no_longer_linked_can_be_cancelled_but_not_moved(
    app: Flask,
) -> None:
    cohort = make_cohort()
    host = make_host(cohort=cohort)
    participant = make_participant(cohort)
    pairing = link(participant, host)
    booking, _ = book_session(participant, host.id, TUESDAY_10, now=NOW)
    pairing.status = "ended"
    db.session.commit()
    with pytest.raises(Conflict, match="can no longer book this host"):
        reschedule_booking(participant, booking.id, TUESDAY_10 + timedelta(hours=2), now=NOW)
    assert booking.starts_at == TUESDAY_10 and booking.sequence == 0
    cancel_booking(participant, booking.id, reason="The pairing ended", now=NOW)
    assert count_active() == 0


def test_attendance_is_for_the_host_after_the_session_and_counts_hours(app: Flask) -> None:
    host, participant, _ = make_pair()
    booking, _ = book_session(participant, host.id, TUESDAY_10, now=NOW)
    with pytest.raises(ValidationError, match="after the session"):
        mark_attendance(host, booking.id, "attended", now=TUESDAY_10)
    with pytest.raises(Forbidden):
        mark_attendance(participant, booking.id, "attended", now=TUESDAY_10 + timedelta(hours=2))
    mark_attendance(host, booking.id, "attended", now=TUESDAY_10 + timedelta(hours=2))
    make_booking(
        host, participant, TUESDAY_10 + timedelta(days=1), minutes=90, attendance="no_show"
    )
    make_booking(
        host, participant, TUESDAY_10 + timedelta(days=2), minutes=30, attendance="attended"
    )
    make_booking(
        host, participant, TUESDAY_10 + timedelta(days=3), status="cancelled", attendance="attended"
    )
    assert attended_hours(participant.id).as_participant == 1.5
    assert attended_hours(host.id).as_host == 1.5
    assert (
        attended_hours(participant.id, until=TUESDAY_10 + timedelta(days=1)).as_participant == 1.0
    )


def test_notes_are_shared_by_both_sides_after_the_session_starts(app: Flask) -> None:
    host, participant, _ = make_pair()
    booking, _ = book_session(participant, host.id, TUESDAY_10, now=NOW)
    with pytest.raises(ValidationError):
        add_note(participant, booking.id, text="x", next_steps="", now=NOW)
    later = TUESDAY_10 + timedelta(hours=1)
    add_note(participant, booking.id, text="We practised interviews", next_steps="", now=later)
    add_note(host, booking.id, text="", next_steps="Send your CV by Friday", now=later)
    assert [n.author_id for n in booking.notes] == [participant.id, host.id]
    with pytest.raises(ValidationError):
        add_note(host, booking.id, text=" ", next_steps="", now=later)
