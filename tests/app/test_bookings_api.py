"""The booking JSON API: availability, slots, create, cancel, reschedule, errors."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from mentoring.api.fields import iso_utc
from mentoring.bookings.slots import local_to_utc
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import make_host, make_pair, make_participant
from tests.factories import make_cohort, make_user


def next_weekday_at(weekday: int, hour: int, weeks: int = 1) -> datetime:
    today = utcnow().date()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)
    moment = local_to_utc(day, hour * 60, ZoneInfo("Europe/Stockholm"))
    assert moment is not None
    return moment


def test_create_booking_answers_201_then_409_for_the_same_slot(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, cohort = make_pair()
    start = next_weekday_at(1, 10)
    auth.login(participant.email)
    response = client.post(
        "/api/v1/bookings", json={"host_id": host.id, "starts_at": iso_utc(start)}
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["starts_at"] == iso_utc(start)
    other = app.test_client()
    AuthActions(other).login(make_participant(cohort, host=host).email)
    clash = other.post("/api/v1/bookings", json={"host_id": host.id, "starts_at": iso_utc(start)})
    assert clash.status_code == 409 and "just taken" in clash.get_json()["message"]


def test_idempotency_key_makes_a_retry_return_the_first_booking(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, _ = make_pair()
    auth.login(participant.email)
    body = {"host_id": host.id, "starts_at": iso_utc(next_weekday_at(2, 11))}
    first = client.post("/api/v1/bookings", json=body, headers={"Idempotency-Key": "abc"})
    again = client.post("/api/v1/bookings", json=body, headers={"Idempotency-Key": "abc"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["id"] == again.get_json()["id"]
    assert len(client.get("/api/v1/bookings").get_json()["upcoming"]) == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"host_id": 9999, "starts_at": "2030-01-01T10:00:00Z"}, 404),
        ({"host_id": "x", "starts_at": "2030-01-01T10:00:00Z"}, 422),
        ({"starts_at": "tomorrow"}, 422),
        ({"starts_at": "2020-01-01T10:00:00Z"}, 422),
    ],
)
def test_bad_booking_requests_get_json_errors(
    app: Flask, client: FlaskClient, auth: AuthActions, body: dict, status: int
) -> None:
    host, participant, _ = make_pair()
    body = {"host_id": host.id, **body}
    auth.login(participant.email)
    response = client.post("/api/v1/bookings", json=body)
    assert response.status_code == status
    assert set(response.get_json()) == {"error", "message"}
    assert client.get("/api/v1/bookings").get_json()["upcoming"] == []


def test_slots_list_free_times_in_utc(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    host, participant, _ = make_pair(windows=((1, 18 * 60, 20 * 60),))
    auth.login(participant.email)
    tuesday = next_weekday_at(1, 18)
    day = tuesday.date().isoformat()
    body = client.get(f"/api/v1/hosts/{host.id}/slots?from={day}&to={day}").get_json()
    assert [s["starts_at"] for s in body["slots"]] == [
        iso_utc(tuesday),
        iso_utc(tuesday + timedelta(hours=1)),
    ]
    assert client.get(f"/api/v1/hosts/{host.id}/slots?from=nope").status_code == 422
    stranger = make_host(cohort=make_cohort())
    assert client.get(f"/api/v1/hosts/{stranger.id}/slots?from={day}").status_code == 404


def test_host_puts_availability_all_or_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host = make_user(Role.AMBASSADOR)
    auth.login(host.email)
    good = {
        "session_minutes": 30,
        "buffer_minutes": 10,
        "notice_hours": 12,
        "horizon_days": 14,
        "windows": [{"weekday": 0, "start_minute": 540, "end_minute": 720}],
    }
    saved = client.put("/api/v1/availability", json=good).get_json()
    assert saved["session_minutes"] == 30 and saved["windows"][0]["start_minute"] == 540
    bad = {
        **good,
        "session_minutes": 45,
        "windows": [{"weekday": 0, "start_minute": 700, "end_minute": 600}],
    }
    assert client.put("/api/v1/availability", json=bad).status_code == 422
    again = client.get(f"/api/v1/hosts/{host.id}/availability").get_json()
    assert again["session_minutes"] == 30 and len(again["windows"]) == 1


def test_participants_cannot_publish_availability(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(make_user(Role.PARTICIPANT).email)
    assert client.put("/api/v1/availability", json={}).status_code == 403


def test_cancel_and_reschedule_through_the_api(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, cohort = make_pair()
    auth.login(participant.email)
    start = next_weekday_at(3, 9)
    booking = client.post(
        "/api/v1/bookings", json={"host_id": host.id, "starts_at": iso_utc(start)}
    ).get_json()
    moved = client.post(
        f"/api/v1/bookings/{booking['id']}/reschedule",
        json={"starts_at": iso_utc(start + timedelta(hours=2))},
    )
    assert moved.status_code == 200 and moved.get_json()["sequence"] == 1
    stranger = app.test_client()
    AuthActions(stranger).login(make_participant(cohort).email)
    assert stranger.get(f"/api/v1/bookings/{booking['id']}").status_code == 404
    assert client.post(f"/api/v1/bookings/{booking['id']}/cancel", json={}).status_code == 422
    cancelled = client.post(f"/api/v1/bookings/{booking['id']}/cancel", json={"reason": "Sick"})
    assert cancelled.get_json()["status"] == "cancelled"
    assert (
        client.post(f"/api/v1/bookings/{booking['id']}/cancel", json={"reason": "x"}).status_code
        == 409
    )


def test_the_answer_to_a_booking_or_a_move_reads_nothing_after_the_commit(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    """The answer shows the row just written; reading it back would be one more statement."""
    host, participant, _ = make_pair()
    auth.login(participant.email)
    after: list[str] = []
    state = {"committed": False}

    def statement(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        if state["committed"]:
            after.append(" ".join(sql.split())[:120])

    def committed(_conn: object) -> None:
        state["committed"] = True

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", committed)
    try:
        start = next_weekday_at(3, 10)
        booked = client.post(
            "/api/v1/bookings", json={"host_id": host.id, "starts_at": iso_utc(start)}
        )
        state["committed"] = False
        moved_to = iso_utc(start + timedelta(hours=2))
        path = f"/api/v1/bookings/{booked.get_json()['id']}/reschedule"
        moved = client.post(path, json={"starts_at": moved_to})
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        event.remove(db.engine, "commit", committed)
    assert booked.status_code == 201 and booked.get_json()["starts_at"] == iso_utc(start)
    assert moved.status_code == 200 and moved.get_json()["starts_at"] == moved_to
    assert moved.get_json()["sequence"] == booked.get_json()["sequence"] + 1
    assert after == []
