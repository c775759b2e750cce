"""Signing in and out, invitations, password resets and their one-time links."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.accounts.services import find_user_by_email
from mentoring.extensions import db
from mentoring.outbox.models import OutboxMessage
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import TEST_PASSWORD, make_user
from tests.mailbox import SmtpSink, free_port
from tests.notices_factories import deliver


def test_login_and_logout(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    user = make_user(Role.PARTICIPANT)
    response = auth.login(user.email)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    auth.logout()
    assert client.get("/").status_code == 302


def test_wrong_password_and_unknown_account_get_the_same_answer(auth: AuthActions) -> None:
    user = make_user()
    wrong = auth.login(user.email, "not the password")
    unknown = auth.login("nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    assert b"Wrong email or password." in wrong.data
    assert b"Wrong email or password." in unknown.data


def test_login_is_rate_limited_per_account(auth: AuthActions) -> None:
    user = make_user()
    other = make_user()
    statuses = [auth.login(user.email, "wrong password!").status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    # Even the right password waits until the window has passed...
    assert auth.login(user.email).status_code == 429
    # ...while other people signing in from the same address are not held up.
    assert auth.login(other.email).status_code == 302


def test_login_is_rate_limited_per_address(app: Flask) -> None:
    app.config["LOGIN_RATE_LIMIT_PER_IP"] = "3 per minute"
    client = app.test_client()
    statuses = [
        AuthActions(client).login(f"guess{n}@example.org", "whatever pass").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert b"Too many attempts" in AuthActions(client).login("guess9@example.org").data


@pytest.mark.csrf
def test_forms_without_a_csrf_token_are_refused(auth: AuthActions) -> None:
    user = make_user()
    response = auth.login(user.email)
    assert response.status_code == 400
    assert b"expired or was not sent from this site" in response.data


@pytest.mark.csrf
def test_forms_with_the_csrf_token_are_accepted(client: FlaskClient) -> None:
    user = make_user()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_session_cookie_is_httponly_and_samesite(auth: AuthActions) -> None:
    user = make_user()
    response = auth.login(user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def _link(message: object) -> str:
    body = message.get_content()  # type: ignore[attr-defined]
    return re.search(r"https?://\S+", body).group(0)  # type: ignore[union-attr]


def _without_tokens(body: bytes) -> bytes:
    return re.sub(rb'name="csrf_token" value="[^"]*"', b"", body)


def test_invitation_link_sets_a_password_once(client: FlaskClient, auth: AuthActions, smtp) -> None:  # type: ignore[no-untyped-def]
    coordinator = make_user(Role.COORDINATOR)
    auth.login(coordinator.email)
    response = client.post(
        "/people/invite",
        data={
            "email": "Amina@Example.org",
            "name": "Amina Ali",
            "locale": "sv",
            "roles": ["participant"],
        },
    )
    assert response.status_code == 302
    assert smtp.to("amina@example.org") == []  # queued, not sent inside the request
    deliver()
    [message] = smtp.to("amina@example.org")
    assert message["Subject"] == "Du är inbjuden till mentorstjänsten"
    link = _link(message).replace("http://mentoring.test", "")
    auth.logout()
    new_password = "a long passphrase here"
    assert (
        client.post(link, data={"password": new_password, "confirm": new_password}).status_code
        == 302
    )
    assert auth.login("amina@example.org", new_password).status_code == 302
    auth.logout()
    reused = client.post(
        link, data={"password": "another passphrase", "confirm": "another passphrase"}
    )
    assert reused.status_code == 400
    assert auth.login("amina@example.org", "another passphrase").status_code == 200


def _invite(client: FlaskClient, email: str) -> Any:
    data = {"email": email, "name": "X", "locale": "en", "roles": ["participant"]}
    return client.post("/people/invite", data=data, follow_redirects=True)


def test_inviting_an_existing_email_answers_as_for_a_new_one(
    client: FlaskClient, auth: AuthActions, smtp: SmtpSink
) -> None:
    coordinator = make_user(Role.COORDINATOR)
    existing = make_user(email="taken@example.org")
    auth.login(coordinator.email)
    known = _invite(client, existing.email)
    unknown = _invite(client, "free@example.org")
    assert known.status_code == unknown.status_code == 200
    assert _without_tokens(known.data).replace(b"taken@", b"free@") == _without_tokens(unknown.data)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 2
    deliver()
    [notice] = smtp.to(existing.email)
    assert "already have an account" in notice.get_content()
    assert "/password/invite/" not in notice.get_content()  # nothing changed for them
    db.session.refresh(existing)
    assert existing.name != "X"


def nothing_listens(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the mail settings at a port nobody listens on (a newcomer's machine)."""
    monkeypatch.setattr(app.extensions["mail"], "port", free_port())


def test_invitation_answers_at_once_when_nothing_listens_for_mail(
    client: FlaskClient, auth: AuthActions, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    nothing_listens(app, monkeypatch)
    coordinator = make_user(Role.COORDINATOR)
    auth.login(coordinator.email)
    response = _invite(client, "amina@example.org")
    assert response.status_code == 200 and b"Invitation sent" in response.data
    # The account and its invitation were written together; the sender retries later.
    assert find_user_by_email("amina@example.org") is not None
    assert deliver().retried == 1
    [row] = db.session.scalars(sa.select(OutboxMessage))
    assert (row.status, row.template) == ("pending", "invitation")


def test_password_reset_by_email_link(client: FlaskClient, auth: AuthActions, smtp) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    client.post("/password/forgot", data={"email": user.email})
    client.post("/password/forgot", data={"email": "nobody@example.org"})
    deliver()
    [message] = smtp.to(user.email)
    [note] = smtp.to("nobody@example.org")
    assert "there is no account" in note.get_content()
    assert "/password/" not in note.get_content()
    link = _link(message).replace("http://mentoring.test", "")
    short = client.post(link, data={"password": "short", "confirm": "short"})
    assert b"Use at least 10 characters." in short.data
    assert (
        client.post(
            link, data={"password": "brand new secret", "confirm": "brand new secret"}
        ).status_code
        == 302
    )
    assert auth.login(user.email, TEST_PASSWORD).status_code == 200
    assert auth.login(user.email, "brand new secret").status_code == 302


def test_tampered_link_is_refused(client: FlaskClient) -> None:
    assert client.get("/password/reset/not-a-token").status_code == 400


def test_password_change_ends_other_sessions(app: Flask) -> None:
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    AuthActions(laptop).login(user.email)
    AuthActions(phone).login(user.email)
    laptop.post(
        "/account/password",
        data={
            "current": TEST_PASSWORD,
            "password": "fresh password 1",
            "confirm": "fresh password 1",
        },
    )
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302


def test_disabled_account_is_signed_out_and_cannot_sign_in(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    admin = make_user(Role.ADMIN)
    user = make_user()
    auth.login(user.email)
    admin_client = app.test_client()
    AuthActions(admin_client).login(admin.email)
    admin_client.post(f"/admin/users/{user.id}/enabled", data={"enabled": "0"})
    assert client.get("/").status_code == 302
    assert b"Wrong email or password." in AuthActions(app.test_client()).login(user.email).data


def test_admin_changes_roles(client: FlaskClient, auth: AuthActions) -> None:
    admin = make_user(Role.ADMIN)
    user = make_user(Role.PARTICIPANT)
    auth.login(admin.email)
    client.post(f"/admin/users/{user.id}", data={"roles": ["participant", "mentor"]})
    refreshed = db.session.get(User, user.id)
    assert refreshed is not None
    assert refreshed.roles == {Role.PARTICIPANT, Role.MENTOR}
