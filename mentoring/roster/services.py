"""Import participants into a cohort from CSV, all or nothing, and export them again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from mentoring.accounts.models import User
from mentoring.accounts.roles import PROFILE_ROLES
from mentoring.accounts.services import build_user
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.profiles.models import Profile, ProfileLanguage
from mentoring.programmes.invitations import in_programme, invite
from mentoring.programmes.models import Cohort, CohortInvitation, Enrollment
from mentoring.programmes.services import enrol
from mentoring.roster.csv_format import (
    CsvError,
    ParticipantRow,
    read_participants,
    write_participants,
)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    enrolled_existing: list[str] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[CsvError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def added(self) -> int:
        """New accounts, enrolments and invitations together: what a coordinator is shown.

        Told apart, they would say which addresses already had an account elsewhere.
        """
        return len(self.created) + len(self.enrolled_existing) + len(self.invited)


def import_participants(
    cohort: Cohort,
    raw: bytes,
    *,
    dry_run: bool = False,
    inviter: User | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Create and enrol the file's people; with any error, or on a dry run, write nothing.

    People whose email already has an account are not changed, so importing the same file
    twice creates nothing new. From a coordinator (``inviter``), an account outside the
    cohort's programme is invited (it joins when the person accepts) rather than enrolled;
    the command line, run by an operator, enrols it.
    """
    parsed = read_participants(raw)
    report = ImportReport(errors=parsed.errors)
    if parsed.errors:
        return report
    existing = _existing_users([row.email for row in parsed.rows])
    enrolled = set(
        db.session.scalars(sa.select(Enrollment.user_id).where(Enrollment.cohort_id == cohort.id))
    )
    invited = set(
        db.session.scalars(
            sa.select(CohortInvitation.user_id).where(CohortInvitation.cohort_id == cohort.id)
        )
    )
    try:
        for row in parsed.rows:
            user = existing.get(row.email)
            started_on = row.started_on or cohort.starts_on
            if user is not None and user.id in enrolled | invited:
                report.unchanged.append(row.email)
                continue
            if user is None:
                user = _create_person(row)
                report.created.append(row.email)
            elif inviter is not None and not in_programme(user.id, cohort.programme_id):
                invite(
                    cohort,
                    user,
                    email=row.email,
                    name=row.name,
                    started_on=started_on,
                    inviter=inviter,
                    now=now or utcnow(),
                )
                report.invited.append(row.email)
                continue
            else:
                report.enrolled_existing.append(row.email)
            enrol(cohort, user, started_on)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _existing_users(emails: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        for user in db.session.scalars(sa.select(User).where(User.email.in_(chunk))):
            found[user.email] = user
    return found


def _create_person(row: ParticipantRow) -> User:
    user = build_user(email=row.email, name=row.name, roles=row.roles, locale=row.locale)
    profile = Profile(
        user=user,
        municipality=row.municipality,
        gender=row.gender,
        age_band=row.age_band,
        goals=[],
        interests=[],
        availability=[],
    )
    profile.languages = [ProfileLanguage(language=code, level="good") for code in row.languages]
    db.session.add(profile)
    return user


def export_participants(cohort: Cohort) -> str:
    """Return the cohort's people as CSV in the import format, plus enrolment columns."""
    query = (
        sa.select(Enrollment, User, Profile)
        .join(User, Enrollment.user_id == User.id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(Enrollment.cohort_id == cohort.id)
        .order_by(User.email)
    )
    rows = []
    for enrollment, user, profile in db.session.execute(query):
        rows.append(
            {
                "email": user.email,
                "name": user.name,
                "roles": ";".join(sorted(role.value for role in user.roles & PROFILE_ROLES)),
                "locale": user.locale,
                "municipality": (profile.municipality if profile else None) or "",
                "languages": ";".join(row.language for row in profile.languages) if profile else "",
                "gender": (profile.gender if profile else None) or "",
                "age_band": (profile.age_band if profile else None) or "",
                "started_on": enrollment.started_on.isoformat(),
                "ended_on": enrollment.ended_on.isoformat() if enrollment.ended_on else "",
                "end_reason": enrollment.end_reason or "",
            }
        )
    return write_participants(rows)
