"""Booking pages: book from the slot list, see, cancel, follow up; hosts set availability."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.api.fields import iso_utc
from mentoring.bookings.calendar import token_digest
from mentoring.bookings.models import Booking, CalendarFeed
from mentoring.extensions import db
from mentoring.users.roles import Role
from tests.app.test_bookings_api import next_weekday_at
from tests.auth import AuthActions
from tests.bookings_factories import make_booking, make_pair, make_participant
from tests.factories import make_user


def test_participant_books_from_the_slot_page_and_sees_it(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, _ = make_pair(windows=((2, 17 * 60, 18 * 60),))
    auth.login(participant.email)
    index = client.get("/sessions").get_data(as_text=True)
    assert f"Book a session with {host.name}" in index
    start = next_weekday_at(2, 17)
    page = client.get(f"/sessions/hosts/{host.id}?from={start.date().isoformat()}").get_data(
        as_text=True
    )
    assert iso_utc(start) in page and "17:00" in page
    form = {"host_id": str(host.id), "starts_at": iso_utc(start), "request_key": "form-1"}
    response = client.post("/sessions/book", data=form)
    assert response.status_code == 302
    again = client.post("/sessions/book", data=form)  # a double click
    assert again.headers["Location"] == response.headers["Location"]
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert host.name in detail and "17:00" in detail
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 1
    assert "17:00" in client.get("/sessions").get_data(as_text=True)


def test_a_taken_slot_sends_the_participant_back_with_a_message(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, cohort = make_pair()
    start = next_weekday_at(1, 10)
    make_booking(host, make_participant(cohort), start)
    auth.login(participant.email)
    response = client.post(
        "/sessions/book",
        data={"host_id": str(host.id), "starts_at": iso_utc(start)},
        follow_redirects=True,
    )
    assert "just taken" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_session_pages_are_for_participants_and_hosts(
    app: Flask, client: FlaskClient, auth: AuthActions, role: Role
) -> None:
    auth.login(make_user(role).email)
    assert client.get("/sessions").status_code == 403
    assert client.get("/sessions/availability").status_code == 403


def test_other_peoples_sessions_are_not_found(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, cohort = make_pair()
    booking = make_booking(host, participant, next_weekday_at(1, 10))
    auth.login(make_participant(cohort).email)
    assert client.get(f"/sessions/{booking.id}").status_code == 404
    assert client.post(f"/sessions/{booking.id}/cancel", data={"reason": "x"}).status_code == 404
    assert client.get(f"/sessions/{booking.id}/session.ics").status_code == 404


def test_cancel_from_the_page_with_a_reason(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, _ = make_pair()
    booking = make_booking(host, participant, next_weekday_at(1, 10))
    auth.login(participant.email)
    page = client.post(
        f"/sessions/{booking.id}/cancel", data={"reason": "Job interview"}, follow_redirects=True
    )
    assert "The session is cancelled" in page.get_data(as_text=True)
    assert db.session.get(Booking, booking.id).status == "cancelled"


def test_host_records_attendance_and_both_write_notes(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, _ = make_pair()
    booking = make_booking(host, participant, next_weekday_at(1, 10, weeks=-2))
    auth.login(host.email)
    client.post(f"/sessions/{booking.id}/attendance", data={"attendance": "attended"})
    client.post(
        f"/sessions/{booking.id}/notes", data={"text": "Good start", "next_steps": "Update CV"}
    )
    assert db.session.get(Booking, booking.id).attendance == "attended"
    other = app.test_client()
    AuthActions(other).login(participant.email)
    page = other.get(f"/sessions/{booking.id}").get_data(as_text=True)
    assert "Good start" in page and "Update CV" in page
    assert (
        other.post(f"/sessions/{booking.id}/attendance", data={"attendance": "no_show"}).status_code
        == 403
    )
    assert "1.0 as participant" in other.get("/sessions").get_data(as_text=True)


def test_host_sets_availability_on_the_page(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host = make_user(Role.MENTOR)
    auth.login(host.email)
    assert client.get("/sessions/availability").status_code == 200
    settings = {
        "session_minutes": "45",
        "buffer_minutes": "15",
        "notice_hours": "12",
        "horizon_days": "21",
    }
    assert client.post("/sessions/availability/settings", data=settings).status_code == 302
    bad = client.post(
        "/sessions/availability/windows", data={"weekday": "1", "start": "18:00", "end": "17:00"}
    )
    assert bad.status_code == 422 and "must end after it starts" in bad.get_data(as_text=True)
    client.post(
        "/sessions/availability/windows", data={"weekday": "1", "start": "17:00", "end": "20:00"}
    )
    overlap = client.post(
        "/sessions/availability/windows", data={"weekday": "1", "start": "19:00", "end": "21:00"}
    )
    assert "overlaps" in overlap.get_data(as_text=True)
    client.post(
        "/sessions/availability/exceptions",
        data={"starts_on": "2030-07-01", "ends_on": "2030-07-31"},
    )
    page = client.get("/sessions/availability").get_data(as_text=True)
    assert "17:00–20:00" in page and "2030-07-01" in page


def test_calendar_feed_page_and_revocation(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, _ = make_pair()
    make_booking(host, participant, next_weekday_at(1, 10))
    auth.login(participant.email)
    assert "You have no calendar address yet" in client.get("/sessions/calendar").text
    page = client.post("/sessions/calendar/revoke").get_data(as_text=True)
    url = page.split('readonly value="')[1].split('"')[0]
    path = url.split("mentoring.test")[1]
    anonymous = app.test_client()
    assert b"BEGIN:VEVENT" in anonymous.get(path).data
    # Shown once: only the token's hash is stored, the page no longer has the address.
    later = client.get("/sessions/calendar").text
    assert path.split("/")[-1].removesuffix(".ics") not in later and "cannot show it" in later
    stored = db.session.scalar(sa.select(CalendarFeed.token_hash))
    assert stored == token_digest(path.split("/")[-1].removesuffix(".ics"))
    again = client.post("/sessions/calendar/revoke").text
    assert "Your old calendar address no longer works" in again
    assert anonymous.get(path).status_code == 404
    assert anonymous.get("/calendar/guess.ics").status_code == 404


def test_slots_page_offers_moving_a_booking(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, _ = make_pair()
    start = next_weekday_at(1, 10)
    booking = make_booking(host, participant, start)
    auth.login(participant.email)
    page = client.get(f"/sessions/hosts/{host.id}?from={start.date()}&reschedule={booking.id}")
    assert f"/sessions/{booking.id}/reschedule" in page.get_data(as_text=True)
    client.post(
        f"/sessions/{booking.id}/reschedule",
        data={"starts_at": iso_utc(start + timedelta(hours=1))},
    )
    assert db.session.get(Booking, booking.id).starts_at == start + timedelta(hours=1)
