"""The demo is realistic, deterministic, and every demo account reaches its home page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask_babel import force_locale

from mentoring.accounts.models import User, UserRole
from mentoring.accounts.roles import Role
from mentoring.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoSize, seed_demo
from mentoring.extensions import db
from mentoring.privacy.consent import agreement
from mentoring.profiles.models import Profile, ProfileLanguage
from mentoring.programmes.models import Cohort, Programme
from tests.conftest import login


def _role_counts() -> dict[str, int]:
    rows = db.session.execute(sa.select(UserRole.role, sa.func.count()).group_by(UserRole.role))
    return dict(rows.all())  # type: ignore[arg-type]


def test_full_demo_has_the_promised_people(app: Flask) -> None:
    seed_demo(seed=7)
    assert _role_counts() == {
        "participant": 300,
        "mentor": 60,
        "ambassador": 12,
        "coach": 3,
        "coordinator": 2,
        "admin": 1,
    }
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 2
    languages = set(db.session.scalars(sa.select(ProfileLanguage.language).distinct()))
    assert {"sv", "fi", "en", "ar", "so", "fa", "ti"} <= languages
    assert all(email.isascii() for email in db.session.scalars(sa.select(User.email)))
    assert db.session.scalar(sa.select(Programme.tool_goals))["Teams"] == 3
    availability = db.session.scalars(sa.select(Profile.availability)).all()
    assert availability and all(
        availability
    )  # JSON is compared in Python: PostgreSQL has no json = json


def _snapshot() -> list[tuple[str, str, str]]:
    rows = db.session.execute(
        sa.select(User.email, User.name, Profile.municipality).join(Profile).order_by(User.email)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_same_seed_gives_the_same_demo(app: Flask) -> None:
    small = DemoSize(participants=20, mentors=5, ambassadors=2, coaches=1, coordinators=1)
    seed_demo(seed=3, size=small)
    first = _snapshot()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    seed_demo(seed=3, size=small)
    assert _snapshot() == first


def test_every_demo_account_signs_in_and_reaches_home(app: Flask) -> None:
    seed_demo(
        seed=1, size=DemoSize(participants=10, mentors=3, ambassadors=2, coaches=1, coordinators=1)
    )
    for role, email in DEMO_ACCOUNTS.items():
        client = app.test_client()
        assert login(client, email, DEMO_PASSWORD).status_code == 302, role
        if role is Role.PARTICIPANT:  # a newcomer's first sign-in: the privacy notice first
            assert client.get("/").location.startswith("/consent")
            assert client.post("/consent", data={"share_attributes": "y"}).status_code == 302
        page = client.get("/")
        assert page.status_code == 200
        user = db.session.scalar(sa.select(User).where(User.email == email))
        with force_locale(user.locale):  # type: ignore[union-attr]
            assert role.label in page.get_data(as_text=True)


def test_only_the_demo_participant_has_yet_to_agree_to_the_privacy_notice(app: Flask) -> None:
    seed_demo(
        seed=1, size=DemoSize(participants=10, mentors=3, ambassadors=2, coaches=1, coordinators=1)
    )
    for role, email in DEMO_ACCOUNTS.items():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        assert user is not None
        assert (agreement(user.id) is None) == (role is Role.PARTICIPANT), role


def test_seed_command_runs_once_with_if_empty(app: Flask) -> None:
    runner = app.test_cli_runner()
    args = [
        "seed-demo",
        "--participants",
        "5",
        "--mentors",
        "2",
        "--ambassadors",
        "1",
        "--if-empty",
    ]
    first = runner.invoke(args=args)
    assert first.exit_code == 0 and "participant@demo.example.org" in first.output
    # A newcomer has no `flask` on their PATH: the printed command must run as it is.
    assert ".venv/bin/flask --app mentoring:create_app demo-code EMAIL" in first.output
    assert "code: flask demo-code" not in first.output
    second = runner.invoke(args=args)
    assert second.exit_code == 0 and "no demo added" in second.output
    assert _role_counts()["participant"] == 5
