"""Passwords: Argon2id at the recommended cost, rehashing, equal answers, and what is allowed."""

from __future__ import annotations

import re
import unicodedata

import pytest
from argon2 import PasswordHasher, extract_parameters
from argon2.profiles import RFC_9106_LOW_MEMORY
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from mentoring import create_app
from mentoring.accounts import passwords, services
from mentoring.accounts.password_policy import is_common, password_problem
from mentoring.accounts.passwords import hash_password, verify_password
from mentoring.config import DefaultConfig
from mentoring.errors import ValidationError
from mentoring.extensions import db
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.conftest import base_config
from tests.factories import TEST_PASSWORD, make_user

FINNISH = ("Öisin järven jää narisee, ja äiti keittää kahvia mökillä ennen aamua. " * 2)[:100]
ARABIC = ("كلمة المرور الطويلة هذه تحتوي على حروف عربية كثيرة جدا ومسافات " * 3)[:100]
CHINESE = ("我的密码是一个很长的中文句子用来测试系统是否接受各种语言的口令以及空格 " * 4)[:100]


def _hash_of(user_id: int) -> str:
    user = db.session.get(User, user_id)
    assert user is not None and user.password_hash is not None
    db.session.refresh(user)
    return user.password_hash


def _change_password(client: FlaskClient, new: str, current: str = TEST_PASSWORD) -> TestResponse:
    return client.post(
        "/account/password", data={"current": current, "password": new, "confirm": new}
    )


# --- hashing ---------------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2id_at_the_rfc_9106_cost() -> None:
    assert (
        DefaultConfig.ARGON2_TIME_COST,
        DefaultConfig.ARGON2_MEMORY_COST,
        DefaultConfig.ARGON2_PARALLELISM,
    ) == (
        RFC_9106_LOW_MEMORY.time_cost,
        RFC_9106_LOW_MEMORY.memory_cost,
        RFC_9106_LOW_MEMORY.parallelism,
    )
    app = create_app(
        base_config(
            SQLALCHEMY_DATABASE_URI="sqlite://",
            ARGON2_TIME_COST=DefaultConfig.ARGON2_TIME_COST,
            ARGON2_MEMORY_COST=DefaultConfig.ARGON2_MEMORY_COST,
            ARGON2_PARALLELISM=DefaultConfig.ARGON2_PARALLELISM,
        )
    )
    with app.app_context():
        hashed = hash_password("a long passphrase")
        assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        assert verify_password(hashed, "a long passphrase")


def test_a_hash_at_an_older_cost_is_replaced_at_sign_in(app: Flask, auth: AuthActions) -> None:
    user = make_user()
    assert "$m=8,t=1,p=1$" in _hash_of(user.id)
    app.config.update(ARGON2_TIME_COST=2, ARGON2_MEMORY_COST=16)
    assert auth.login(user.email, "a wrong password").status_code == 200
    assert "$m=8,t=1,p=1$" in _hash_of(user.id)  # a failed attempt changes nothing
    assert auth.login(user.email).status_code == 302
    upgraded = _hash_of(user.id)
    assert "$m=16,t=2,p=1$" in upgraded
    auth.logout()
    assert auth.login(user.email).status_code == 302
    assert _hash_of(user.id) == upgraded  # at the current cost: left alone


def test_a_hash_of_an_unnormalised_password_is_upgraded_at_sign_in(auth: AuthActions) -> None:
    decomposed = unicodedata.normalize("NFD", "Smörgåsbord på fredag")
    user = make_user(password=None)
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(decomposed)
    db.session.commit()
    assert auth.login(user.email, decomposed).status_code == 302
    assert PasswordHasher().verify(_hash_of(user.id), "Smörgåsbord på fredag")


# --- the same answer, in the same time, for unknown accounts ---------------------------------


