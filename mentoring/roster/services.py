"""Import participants into a cohort from CSV, all or nothing, and export them again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

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
from mentoring.users.models import User
from mentoring.users.roles import PROFILE_ROLES
from mentoring.workplace.organisation import UnitIndex, programme_occupations


@dataclass
class ImportReport:
    #: New accounts enrolled at once (operator's import only).
    created: list[str] = field(default_factory=list)
    enrolled_existing: list[str] = field(default_factory=list)
    #: Invitations sent, to new and to existing accounts alike (a coordinator's import).
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
    """Enrol or invite the file's people; with any error, or on a dry run, write nothing.

    People whose email already has an account are not changed, so importing the same file
    twice creates nothing new. From a coordinator (``inviter``), everyone outside the
    cohort's programme is invited and joins when they accept, whether or not their address
    has an account (a new address gets a new account, and the invitation lets them choose a
    password): the cohort then shows both alike, with only what the file says. The command
    line, run by an operator, creates and enrols them.
    """
    parsed = read_participants(raw)
    report = ImportReport(errors=parsed.errors)
    if parsed.errors:
        return report
    placements = _placements(cohort, parsed.rows, report.errors)
    if report.errors:
        return report
    existing = _existing_users([row.email for row in parsed.rows])
    known = _enrolled_or_invited(cohort)
    try:
        for row in parsed.rows:
            user = existing.get(row.email)
            if user is not None and user.id in known:
                report.unchanged.append(row.email)
                continue
            _import_row(cohort, row, user, placements[row.row], report, inviter, now or utcnow())
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _enrolled_or_invited(cohort: Cohort) -> set[int]:
    enrolled = sa.select(Enrollment.user_id).where(Enrollment.cohort_id == cohort.id)
    invited = sa.select(CohortInvitation.user_id).where(CohortInvitation.cohort_id == cohort.id)
    return set(db.session.scalars(enrolled)) | set(db.session.scalars(invited))


def _import_row(
    cohort: Cohort,
    row: ParticipantRow,
    user: User | None,
    placement: tuple[int | None, int | None],
    report: ImportReport,
    inviter: User | None,
    now: datetime,
) -> None:
    """Invite (from a coordinator) or enrol (from the operator) one row's person."""
    started_on = row.started_on or cohort.starts_on
    member = user is not None and in_programme(user.id, cohort.programme_id)
    if inviter is not None and not member:
        if user is None:
            user = _create_person(row)
            db.session.flush()
        unit_id, occupation_id = placement
        invite(
            cohort,
            user,
            email=row.email,
            name=row.name,
            started_on=started_on,
            inviter=inviter,
            now=now,
            unit_id=unit_id,
            occupation_id=occupation_id,
        )
        report.invited.append(row.email)
        return
    if user is None:
        user = _create_person(row)
        report.created.append(row.email)
    else:
        report.enrolled_existing.append(row.email)
    enrollment = enrol(cohort, user, started_on)
    enrollment.unit_id, enrollment.occupation_id = placement


def _placements(
    cohort: Cohort, rows: list[ParticipantRow], errors: list[CsvError]
) -> dict[int, tuple[int | None, int | None]]:
    """Each row's unit and occupation ids; an unknown one is an error of its row and column."""
    programme = cohort.programme
    units = UnitIndex.of(programme.organisation_id)
    jobs = {o.name.casefold(): o.id for o in programme_occupations(programme.id)}
    found: dict[int, tuple[int | None, int | None]] = {}
    for row in rows:
        unit_id = units.find(row.unit) if row.unit else None
        if row.unit and unit_id is None:
            errors.append(CsvError(row.row, "unit", _("Unknown unit: %(unit)s", unit=row.unit)))
        occupation_id = jobs.get(" ".join(row.occupation.split()).casefold())
        if row.occupation and occupation_id is None:
            errors.append(
                CsvError(
                    row.row,
                    "occupation",
                    _("Unknown occupational group: %(name)s", name=row.occupation),
                )
            )
        found[row.row] = (unit_id, occupation_id)
    return found


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
    paths = UnitIndex.of(cohort.programme.organisation_id).paths
    jobs = {o.id: o.name for o in programme_occupations(cohort.programme_id)}
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
                "unit": paths.get(enrollment.unit_id or 0, ""),
                "occupation": jobs.get(enrollment.occupation_id or 0, ""),
                "ended_on": enrollment.ended_on.isoformat() if enrollment.ended_on else "",
                "end_reason": enrollment.end_reason or "",
            }
        )
    return write_participants(rows)
