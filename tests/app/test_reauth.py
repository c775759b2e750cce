"""Sensitive changes long after signing in ask for the password again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.two_factor.models import TwoFactor
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.clock import Clock
from tests.factories import TEST_PASSWORD, give_two_factor, make_user


def _roles(user_id: int) -> set[Role]:
    user = db.session.get(User, user_id)
    assert user is not None
    return set(user.roles)


def test_changing_roles_long_after_sign_in_asks_for_the_password(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    admin, person = make_user(Role.ADMIN), make_user(Role.PARTICIPANT)
    auth.login(admin.email)
    clock.at += timedelta(minutes=6)
    page = f"/admin/users/{person.id}"
    response = client.post(page, data={"roles": ["participant", "mentor"]})
    assert response.status_code == 302
    assert response.location.endswith(f"/account/confirm?next=/admin/users/{person.id}")
    assert _roles(person.id) == {Role.PARTICIPANT}

    confirm = client.get(response.location)
    assert b"please enter your password again" in confirm.data
    wrong = client.post(response.location, data={"password": "not my password"})
    assert b"That password is not right." in wrong.data
    right = client.post(response.location, data={"password": TEST_PASSWORD})
    assert right.status_code == 302 and right.location.endswith(page)
    client.post(page, data={"roles": ["participant", "mentor"]})
    assert _roles(person.id) == {Role.PARTICIPANT, Role.MENTOR}


def test_changes_soon_after_sign_in_need_no_password_again(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    admin, person = make_user(Role.ADMIN), make_user(Role.PARTICIPANT)
    auth.login(admin.email)
    clock.at += timedelta(minutes=4)
    assert client.post(f"/admin/users/{person.id}", data={"roles": ["mentor"]}).status_code == 302
    assert _roles(person.id) == {Role.MENTOR}


def test_reading_the_page_needs_no_password_again(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    admin, person = make_user(Role.ADMIN), make_user(Role.PARTICIPANT)
    auth.login(admin.email)
    clock.at += timedelta(minutes=20)
    assert client.get(f"/admin/users/{person.id}").status_code == 200


def test_disabling_an_account_long_after_sign_in_asks_for_the_password(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    admin, person = make_user(Role.ADMIN), make_user(Role.PARTICIPANT)
    auth.login(admin.email)
    clock.at += timedelta(minutes=6)
    response = client.post(f"/admin/users/{person.id}/enabled", data={"enabled": "0"})
    assert "/account/confirm" in response.location
    refreshed = db.session.get(User, person.id)
    assert refreshed is not None and refreshed.is_enabled


@pytest.mark.parametrize(
    "path", ["/account/two-factor/disable", "/account/two-factor/recovery-codes"]
)
def test_two_factor_changes_long_after_sign_in_ask_for_the_password(
    client: FlaskClient, auth: AuthActions, clock: Clock, path: str
) -> None:
    user = make_user(Role.PARTICIPANT)
    give_two_factor(user)
    auth.login(user.email)
    clock.at += timedelta(minutes=6)
    response = client.post(path)
    assert response.status_code == 302
    assert response.location.endswith("/account/confirm?next=/account/two-factor")
    assert db.session.get(TwoFactor, user.id) is not None
    client.post(response.location, data={"password": TEST_PASSWORD})
    assert client.post(path).status_code in (200, 302)
    if path.endswith("disable"):
        assert db.session.get(TwoFactor, user.id) is None


def test_setting_up_two_factor_long_after_sign_in_asks_for_the_password(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = make_user(Role.PARTICIPANT)
    auth.login(user.email)
    clock.at += timedelta(minutes=6)
    assert client.get("/account/two-factor/setup").status_code == 200
    response = client.post("/account/two-factor/setup", data={"code": "123456"})
    assert response.location.endswith("/account/confirm?next=/account/two-factor/setup")


def test_changing_the_password_always_asks_for_the_current_one(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = make_user()
    auth.login(user.email)
    clock.at += timedelta(minutes=20)
    data = {"password": "a fresh passphrase", "confirm": "a fresh passphrase"}
    wrong = client.post("/account/password", data={**data, "current": "a wrong one!"})
    assert b"Your current password is not right." in wrong.data
    assert (
        client.post("/account/password", data={**data, "current": TEST_PASSWORD}).status_code == 302
    )


def test_confirming_the_password_is_rate_limited(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = make_user()
    auth.login(user.email)
    statuses = [
        client.post("/account/confirm", data={"password": "guess guess"}).status_code
        for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]