def test_unknown_disabled_and_passwordless_accounts_cost_one_hash_check(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = PasswordHasher.verify

    def counting(self: PasswordHasher, hashed: str, password: str) -> bool:
        calls.append(hashed)
        return original(self, hashed, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    known = make_user()
    disabled = make_user()
    disabled.is_enabled = False
    invited = make_user(password=None)
    db.session.commit()
    for email in (known.email, "nobody@example.org", disabled.email, invited.email):
        calls.clear()
        with pytest.raises(ValidationError, match="Wrong email or password."):
            services.authenticate(email, "not the password")
        assert len(calls) == 1, email
        assert calls[0].startswith("$argon2id$v=19$m=8,t=1,p=1$")


def _without_csrf_tokens(page: str) -> str:
    """Tokens carry a timestamp, so two pages a second apart differ there and only there."""
    return re.sub(r'name="csrf_token"([^>]*)value="[^"]*"', r'name="csrf_token"\1value=""', page)


def test_unknown_account_and_wrong_password_get_identical_pages(client: FlaskClient) -> None:
    user = make_user()
    wrong = client.post("/login", data={"email": user.email, "password": "not it at all"})
    unknown = client.post("/login", data={"email": "x" + user.email, "password": "not it at all"})
    assert wrong.status_code == unknown.status_code == 200
    assert _without_csrf_tokens(wrong.get_data(as_text=True)) == _without_csrf_tokens(
        unknown.get_data(as_text=True).replace("x" + user.email, user.email)
    )


def test_unknown_account_and_wrong_password_cost_the_same_hash_check(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Equal time by construction: one Argon2id check with the same parameters either way.

    Counting the work rather than timing it keeps the test exact on a busy machine.
    """
    app.config.update(ARGON2_TIME_COST=2, ARGON2_MEMORY_COST=8 * 1024)
    user = make_user()
    user.password_hash = hash_password(TEST_PASSWORD)
    disabled = make_user()
    disabled.password_hash = hash_password(TEST_PASSWORD)
    disabled.is_enabled = False
    db.session.commit()
    checks: list[tuple[str, int, int, int]] = []
    real_verify = passwords._verify

    def counting(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
        parameters = extract_parameters(password_hash)
        checks.append(
            (
                parameters.type.name,
                parameters.time_cost,
                parameters.memory_cost,
                parameters.parallelism,
            )
        )
        return real_verify(hasher, password_hash, password)

    monkeypatch.setattr(passwords, "_verify", counting)
    costs = []
    for email in (user.email, "nobody@example.org", disabled.email):
        checks.clear()
        with pytest.raises(ValidationError):
            services.authenticate(email, "not the password")
        costs.append(list(checks))
    expected = ("ID", 2, 8 * 1024, app.config["ARGON2_PARALLELISM"])
    assert costs[0] == costs[1] == costs[2] == [expected]


def test_password_rules() -> None:
    assert password_problem("short") == "Use at least 10 characters."
    assert password_problem("x" * 501) == "Use at most 500 characters."
    assert password_problem("a good long passphrase") is None
    assert is_common("password123") and is_common("QwertyUIOP") and is_common("1234567890")
    assert not is_common("mentors meet on tuesdays")
    # Length is counted in characters, whatever the script.
    assert password_problem("口令口令口令口令口令") is None
    assert password_problem("口令口令口令口令口") == "Use at least 10 characters."


@pytest.mark.parametrize("common", ["password123", "Qwertyuiop", "1q2w3e4r5t"])
def test_common_passwords_are_refused(client: FlaskClient, auth: AuthActions, common: str) -> None:
    user = make_user()
    auth.login(user.email)
    response = _change_password(client, common)
    assert b"one of the most common" in response.data
    auth.logout()
    assert auth.login(user.email, common).status_code == 200
    assert auth.login(user.email).status_code == 302


@pytest.mark.parametrize("passphrase", [FINNISH, ARABIC, CHINESE], ids=["fi", "ar", "zh"])
def test_long_passphrases_in_any_script_are_accepted(
    client: FlaskClient, auth: AuthActions, passphrase: str
) -> None:
    assert len(passphrase) == 100
    user = make_user(Role.PARTICIPANT)
    auth.login(user.email)
    assert _change_password(client, passphrase).status_code == 302
    auth.logout()
    assert auth.login(user.email, passphrase).status_code == 302
    auth.logout()
    assert auth.login(user.email, passphrase[:-1]).status_code == 200


def test_passwords_are_compared_in_nfkc_form(client: FlaskClient, auth: AuthActions) -> None:
    user = make_user()
    auth.login(user.email)
    composed = unicodedata.normalize("NFC", "Äiti ja Åsa läser")
    assert _change_password(client, composed).status_code == 302
    auth.logout()
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert auth.login(user.email, decomposed).status_code == 302
    auth.logout()
    full_width = "ｆｕｌｌ ｗｉｄｔｈ ｐａｓｓ"
    auth.login(user.email, decomposed)
    assert _change_password(client, full_width, current=composed).status_code == 302
    auth.logout()
    assert auth.login(user.email, "full width pass").status_code == 302
