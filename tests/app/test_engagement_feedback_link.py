"""The session page leads a participant to the feedback form after a session they attended."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.auth import AuthActions
from tests.bookings_factories import make_booking, make_pair

PAST = datetime(2026, 3, 2, 9)


@pytest.mark.parametrize(
    ("attendance", "status", "shown"),
    [
        ("attended", "active", True),
        ("no_show", "active", False),
        (None, "active", False),
        ("attended", "cancelled", False),
    ],
)
def test_the_session_page_links_to_feedback_only_after_attending(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    attendance: str | None,
    status: str,
    shown: bool,
) -> None:
    host, participant, _cohort = make_pair()
    booking = make_booking(host, participant, PAST, attendance=attendance, status=status)
    auth.login(participant.email)
    page = client.get(f"/sessions/{booking.id}")
    assert page.status_code == 200
    assert (f"/feedback/sessions/{booking.id}" in page.text) is shown
    if shown:
        assert "Give feedback" in page.text
        assert client.get(f"/feedback/sessions/{booking.id}").status_code == 200


def test_the_host_gets_no_feedback_link(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    host, participant, _cohort = make_pair()
    booking = make_booking(host, participant, PAST, attendance="attended")
    auth.login(host.email)
    page = client.get(f"/sessions/{booking.id}")
    assert page.status_code == 200
    assert f"/feedback/sessions/{booking.id}" not in page.text
