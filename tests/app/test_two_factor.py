"""Two-factor sign-in: setting it up, signing in with a code, replay, recovery codes, staff."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.audit.models import AuditLog
from mentoring.extensions import db
from mentoring.privacy.erasure import erase_person
from mentoring.two_factor import totp
from mentoring.two_factor.models import RecoveryCode, TwoFactor
from mentoring.two_factor.services import first_unused_step
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.clock import T0, Clock
from tests.factories import TEST_PASSWORD, give_two_factor, make_user


def _code(secret: str, at: datetime, steps: int = 0) -> str:
    return totp.code_for(secret, totp.step_at(at) + steps)


def _password_step(client: FlaskClient, user: User) -> None:
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.location.endswith("/login/code")


def _setup_secret(client: FlaskClient) -> str:
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    found = re.search(r'<code class="secret-key">([A-Z2-7]+)</code>', page)
    assert found is not None
    return found.group(1)


def _recovery_codes(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-9-]+)</code></li>", page)


# --- the codes themselves -------------------------------------------------------------------


def test_a_code_is_accepted_one_step_either_side_of_now_and_no_further() -> None:
    secret = totp.new_secret()
    now_step = totp.step_at(T0)
    for offset in (-1, 0, 1):
        assert totp.matching_step(secret, _code(secret, T0, offset), T0) == now_step + offset
    for offset in (-3, -2, 2, 3):
        assert totp.matching_step(secret, _code(secret, T0, offset), T0) is None
    assert totp.matching_step(secret, "12 34 56", T0) in (
        None,
        now_step - 1,
        now_step,
        now_step + 1,
    )
    assert totp.matching_step(secret, "abcdef", T0) is None


def test_codes_follow_rfc_6238() -> None:
    # RFC 6238 appendix B, SHA-1 key "12345678901234567890", at 59 s: 94287082 (8 digits).
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp.code_for(secret, totp.step_at(datetime(1970, 1, 1, 0, 0, 59))) == "287082"


def test_recovery_codes_are_random_and_typed_loosely() -> None:
    codes = {totp.new_recovery_code() for _ in range(50)}
    assert len(codes) == 50
    code = codes.pop()
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", code)
    assert totp.hash_recovery_code(code) == totp.hash_recovery_code(f" {code.upper()} ")


def test_the_first_unused_step_skips_used_ones_and_stays_in_the_window() -> None:
    now_step = totp.step_at(T0)
    settings = TwoFactor(secret=totp.new_secret(), last_step=None)
    assert first_unused_step(settings, T0) == now_step - 1
    assert first_unused_step(settings, T0, offset=0) == now_step
    settings.last_step = now_step
    assert first_unused_step(settings, T0) == now_step + 1
    settings.last_step = now_step + 1
    assert first_unused_step(settings, T0) is None


# --- setting it up ---------------------------------------------------------------------------


def test_a_participant_sets_up_two_factor_with_a_qr_code(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = make_user(Role.PARTICIPANT)
    auth.login(user.email)
    assert b"Two-factor sign-in is off." in client.get("/account/two-factor").data
    page = client.get("/account/two-factor/setup")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert re.search(r'<img src="data:image/svg\+xml;[^"]+" alt="QR code', html)
    assert "<script" not in html
    secret = _setup_secret(client)
    assert _setup_secret(client) == secret  # the same secret until confirmed
    assert db.session.get(TwoFactor, user.id) is None  # showing the page stored nothing

    wrong = client.post("/account/two-factor/setup", data={"code": "000000"})
    assert b"That code does not match." in wrong.data
    assert db.session.get(TwoFactor, user.id) is None

    done = client.post("/account/two-factor/setup", data={"code": _code(secret, clock.at)})
    assert done.status_code == 200
    codes = _recovery_codes(done.get_data(as_text=True))
    assert len(codes) == 10
    settings = db.session.get(TwoFactor, user.id)
    assert settings is not None and settings.secret == secret
    stored = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
    assert sorted(stored) == sorted(totp.hash_recovery_code(code) for code in codes)
    assert not set(codes) & set(stored)  # only hashes are kept
    # Shown once: the account page counts them but never shows them again.
    manage = client.get("/account/two-factor").get_data(as_text=True)
    assert "Unused recovery codes: 10." in manage
    assert not any(code in manage for code in codes)
    assert client.get("/account").status_code == 200  # this session stays signed in


def test_turning_two_factor_on_ends_other_sessions(app: Flask, clock: Clock) -> None:
    user = make_user(Role.PARTICIPANT)
    laptop, phone = app.test_client(), app.test_client()
    AuthActions(laptop).login(user.email)
    AuthActions(phone).login(user.email)
    secret = _setup_secret(laptop)
    laptop.post("/account/two-factor/setup", data={"code": _code(secret, clock.at)})
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302


# --- signing in ------------------------------------------------------------------------------


def test_the_password_alone_does_not_sign_in(client: FlaskClient, clock: Clock) -> None:
    user = make_user(Role.PARTICIPANT)
    secret = give_two_factor(user)
    _password_step(client, user)
    assert client.get("/account").status_code == 302
    assert client.get("/api/v1/me").status_code == 401
    page = client.get("/login/code")
    assert b"authenticator app" in page.data
    wrong = client.post("/login/code", data={"code": _code(secret, clock.at, 3)})
    assert b"That code is not right." in wrong.data
    assert client.get("/account").status_code == 302
    right = client.post("/login/code", data={"code": _code(secret, clock.at)})
    assert right.status_code == 302
    assert client.get("/account").status_code == 200
    assert db.session.get(User, user.id).last_login_at is not None  # type: ignore[union-attr]


def test_sign_in_returns_to_the_page_asked_for(client: FlaskClient, clock: Clock) -> None:
    user = make_user(Role.PARTICIPANT)
    secret = give_two_factor(user)
    client.post("/login?next=/account", data={"email": user.email, "password": TEST_PASSWORD})
    response = client.post("/login/code", data={"code": _code(secret, clock.at)})
    assert response.location.endswith("/account")


def test_a_code_is_good_only_once(app: Flask, clock: Clock) -> None:
    user = make_user(Role.PARTICIPANT)
    secret = give_two_factor(user)
    first, thief = app.test_client(), app.test_client()
    code = _code(secret, clock.at)
    _password_step(first, user)
    assert first.post("/login/code", data={"code": code}).status_code == 302
    _password_step(thief, user)
    replay = thief.post("/login/code", data={"code": code})
    assert b"That code has been used already." in replay.data
    assert thief.get("/account").status_code == 302
    # An older code of the drift window is refused too; the next one works.
    assert b"used already" in thief.post("/login/code", data={"code": _code(secret, T0, -1)}).data
    clock.at += timedelta(seconds=30)
    assert thief.post("/login/code", data={"code": _code(secret, clock.at)}).status_code == 302


def test_a_recovery_code_signs_in_once(
    app: Flask, client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = make_user(Role.PARTICIPANT)
    auth.login(user.email)
    secret = _setup_secret(client)
    page = client.post("/account/two-factor/setup", data={"code": _code(secret, clock.at)})
    code = _recovery_codes(page.get_data(as_text=True))[3]
    auth.logout()
    _password_step(client, user)
    assert client.post("/login/code", data={"code": code.upper()}).status_code == 302
    assert client.get("/account").status_code == 200
    assert "Unused recovery codes: 9." in client.get("/account/two-factor").get_data(as_text=True)
    auth.logout()
    _password_step(client, user)
    assert b"That code is not right." in client.post("/login/code", data={"code": code}).data
    actions = db.session.scalars(sa.select(AuditLog.action)).all()
    assert "account.recovery_code_used" in actions


def test_the_code_step_is_rate_limited_per_person(app: Flask, clock: Clock) -> None:
    user = make_user(Role.PARTICIPANT)
    secret = give_two_factor(user)
    client = app.test_client()
    _password_step(client, user)
    statuses = [client.post("/login/code", data={"code": "000000"}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    # A fresh password step does not reset the count, nor does the right code get through.
    again = app.test_client()
    _password_step(again, user)
    assert again.post("/login/code", data={"code": _code(secret, clock.at)}).status_code == 429


def test_the_code_step_expires_after_five_minutes(client: FlaskClient, clock: Clock) -> None:
    user = make_user(Role.PARTICIPANT)
    secret = give_two_factor(user)
    _password_step(client, user)
    clock.at += timedelta(minutes=6)
    response = client.post("/login/code", data={"code": _code(secret, clock.at)})
    assert response.status_code == 302
    assert response.location.endswith("/login")
    assert client.get("/account").status_code == 302


def test_the_code_step_without_a_password_step_goes_back_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/login/code")
    assert response.status_code == 302
    assert response.location.endswith("/login")


def test_a_participant_turns_two_factor_off(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = make_user(Role.PARTICIPANT)
    give_two_factor(user)
    auth.login(user.email)
    response = client.post("/account/two-factor/disable")
    assert response.status_code == 302
    assert db.session.get(TwoFactor, user.id) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0
    auth.logout()
    assert auth.login(user.email).location.endswith("/")


def test_new_recovery_codes_replace_the_old_ones(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = make_user(Role.PARTICIPANT)
    auth.login(user.email)
    secret = _setup_secret(client)
    first = _recovery_codes(
        client.post("/account/two-factor/setup", data={"code": _code(secret, clock.at)}).get_data(
            as_text=True
        )
    )
    second = _recovery_codes(
        client.post("/account/two-factor/recovery-codes").get_data(as_text=True)
    )
    assert len(second) == 10 and not set(first) & set(second)
    auth.logout()
    _password_step(client, user)
    assert b"not right" in client.post("/login/code", data={"code": first[0]}).data
    assert client.post("/login/code", data={"code": second[0]}).status_code == 302


# --- required for administrators and coordinators -------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR])
def test_staff_without_two_factor_set_it_up_before_anything_else(
    client: FlaskClient, auth: AuthActions, clock: Clock, role: Role
) -> None:
    user = make_user(role, two_factor=False)
    response = auth.login(user.email)
    assert response.status_code == 302
    for path in ("/", "/programmes", "/account", "/account/two-factor"):
        blocked = client.get(path)
        assert blocked.status_code == 302, path
        assert blocked.location.endswith("/account/two-factor/setup"), path
    api = client.get("/api/v1/me")
    assert api.status_code == 403
    assert api.get_json()["error"] == "two_factor_required"
    secret = _setup_secret(client)
    client.post("/account/two-factor/setup", data={"code": _code(secret, clock.at)})
    assert client.get("/programmes").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_new_staff_go_through_set_up_and_the_privacy_notice_without_a_loop(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = make_user(Role.COORDINATOR, two_factor=False, consented=False)
    auth.login(user.email)
    seen = []
    path = "/programmes"
    for _ in range(6):
        response = client.get(path)
        if response.status_code == 200:
            break
        path = urlsplit(response.location).path
        seen.append(path)
        if path == "/account/two-factor/setup":
            secret = _setup_secret(client)
            client.post(path, data={"code": _code(secret, clock.at)})
            path = "/programmes"
        elif path == "/consent":
            client.post(path, data={})
            path = "/programmes"
    assert response.status_code == 200, seen
    assert set(seen) == {"/account/two-factor/setup", "/consent"}


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR])
def test_staff_cannot_turn_two_factor_off(
    client: FlaskClient, auth: AuthActions, role: Role
) -> None:
    user = make_user(role)
    auth.login(user.email)
    assert b"cannot be turned off" in client.get("/account/two-factor").data
    assert client.post("/account/two-factor/disable").status_code == 403
    assert db.session.get(TwoFactor, user.id) is not None


def test_staff_sign_in_needs_the_code(client: FlaskClient, clock: Clock) -> None:
    coordinator = make_user(Role.COORDINATOR, two_factor=False)
    secret = give_two_factor(coordinator)
    _password_step(client, coordinator)
    assert client.get("/programmes").status_code == 302
    client.post("/login/code", data={"code": _code(secret, clock.at)})
    assert client.get("/programmes").status_code == 200


def test_a_new_staff_role_means_two_factor_at_next_sign_in(app: Flask, clock: Clock) -> None:
    admin, person = make_user(Role.ADMIN), make_user(Role.PARTICIPANT)
    admin_client, client = app.test_client(), app.test_client()
    AuthActions(admin_client).login(admin.email)
    AuthActions(client).login(person.email)
    admin_client.post(f"/admin/users/{person.id}", data={"roles": ["coordinator"]})
    assert client.get("/").status_code == 302  # the role change ended their session
    AuthActions(client).login(person.email)
    assert client.get("/programmes").location.endswith("/account/two-factor/setup")


def test_an_admin_resets_a_lost_second_factor(app: Flask, clock: Clock) -> None:
    admin, coordinator = make_user(Role.ADMIN), make_user(Role.COORDINATOR)
    admin_client, client = app.test_client(), app.test_client()
    AuthActions(client).login(coordinator.email)
    AuthActions(admin_client).login(admin.email)
    assert b"Reset two-factor" in admin_client.get(f"/admin/users/{coordinator.id}").data
    admin_client.post(f"/admin/users/{coordinator.id}/two-factor/reset")
    assert db.session.get(TwoFactor, coordinator.id) is None
    assert client.get("/").status_code == 302  # signed out everywhere
    AuthActions(client).login(coordinator.email)
    assert client.get("/").location.endswith("/account/two-factor/setup")
    [entry] = db.session.scalars(
        sa.select(AuditLog).where(AuditLog.action == "account.two_factor_reset")
    ).all()
    assert (entry.actor_id, entry.subject_user_id) == (admin.id, coordinator.id)


def test_only_admins_reset_a_second_factor(client: FlaskClient, auth: AuthActions) -> None:
    coordinator, other = make_user(Role.COORDINATOR), make_user(Role.COORDINATOR)
    auth.login(coordinator.email)
    assert client.post(f"/admin/users/{other.id}/two-factor/reset").status_code == 403
    assert db.session.get(TwoFactor, other.id) is not None


def test_erasing_a_person_removes_their_second_factor(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = make_user(Role.PARTICIPANT)
    auth.login(user.email)
    secret = _setup_secret(client)
    client.post("/account/two-factor/setup", data={"code": _code(secret, clock.at)})
    erase_person(user.id)
    db.session.commit()
    assert db.session.get(TwoFactor, user.id) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0


def _session_contents(app: Flask, client: FlaskClient) -> str:
    """What anyone holding the (signed, not encrypted) session cookie can read."""
    cookie = client.get_cookie("session", domain="mentoring.test")
    assert cookie is not None
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return str(serializer.loads(cookie.value))


def test_the_key_being_set_up_is_not_in_the_session_cookie(
    app: Flask, client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = make_user(Role.PARTICIPANT)
    auth.login(user.email)
    secret = _setup_secret(client)
    assert secret not in _session_contents(app, client)
    other = app.test_client()
    AuthActions(other).login(make_user(Role.PARTICIPANT).email)
    assert _setup_secret(other) != secret  # every person and setup gets a key of its own
    client.post("/account/two-factor/setup", data={"code": _code(secret, clock.at)})
    assert secret not in _session_contents(app, client)


def test_authenticator_keys_are_encrypted_at_rest_and_keys_rotate(
    app: Flask, runner: Any, clock: Clock
) -> None:
    from cryptography.fernet import Fernet, InvalidToken

    user = make_user(Role.PARTICIPANT)
    secret = give_two_factor(user)
    stored = db.session.scalar(sa.text("SELECT secret FROM two_factor"))
    assert secret not in stored
    old = app.config["TWO_FACTOR_ENCRYPTION_KEYS"]
    assert Fernet(old[0]).decrypt(stored.encode()).decode() == secret
    new = Fernet.generate_key().decode()
    app.config["TWO_FACTOR_ENCRYPTION_KEYS"] = [new, *old]  # new first, old still opens
    db.session.expire_all()
    assert db.session.get(TwoFactor, user.id).secret == secret  # type: ignore[union-attr]
    result = runner.invoke(args=["rotate-encryption-keys"])
    assert result.exit_code == 0 and "Re-encrypted 1 " in result.output
    rotated = db.session.scalar(sa.text("SELECT secret FROM two_factor"))
    assert Fernet(new).decrypt(rotated.encode()).decode() == secret
    with pytest.raises(InvalidToken):
        Fernet(old[0]).decrypt(rotated.encode())
    app.config["TWO_FACTOR_ENCRYPTION_KEYS"] = [new]  # the old key can go
    db.session.expire_all()
    assert db.session.get(TwoFactor, user.id).secret == secret  # type: ignore[union-attr]
