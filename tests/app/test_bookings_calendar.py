"""Calendar files and feeds, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from icalendar import Calendar

from mentoring.bookings.booking import book_session, cancel_booking, reschedule_booking
from mentoring.bookings.calendar import booking_ics, feed_ics, new_feed
from mentoring.errors import NotFound
from tests.app.test_bookings_service import TUESDAY_10
from tests.bookings_factories import NOW, make_pair, make_training


def events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_booking_ics_carries_times_people_and_a_stable_uid(app: Flask) -> None:
    host, participant, _ = make_pair()
    booking, _ = book_session(participant, host.id, TUESDAY_10, now=NOW)
    calendar = Calendar.from_ical(booking_ics(booking, "en"))
    [event] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST"
    assert event.decoded("DTSTART") == TUESDAY_10.replace(tzinfo=UTC)
    assert event.decoded("DTEND") == (TUESDAY_10 + timedelta(hours=1)).replace(tzinfo=UTC)
    assert str(event["UID"]) == f"booking-{booking.id}@mentoring"
    assert str(event["ORGANIZER"]) == f"mailto:{host.email}"
    assert str(event["LOCATION"]) == "Library, room 2"


def test_feed_lists_changes_and_cancellations_with_rising_sequences(app: Flask) -> None:
    host, participant, _ = make_pair()
    kept, _ = book_session(participant, host.id, TUESDAY_10, now=NOW)
    dropped, _ = book_session(participant, host.id, TUESDAY_10 + timedelta(days=1), now=NOW)
    reschedule_booking(participant, kept.id, TUESDAY_10 + timedelta(hours=2), now=NOW)
    cancel_booking(participant, dropped.id, reason="Sick", now=NOW)
    make_training(host, datetime(2026, 4, 1, 12))
    token = new_feed(participant, now=NOW)
    found = {str(e["UID"]): e for e in events(feed_ics(token))}
    moved = found[f"booking-{kept.id}@mentoring"]
    assert moved.decoded("DTSTART") == (TUESDAY_10 + timedelta(hours=2)).replace(tzinfo=UTC)
    assert int(moved["SEQUENCE"]) == 1 and str(moved["STATUS"]) == "CONFIRMED"
    gone = found[f"booking-{dropped.id}@mentoring"]
    assert str(gone["STATUS"]) == "CANCELLED" and int(gone["SEQUENCE"]) == 1
    host_feed = {str(e["UID"]) for e in events(feed_ics(new_feed(host, now=NOW)))}
    assert len(host_feed) == 3  # both bookings and the training the host runs
    assert events(feed_ics(token))  # stable until replaced


def test_a_revoked_feed_token_no_longer_works(app: Flask) -> None:
    host, participant, _ = make_pair()
    old = new_feed(participant, now=NOW)
    new = new_feed(participant, now=NOW)
    assert new != old
    with pytest.raises(NotFound):
        feed_ics(old)
    assert events(feed_ics(new)) == []
