"""Use cases for programmes, cohorts and enrolments, and who may see them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from mentoring.accounts.services import find_user_by_email
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment, Programme, ProgrammeStaff
from mentoring.users.models import User
from mentoring.users.roles import Role
from mentoring.vocabulary import END_REASONS, LANGUAGES, MEETING_FORMATS


def visible_programmes(viewer: User) -> Sequence[Programme]:
    """Admins see every programme; coordinators and coaches the ones they work in."""
    query = sa.select(Programme).order_by(Programme.name)
    if not viewer.has_role(Role.ADMIN):
        query = query.join(ProgrammeStaff).where(ProgrammeStaff.user_id == viewer.id)
    return db.session.scalars(query).all()


def _on_staff(user: User, programme_id: int) -> bool:
    staff = db.session.get(ProgrammeStaff, {"programme_id": programme_id, "user_id": user.id})
    return staff is not None


def is_staff_of(viewer: User, programme_id: int) -> bool:
    """Whether ``viewer`` may run the programme: an admin, or someone on its staff."""
    return viewer.has_role(Role.ADMIN) or _on_staff(viewer, programme_id)


def is_coordinator_of(user: User, programme_id: int) -> bool:
    """Whether ``user`` coordinates the programme (an admin who does not, does not)."""
    return user.has_role(Role.COORDINATOR) and _on_staff(user, programme_id)


def coordinates(user: User, programme_id: int) -> sa.ColumnElement[bool]:
    """:func:`is_coordinator_of` as a SQL condition, to ask with another question at once."""
    if not user.has_role(Role.COORDINATOR):
        return sa.false()
    return (
        sa.select(ProgrammeStaff.user_id)
        .where(ProgrammeStaff.programme_id == programme_id, ProgrammeStaff.user_id == user.id)
        .exists()
    )


def _programme_if(programme_id: int, allowed: bool) -> Programme:
    """The programme when ``allowed``; for anyone else it does not exist."""
    programme = db.session.get(Programme, programme_id) if allowed else None
    if programme is None:
        raise NotFound(_("No such programme."))
    return programme


def get_programme(viewer: User, programme_id: int) -> Programme:
    """Return the programme if ``viewer`` may see it; otherwise it does not exist for them."""
    return _programme_if(programme_id, is_staff_of(viewer, programme_id))


def coordinated_programme(user: User, programme_id: int) -> Programme:
    """The programme if ``user`` coordinates it; for anyone else it does not exist."""
    return _programme_if(programme_id, is_coordinator_of(user, programme_id))


def get_cohort(viewer: User, cohort_id: int, *, with_programme: bool = False) -> Cohort:
    """The cohort, if ``viewer`` runs its programme; ``with_programme`` reads the programme in
    the same statement, for a page that shows it anyway."""
    options = _with_programme() if with_programme else ()
    cohort = db.session.get(Cohort, cohort_id, options=options)
    if cohort is None or not is_staff_of(viewer, cohort.programme_id):
        raise NotFound(_("No such cohort."))
    return cohort


def _check_programme_fields(
    name: str, languages: Sequence[str], meeting_format: str, skill_catalogue: Sequence[str]
) -> None:
    if not name.strip():
        raise ValidationError(_("Please enter a name."), field="name")
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        raise ValidationError(_("Unknown language: %(code)s", code=unknown[0]), field="languages")
    if meeting_format not in MEETING_FORMATS:
        raise ValidationError(_("Unknown meeting format."), field="default_meeting_format")
    if not skill_catalogue:
        raise ValidationError(_("List at least one skill."), field="skill_catalogue")


def save_programme(
    programme: Programme | None,
    *,
    name: str,
    description: str,
    languages: Sequence[str],
    skill_catalogue: Sequence[str],
    default_meeting_format: str,
    timezone: str,
    tool_goals: dict[str, int] | None = None,
) -> Programme:
    """Create a programme (``programme`` is None) or update one, keeping names unique."""
    catalogue = list(dict.fromkeys(s.strip() for s in skill_catalogue if s.strip()))
    _check_programme_fields(name, languages, default_meeting_format, catalogue)
    clash = db.session.scalar(sa.select(Programme).where(Programme.name == name.strip()))
    if clash is not None and clash is not programme:
        raise Conflict(_("A programme with this name exists already."), field="name")
    if programme is None:
        programme = Programme()
        db.session.add(programme)
    programme.name = name.strip()
    programme.description = description.strip()
    programme.languages = list(languages)
    programme.skill_catalogue = catalogue
    programme.default_meeting_format = default_meeting_format
    programme.timezone = timezone
    programme.tool_goals = dict(tool_goals or {})
    db.session.commit()
    return programme


def add_staff(programme: Programme, email: str) -> User:
    user = find_user_by_email(email)
    if user is None or not user.has_role(Role.COORDINATOR, Role.COACH):
        raise ValidationError(_("No coordinator or coach has this email."), field="email")
    if db.session.get(ProgrammeStaff, {"programme_id": programme.id, "user_id": user.id}):
        raise Conflict(_("This person already works in the programme."), field="email")
    db.session.add(ProgrammeStaff(programme_id=programme.id, user_id=user.id))
    db.session.commit()
    return user


def create_cohort(
    programme: Programme, *, name: str, starts_on: date, ends_on: date | None
) -> Cohort:
    if not name.strip():
        raise ValidationError(_("Please enter a name."), field="name")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("The end date is before the start date."), field="ends_on")
    if any(c.name == name.strip() for c in programme.cohorts):
        raise Conflict(_("The programme has a cohort with this name already."), field="name")
    cohort = Cohort(programme=programme, name=name.strip(), starts_on=starts_on, ends_on=ends_on)
    db.session.add(cohort)
    db.session.commit()
    return cohort


def enrol(cohort: Cohort, user: User, started_on: date) -> Enrollment:
    """Enrol ``user``; an existing enrolment in the cohort is returned unchanged."""
    existing = db.session.scalar(
        sa.select(Enrollment).where(
            Enrollment.cohort_id == cohort.id, Enrollment.user_id == user.id
        )
    )
    if existing is not None:
        return existing
    enrollment = Enrollment(cohort=cohort, user=user, started_on=started_on)
    db.session.add(enrollment)
    return enrollment


def end_enrollment(viewer: User, enrollment_id: int, *, ended_on: date, reason: str) -> Enrollment:
    enrollment = db.session.get(Enrollment, enrollment_id)
    if enrollment is None or not is_staff_of(viewer, enrollment.cohort.programme_id):
        raise NotFound(_("No such enrolment."))
    if reason not in END_REASONS:
        raise ValidationError(_("Choose a reason."), field="reason")
    if ended_on < enrollment.started_on:
        raise ValidationError(_("The end date is before the start date."), field="ended_on")
    enrollment.ended_on = ended_on
    enrollment.end_reason = reason
    db.session.commit()
    return enrollment


@cache
def _with_programme() -> tuple[Any, ...]:
    """Built once, as options are worth keeping (issue 15)."""
    return (joinedload(Cohort.programme),)


@cache
def _enrollments_of() -> sa.Select[tuple[Enrollment]]:
    """Built once: building the joined load on every home page was a sixth of its statements'
    Python (issue 15)."""
    return (
        sa.select(Enrollment)
        .where(Enrollment.user_id == sa.bindparam("user_id"))
        .order_by(Enrollment.started_on)
        .options(joinedload(Enrollment.cohort).joinedload(Cohort.programme))
    )


def enrollments_of(user: User) -> Sequence[Enrollment]:
    """Return the person's enrolments with their cohorts and programmes (shown together)."""
    return db.session.scalars(_enrollments_of(), {"user_id": user.id}).all()


def can_see_person(viewer: User, person: User) -> bool:
    """People see themselves; admins everyone; coordinators and coaches their programmes' people."""
    if viewer.id == person.id or viewer.has_role(Role.ADMIN):
        return True
    if not viewer.has_role(Role.COORDINATOR, Role.COACH):
        return False
    shared = (
        sa.select(Enrollment.id)
        .join(Cohort)
        .join(ProgrammeStaff, ProgrammeStaff.programme_id == Cohort.programme_id)
        .where(Enrollment.user_id == person.id, ProgrammeStaff.user_id == viewer.id)
        .limit(1)
    )
    return db.session.scalar(shared) is not None


def parse_tool_goals(text: str) -> dict[str, int]:
    """Read "Tool: level" lines; raise ``ValidationError`` naming the first bad line."""
    goals: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, level = line.rpartition(":")
        if not name.strip() or not level.strip().isdigit() or not 1 <= int(level) <= 5:
            raise ValidationError(
                _("Line %(number)d: write a tool and a level 1-5, like “Teams: 3”.", number=number),
                field="tool_goals",
            )
        goals[name.strip()] = int(level)
    return goals
