"""Build a realistic, deterministic demo: a mentoring programme and a workplace programme."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from faker import Faker

from mentoring.accounts.passwords import hash_password
from mentoring.bookings.demo import seed_bookings
from mentoring.consents import ATTRIBUTES, TERMS, Consent, current_version
from mentoring.db import utcnow
from mentoring.demo import catalogue as cat
from mentoring.demo import texts
from mentoring.demo.trainings import seed_trainings
from mentoring.demo.workplace import seed_workplace
from mentoring.engagement.demo import seed_engagement
from mentoring.extensions import db
from mentoring.profiles.models import Profile, ProfileLanguage, ProfileSkill
from mentoring.programmes.models import Cohort, Enrollment, Programme, ProgrammeStaff
from mentoring.two_factor.models import TwoFactor
from mentoring.users.models import User
from mentoring.users.roles import Role
from mentoring.vocabulary import CAREER_SKILLS, IT_SKILLS, OFFICE_TOOLS

# Not a secret: the published password of the demo accounts (bandit B105).
DEMO_PASSWORD = "demo-pass-2026"  # nosec B105
# Not a secret either: the published authenticator key of the demo administrator and
# coordinator, whose roles require two-factor sign-in (`demo-code EMAIL` shows the code).
DEMO_TOTP_SECRET = "MENTORINGDEMOTWOFACTORSECRETABCD"  # nosec B105
GOAL_CODES = ("employment", "internship", "studies", "own_company", "digital_confidence")
DEMO_DOMAIN = "demo.example.org"
DEMO_ACCOUNTS = {
    Role.ADMIN: f"admin@{DEMO_DOMAIN}",
    Role.COORDINATOR: f"coordinator@{DEMO_DOMAIN}",
    Role.COACH: f"coach@{DEMO_DOMAIN}",
    Role.MENTOR: f"mentor@{DEMO_DOMAIN}",
    Role.AMBASSADOR: f"ambassador@{DEMO_DOMAIN}",
    Role.PARTICIPANT: f"participant@{DEMO_DOMAIN}",
    Role.MANAGER: f"manager@{DEMO_DOMAIN}",
}


@dataclass(frozen=True)
class DemoSize:
    participants: int = 300
    mentors: int = 60
    ambassadors: int = 12
    coaches: int = 3
    coordinators: int = 2
    # The workplace programme (Digitalt medarbetarskap): employees, of whom the first are
    # its digital ambassadors.
    employees: int = 400
    workplace_ambassadors: int = 10


def demo_exists() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Programme)) != 0


def ascii_local_part(name: str) -> str:
    """'Åsa Öberg' -> 'asa-oberg': plain ASCII, which every mail server accepts."""
    folded = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9.]+", "-", folded).strip("-.")


class _Builder:
    def __init__(self, seed: int) -> None:
        # Reproducible demo data, not secrets (bandit B311).
        self.rng = random.Random(seed)  # nosec B311
        self.fakers = {"sv": Faker("sv_SE"), "fi": Faker("fi_FI")}
        for offset, faker in enumerate(self.fakers.values()):
            faker.seed_instance(seed + offset)
        self.used_emails: set[str] = set()
        self.password_hash = hash_password(DEMO_PASSWORD)

    def pick(self, weighted: tuple[tuple[object, float], ...]) -> object:
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def person(self, roles: set[Role], *, email: str | None = None) -> tuple[User, str]:
        locale = "sv" if self.rng.random() < 0.65 else "fi"
        first, last = self.fakers[locale].first_name(), self.fakers[locale].last_name()
        if email is None:
            base = ascii_local_part(f"{first}.{last}")
            email, n = f"{base}@{DEMO_DOMAIN}", 1
            while email in self.used_emails:
                n += 1
                email = f"{base}.{n}@{DEMO_DOMAIN}"
        self.used_emails.add(email)
        user = User(
            email=email,
            name=f"{first} {last}",
            locale=locale,
            timezone="Europe/Stockholm" if locale == "sv" else "Europe/Helsinki",
            password_hash=self.password_hash if email in DEMO_ACCOUNTS.values() else None,
        )
        user.set_roles(roles)
        db.session.add(user)
        return user, locale

    def profile(
        self,
        user: User,
        locale: str,
        *,
        offers: dict[str, int],
        wants: dict[str, int],
        capacity: int,
    ) -> Profile:
        rng = self.rng
        places = cat.MUNICIPALITIES_SE if locale == "sv" else cat.MUNICIPALITIES_FI
        languages = {locale: "native"}
        for code, share in cat.EXTRA_LANGUAGES:
            if rng.random() < share and len(languages) < 4:
                languages[code] = rng.choice(("basic", "good", "fluent", "native"))
        if len(languages) == 1 and rng.random() < 0.5:
            languages["sv" if locale == "fi" else "en"] = "good"
        rhythm = rng.choices(cat.WEEKLY_RHYTHMS, weights=[r[2] for r in cat.WEEKLY_RHYTHMS])[0]
        goals = rng.sample(GOAL_CODES, k=rng.randint(1, 2))
        field = rng.choice(texts.FIELDS[locale])
        profile = Profile(
            user=user,
            bio=texts.bio(rng, locale, field, helper=bool(offers) and not wants),
            goals=goals,
            goal_field=field,
            interests=rng.sample(texts.INTERESTS[locale], k=rng.randint(1, 3)),
            municipality=rng.choice(places),
            meeting_format=rng.choice(("either", "either", "remote", "in_person")),
            capacity=capacity,
            availability=sorted(rhythm[1]),
            gender=self.pick(cat.GENDERS),  # type: ignore[arg-type]
            age_band=self.pick(cat.AGE_BANDS),  # type: ignore[arg-type]
        )
        profile.languages = [ProfileLanguage(language=c, level=lv) for c, lv in languages.items()]
        profile.skills = [
            ProfileSkill(name=n, direction="offer", level=lv) for n, lv in offers.items()
        ] + [ProfileSkill(name=n, direction="want", level=lv) for n, lv in wants.items()]
        db.session.add(profile)
        return profile

    def skills(
        self, pool: tuple[str, ...], k: tuple[int, int], levels: tuple[int, int]
    ) -> dict[str, int]:
        # A long tail: the first skills in each pool are asked for far more often.
        weights = [1 / (i + 1) for i in range(len(pool))]
        chosen: dict[str, int] = {}
        for _ in range(self.rng.randint(*k)):
            chosen[self.rng.choices(pool, weights=weights)[0]] = self.rng.randint(*levels)
        return chosen


def seed_demo(seed: int = 42, size: DemoSize | None = None) -> Programme:
    """Create the demo programme and its people; the same seed gives the same demo."""
    size = size or DemoSize()
    b = _Builder(seed)
    programme = Programme(
        name="Digital Bridge",
        timezone="Europe/Stockholm",
        default_meeting_format="either",
        description="Mentoring, mastermind groups and digital ambassadors for job seekers.",
        languages=["sv", "fi", "en", "ar", "so", "fa", "ti"],
        skill_catalogue=list(cat.SKILL_CATALOGUE),
        tool_goals=dict(cat.TOOL_GOALS),
    )
    spring = Cohort(
        programme=programme,
        name="Spring 2026",
        starts_on=date(2026, 2, 2),
        ends_on=date(2026, 6, 12),
    )
    autumn = Cohort(
        programme=programme,
        name="Autumn 2026",
        starts_on=date(2026, 9, 7),
        ends_on=date(2026, 12, 18),
    )
    db.session.add_all([programme, spring, autumn])
    admin, _ = b.person({Role.ADMIN}, email=DEMO_ACCOUNTS[Role.ADMIN])
    _give_demo_two_factor(admin)
    demo_coordinator = None
    for index in range(size.coordinators):
        email = DEMO_ACCOUNTS[Role.COORDINATOR] if index == 0 else None
        user, _ = b.person({Role.COORDINATOR}, email=email)
        db.session.add(ProgrammeStaff(programme=programme, user=user))
        if email is not None:
            _give_demo_two_factor(user)
            demo_coordinator = user
    for index in range(size.coaches):
        user, _ = b.person({Role.COACH}, email=DEMO_ACCOUNTS[Role.COACH] if index == 0 else None)
        db.session.add(ProgrammeStaff(programme=programme, user=user))
    _seed_helpers(b, size, autumn)
    _seed_participants(b, size, spring, autumn)
    workplace = None
    if demo_coordinator is not None:
        workplace = seed_workplace(
            b,
            employees=size.employees,
            ambassadors=size.workplace_ambassadors,
            coordinator=demo_coordinator,
            manager_email=DEMO_ACCOUNTS[Role.MANAGER],
        )
        manager = db.session.scalar(
            sa.select(User).where(User.email == DEMO_ACCOUNTS[Role.MANAGER])
        )
        assert manager is not None
        _give_demo_two_factor(manager)
    seed_bookings(b.rng, now=utcnow(), demo_emails=DEMO_ACCOUNTS)
    seed_engagement(b.rng, now=utcnow(), demo_emails=DEMO_ACCOUNTS)
    if workplace is not None:  # its own random stream (demo data, B311): the rest stays as it was
        seed_trainings(random.Random(seed + 1), workplace)  # nosec B311
    db.session.flush()
    _record_demo_consents()
    db.session.commit()
    return programme


def _record_demo_consents() -> None:
    """The demo staff have read the privacy notice already, so their demo opens on home.

    The demo participant has not: a newcomer trying the demo sees the notice at first
    sign-in, as every real participant does. Rows only, like the rest of the demo: no
    audit entries, which could never be removed.
    """
    emails = [e for role, e in DEMO_ACCOUNTS.items() if role is not Role.PARTICIPANT]
    version, now = current_version(), utcnow()
    for user_id in db.session.scalars(sa.select(User.id).where(User.email.in_(emails))).all():
        for purpose in (TERMS, ATTRIBUTES):
            db.session.add(Consent(user_id=user_id, purpose=purpose, version=version, given_at=now))


def _give_demo_two_factor(user: User) -> None:
    db.session.flush()
    db.session.add(TwoFactor(user_id=user.id, secret=DEMO_TOTP_SECRET, enabled_at=utcnow()))


def _seed_helpers(b: _Builder, size: DemoSize, cohort: Cohort) -> None:
    for index in range(size.mentors):
        user, locale = b.person(
            {Role.MENTOR}, email=DEMO_ACCOUNTS[Role.MENTOR] if index == 0 else None
        )
        offers = b.skills(IT_SKILLS + CAREER_SKILLS + OFFICE_TOOLS, (3, 5), (3, 5))
        b.profile(user, locale, offers=offers, wants={}, capacity=b.rng.randint(1, 4))
        db.session.add(Enrollment(cohort=cohort, user=user, started_on=cohort.starts_on))
    for index in range(size.ambassadors):
        user, locale = b.person(
            {Role.AMBASSADOR}, email=DEMO_ACCOUNTS[Role.AMBASSADOR] if index == 0 else None
        )
        offers = b.skills(OFFICE_TOOLS, (2, 4), (4, 5))
        b.profile(user, locale, offers=offers, wants={}, capacity=b.rng.randint(3, 6))
        db.session.add(Enrollment(cohort=cohort, user=user, started_on=cohort.starts_on))


def _seed_participants(b: _Builder, size: DemoSize, spring: Cohort, autumn: Cohort) -> None:
    for index in range(size.participants):
        email = DEMO_ACCOUNTS[Role.PARTICIPANT] if index == 0 else None
        user, locale = b.person({Role.PARTICIPANT}, email=email)
        wants = b.skills(IT_SKILLS + OFFICE_TOOLS + CAREER_SKILLS, (2, 4), (1, 4))
        offers = b.skills(CAREER_SKILLS + OFFICE_TOOLS, (0, 2), (2, 4))
        b.profile(user, locale, offers=offers, wants=wants, capacity=0)
        cohort = autumn if index == 0 or b.rng.random() < 0.6 else spring
        enrollment = Enrollment(cohort=cohort, user=user, started_on=cohort.starts_on)
        if cohort is spring and b.rng.random() < 0.8:
            enrollment.ended_on = spring.ends_on
            enrollment.end_reason = str(
                b.pick(
                    (("completed", 0.55), ("job", 0.2), ("studies", 0.08), ("dropped_out", 0.17))
                )
            )
        db.session.add(enrollment)
