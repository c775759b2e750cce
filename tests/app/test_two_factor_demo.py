"""Demo administrator, coordinator and manager sign in with `flask demo-code` (README)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner

from mentoring.accounts.services import find_user_by_email
from mentoring.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, DemoSize, seed_demo
from mentoring.extensions import db
from mentoring.two_factor.services import settings_of
from mentoring.users.roles import Role
from tests.factories import give_two_factor, make_user

SMALL = DemoSize(participants=10, mentors=3, ambassadors=1, coaches=1, coordinators=2, employees=12)


def test_demo_staff_have_the_published_secret_and_the_others_none(app: Flask) -> None:
    seed_demo(seed=5, size=SMALL)
    for role, email in DEMO_ACCOUNTS.items():
        user = find_user_by_email(email)
        assert user is not None
        settings = settings_of(user.id)
        if role in (Role.ADMIN, Role.COORDINATOR, Role.MANAGER):
            assert settings is not None and settings.secret == DEMO_TOTP_SECRET
        else:
            assert settings is None


def test_a_newcomer_signs_in_as_the_demo_coordinator_with_demo_code(
    app: Flask, runner: FlaskCliRunner
) -> None:
    seed_demo(seed=5, size=SMALL)
    client = app.test_client()
    email = DEMO_ACCOUNTS[Role.COORDINATOR]
    response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    assert response.location.endswith("/login/code")
    result = runner.invoke(args=["demo-code", email])
    assert result.exit_code == 0, result.output
    code = result.output.strip()
    assert len(code) == 6 and code.isdigit()
    assert client.post("/login/code", data={"code": code}).status_code == 302
    assert client.get("/programmes").status_code == 200
    # Signing in again at once: the command gives a code not used yet.
    db.session.expire_all()
    again = runner.invoke(args=["demo-code", email]).output.strip()
    assert again != code


def test_demo_code_never_shows_a_real_persons_code(app: Flask, runner: FlaskCliRunner) -> None:
    seed_demo(seed=5, size=SMALL)
    real = make_user(Role.COORDINATOR, two_factor=False)
    give_two_factor(real)
    for email in (real.email, DEMO_ACCOUNTS[Role.PARTICIPANT], "nobody@example.org"):
        result = runner.invoke(args=["demo-code", email])
        assert result.exit_code != 0
        assert "is not a demo account with two-factor sign-in" in result.output
