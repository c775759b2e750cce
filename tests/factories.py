"""Build test data through the models, with keyword defaults."""

from __future__ import annotations

import itertools
import time
from datetime import date

from flask import current_app

from mentoring.accounts.passwords import hash_password
from mentoring.consents import ATTRIBUTES, TERMS, Consent, current_version
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.profiles.models import Profile, ProfileLanguage, ProfileSkill
from mentoring.programmes.models import Cohort, Enrollment, Programme, ProgrammeStaff
from mentoring.security.sessions import now
from mentoring.two_factor import totp
from mentoring.two_factor.models import TwoFactor
from mentoring.two_factor.services import first_unused_step, is_required
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.processes import pause

TEST_PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_user(
    *roles: Role,
    email: str | None = None,
    name: str | None = None,
    password: str | None = TEST_PASSWORD,
    locale: str = "en",
    consented: bool = True,
    shares_attributes: bool = True,
    two_factor: bool | None = None,
) -> User:
    """A person; by default they agreed to the privacy notice and to sharing gender and age."""
    n = next(_counter)
    user = User(
        email=email or f"person{n}@example.org",
        name=name or f"Person {n}",
        locale=locale,
        password_hash=hash_password(password) if password else None,
    )
    user.set_roles(set(roles) or {Role.PARTICIPANT})
    db.session.add(user)
    db.session.flush()
    if consented:
        agree(user, shares_attributes=shares_attributes)
    db.session.commit()
    # Administrators and coordinators cannot use the app without a second factor.
    if two_factor if two_factor is not None else is_required(user):
        give_two_factor(user)
    return user


def give_two_factor(user: User, secret: str | None = None) -> str:
    """Turn on two-factor sign-in for ``user`` with ``secret`` (a fresh one by default)."""
    secret = secret or totp.new_secret()
    db.session.add(TwoFactor(user_id=user.id, secret=secret, enabled_at=utcnow()))
    db.session.commit()
    return secret


def usable_code(user_id: int) -> str:
    """A code the app accepts now and for the next half-minute at least.

    Codes are good once: when this person's codes of the moment are used up, wait for the
    next one, as a person would (tests with a fixed ``CLOCK`` move it on instead).
    """
    settings = db.session.get(TwoFactor, user_id)
    assert settings is not None, "this person has no second factor"
    db.session.refresh(settings)
    step = first_unused_step(settings, now(), offset=0)
    if step is None and current_app.config.get("CLOCK") is None:
        pause(totp.STEP_SECONDS - time.time() % totp.STEP_SECONDS + 0.05)
        step = first_unused_step(settings, now(), offset=0)
    assert step is not None, "every code of this half-minute is used: move the test's clock"
    return totp.code_for(settings.secret, step)


def agree(user: User, *, shares_attributes: bool = True, version: int | None = None) -> None:
    """Record that ``user`` agreed to the privacy notice (the current version unless given)."""
    version = version or current_version()
    db.session.add(Consent(user_id=user.id, purpose=TERMS, version=version, given_at=utcnow()))
    if shares_attributes:
        db.session.add(
            Consent(user_id=user.id, purpose=ATTRIBUTES, version=version, given_at=utcnow())
        )
    db.session.commit()


def make_programme(
    *, name: str | None = None, staff: tuple[User, ...] = (), catalogue: list[str] | None = None
) -> Programme:
    programme = Programme(
        name=name or f"Programme {next(_counter)}",
        languages=["sv", "en"],
        skill_catalogue=catalogue or ["Outlook", "Teams", "Python"],
    )
    db.session.add(programme)
    for user in staff:
        db.session.add(ProgrammeStaff(programme=programme, user=user))
    db.session.commit()
    return programme


def make_cohort(
    programme: Programme | None = None,
    *,
    name: str | None = None,
    starts_on: date = date(2026, 9, 1),
) -> Cohort:
    cohort = Cohort(
        programme=programme or make_programme(),
        name=name or f"Cohort {next(_counter)}",
        starts_on=starts_on,
    )
    db.session.add(cohort)
    db.session.commit()
    return cohort


def enrol(user: User, cohort: Cohort, *, started_on: date | None = None) -> Enrollment:
    enrollment = Enrollment(user=user, cohort=cohort, started_on=started_on or cohort.starts_on)
    db.session.add(enrollment)
    db.session.commit()
    return enrollment


def make_profile(
    user: User,
    *,
    offers: dict[str, int] | None = None,
    wants: dict[str, int] | None = None,
    languages: tuple[str, ...] = ("sv",),
    availability: list[int] | None = None,
    capacity: int = 1,
) -> Profile:
    profile = Profile(
        user=user, goals=[], interests=[], availability=availability or [], capacity=capacity
    )
    profile.skills = [
        ProfileSkill(name=n, direction="offer", level=lv) for n, lv in (offers or {}).items()
    ] + [ProfileSkill(name=n, direction="want", level=lv) for n, lv in (wants or {}).items()]
    profile.languages = [ProfileLanguage(language=code, level="good") for code in languages]
    db.session.add(profile)
    db.session.commit()
    return profile
