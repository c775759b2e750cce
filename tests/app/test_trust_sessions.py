"""Sessions: a fresh one at sign-in, no replay after sign-out, idle and absolute timeouts."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from tests.auth import AuthActions
from tests.clock import Clock
from tests.factories import make_user


def _session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session", domain="mentoring.test")
    assert cookie is not None
    return cookie.value


def test_sign_in_starts_a_fresh_session(client: FlaskClient, auth: AuthActions) -> None:
    user = make_user()
    with client.session_transaction() as planted:
        planted["planted_by_attacker"] = "x"
    before = _session_cookie(client)
    auth.login(user.email)
    assert _session_cookie(client) != before
    with client.session_transaction() as fresh:
        assert "planted_by_attacker" not in fresh
    assert client.get("/account").status_code == 200


def test_a_cookie_replayed_after_sign_out_is_not_signed_in(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = make_user()
    auth.login(user.email)
    stolen = _session_cookie(client)
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen, domain="mentoring.test")
    assert thief.get_cookie("session", domain="mentoring.test") is not None
    response = thief.get("/account")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_session_ends_after_30_idle_minutes(
    app: Flask, client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    auth.login(make_user().email)
    clock.at += timedelta(minutes=29)
    assert client.get("/account").status_code == 200
    clock.at += timedelta(minutes=29)  # active 29 minutes ago: still fine
    assert client.get("/account").status_code == 200
    clock.at += timedelta(minutes=31)
    response = client.get("/account")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.get("/account").status_code == 302


def test_a_busy_session_still_ends_after_12_hours(
    app: Flask, client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    auth.login(make_user().email)
    for _ in range(12 * 4 - 1):
        clock.at += timedelta(minutes=15)
        assert client.get("/account").status_code == 200
    clock.at += timedelta(minutes=16)
    assert client.get("/account").status_code == 302


def test_timeouts_come_from_the_configuration(
    app: Flask, client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    app.config["SESSION_IDLE_TIMEOUT"] = timedelta(minutes=5)
    auth.login(make_user().email)
    clock.at += timedelta(minutes=6)
    assert client.get("/account").status_code == 302
