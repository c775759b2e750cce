"""The demo is realistic, deterministic, and every demo account reaches its home page."""

from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa
from faker.providers.lorem.la import Provider as LatinLorem
from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape

from matching.stopwords import STOP_WORDS
from mentoring.consents import agreement
from mentoring.demo import texts
from mentoring.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoSize, seed_demo
from mentoring.extensions import db
from mentoring.matches import runs
from mentoring.profiles.models import Profile, ProfileLanguage
from mentoring.programmes.models import Cohort, Programme
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role
from tests.auth import AuthActions


def _role_counts() -> dict[str, int]:
    rows = db.session.execute(sa.select(UserRole.role, sa.func.count()).group_by(UserRole.role))
    return dict(rows.all())  # type: ignore[arg-type]


def test_full_demo_has_the_promised_people(app: Flask) -> None:
    seed_demo(seed=7)
    assert _role_counts() == {
        "participant": 300 + 390,
        "mentor": 60,
        "ambassador": 12 + 10,
        "coach": 3,
        "coordinator": 2,
        "admin": 1,
        "manager": 1,
    }
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 3
    languages = set(db.session.scalars(sa.select(ProfileLanguage.language).distinct()))
    assert {"sv", "fi", "en", "ar", "so", "fa", "ti"} <= languages
    assert all(email.isascii() for email in db.session.scalars(sa.select(User.email)))
    assert db.session.scalar(sa.select(Programme.tool_goals))["Teams"] == 3
    availability = db.session.scalars(sa.select(Profile.availability)).all()
    assert availability and all(
        availability
    )  # JSON is compared in Python: PostgreSQL has no json = json
    _check_workplace_demo()


def _snapshot() -> list[tuple[str, str, str]]:
    rows = db.session.execute(
        sa.select(User.email, User.name, Profile.municipality).join(Profile).order_by(User.email)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_same_seed_gives_the_same_demo(app: Flask) -> None:
    small = DemoSize(
        participants=20, mentors=5, ambassadors=2, coaches=1, coordinators=1, employees=30
    )
    seed_demo(seed=3, size=small)
    first = _snapshot()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    seed_demo(seed=3, size=small)
    assert _snapshot() == first


def test_every_demo_account_signs_in_and_reaches_home(app: Flask) -> None:
    seed_demo(
        seed=1,
        size=DemoSize(
            participants=10, mentors=3, ambassadors=2, coaches=1, coordinators=1, employees=20
        ),
    )
    for role, email in DEMO_ACCOUNTS.items():
        client = app.test_client()
        assert AuthActions(client).login(email, DEMO_PASSWORD).status_code == 302, role
        if role is Role.PARTICIPANT:  # a newcomer's first sign-in: the privacy notice first
            assert client.get("/").location.startswith("/consent")
            assert client.post("/consent", data={"share_attributes": "y"}).status_code == 302
        page = client.get("/")
        assert page.status_code == 200
        user = db.session.scalar(sa.select(User).where(User.email == email))
        assert user is not None
        # The home page greets them by name (it lists their work now, not their roles).
        with force_locale(user.locale):
            assert escape(_("Hello, %(name)s", name=user.name)) in page.get_data(as_text=True)


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
        "--employees",
        "12",
        "--if-empty",
    ]
    first = runner.invoke(args=args)
    assert first.exit_code == 0 and "participant@demo.example.org" in first.output
    # A newcomer has no `flask` on their PATH: the printed command must run as it is.
    assert ".venv/bin/flask --app mentoring:create_app demo-code EMAIL" in first.output
    assert "code: flask demo-code" not in first.output
    second = runner.invoke(args=args)
    assert second.exit_code == 0 and "no demo added" in second.output
    assert _role_counts()["participant"] == 5 + 2  # 12 employees, the first 10 ambassadors


def _check_workplace_demo() -> None:
    """Digitalt medarbetarskap: units, goals, employees (mostly women), before and after."""
    from mentoring.programmes.organisation import ManagerUnit, Occupation, OrgUnit
    from mentoring.workplace.heatmap import before_after
    from mentoring.workplace.models import KnowledgeGoal, SelfAssessment

    programme = db.session.scalar(
        sa.select(Programme).where(Programme.name == "Digitalt medarbetarskap")
    )
    assert programme is not None and programme.organisation_id is not None
    units = db.session.scalars(sa.select(OrgUnit)).all()
    assert sum(u.parent_id is None for u in units) == 2 and len(units) == 10
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Occupation)) == 6
    assert db.session.scalar(sa.select(sa.func.count()).select_from(KnowledgeGoal)) > 20
    genders = db.session.scalars(
        sa.select(Profile.gender)
        .join(User, User.id == Profile.user_id)
        .where(User.email.not_in(DEMO_ACCOUNTS.values()), Profile.capacity == 0)
    ).all()
    assert genders.count("woman") / len(genders) > 0.6  # both programmes together
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SelfAssessment)) > 2000
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ManagerUnit)) == 2
    change = before_after(programme)
    cells = [c for row in change.rows for c in row.cells.values() if c.people >= 5]
    assert cells and sum(c.below_after for c in cells) < sum(c.below for c in cells)


def test_demo_profiles_read_as_people_writing_in_their_own_language(app: Flask) -> None:
    seed_demo(
        seed=2,
        size=DemoSize(
            participants=30,
            mentors=8,
            ambassadors=3,
            coaches=1,
            coordinators=1,
            employees=12,
            workplace_ambassadors=2,
        ),
    )
    bank = {w for text in _bank_texts() for w in re.findall(r"\w+", text.lower())}
    lorem = set(LatinLorem.word_list) - bank
    rows = db.session.execute(
        sa.select(User.locale, Profile.bio, Profile.goal_field, Profile.interests)
        .join(Profile)
        .where(Profile.bio != "")  # the workplace's employees leave theirs empty
    ).all()
    assert len(rows) == 30 + 8 + 3
    for locale, bio, field, interests in rows:
        assert not set(re.findall(r"\w+", bio.lower())) & lorem, bio
        assert field in texts.FIELDS[locale] and field in bio
        assert set(interests) <= set(texts.INTERESTS[locale])
    coordinator = db.session.scalars(
        sa.select(User).where(User.email == DEMO_ACCOUNTS[Role.COORDINATOR])
    ).one()
    cohort = db.session.scalars(sa.select(Cohort).where(Cohort.name == "Autumn 2026")).one()
    run = runs.run_matching(cohort, coordinator, now=datetime(2026, 9, 1, 9))
    terms = [r for p in run.proposals for r in p.reasons if r["code"] == "terms"]
    for reason in terms:  # words two descriptions share, never lorem nor "och", "ja", "and"
        shared = set(str(reason["params"]["terms"]).split(", "))
        assert not shared & (lorem | STOP_WORDS), reason


def _bank_texts() -> list[str]:
    return [str(v) for name in dir(texts) for v in _flat(getattr(texts, name))]


def _flat(value: object) -> list[object]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _flat(v)]
    if isinstance(value, tuple):
        return list(value)
    return []
