"""Invitations to join a cohort: a coordinator asks, the person accepts or declines.

A coordinator who types an address learns nothing about it: an account outside the
programme is invited rather than enrolled (its data stays out of the programme's lists,
exports, matching, nudges and dashboards until the person accepts), and an address without
an account gets a new account with the same invitation. Both answers, and the email queued,
are the same. Someone already in the programme is enrolled at once, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from mentoring.accounts.emails import queue_account_email
from mentoring.accounts.services import build_user, normalise_email
from mentoring.audit.services import record
from mentoring.errors import NotFound
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, CohortInvitation, Enrollment
from mentoring.programmes.organisation import Occupation, OrgUnit, unit_paths
from mentoring.programmes.services import enrol, is_staff_of
from mentoring.users.models import User
from mentoring.users.roles import Role


def in_programme(user_id: int, programme_id: int) -> bool:
    """Whether the person has (or had) an enrolment in the programme, so its staff know them."""
    found = db.session.scalar(
        sa.select(Enrollment.id)
        .join(Cohort)
        .where(Enrollment.user_id == user_id, Cohort.programme_id == programme_id)
        .limit(1)
    )
    return found is not None


def invite(
    cohort: Cohort,
    user: User,
    *,
    email: str,
    name: str,
    started_on: date,
    inviter: User | None,
    now: datetime,
    unit_id: int | None = None,
    occupation_id: int | None = None,
) -> None:
    """Add a pending invitation and queue its email, in the caller's transaction.

    An invitation already waiting for the same cohort is left as it is (no second email).
    The unit and occupation (from an import) are set on the enrolment when the person accepts.
    """
    pending = db.session.scalar(
        sa.select(CohortInvitation.id).where(
            CohortInvitation.cohort_id == cohort.id, CohortInvitation.user_id == user.id
        )
    )
    if pending is not None:
        return
    invitation = CohortInvitation(
        cohort_id=cohort.id,
        user_id=user.id,
        email=email,
        name=name.strip()[:200],
        started_on=started_on,
        invited_by_id=inviter.id if inviter else None,
        unit_id=unit_id,
        occupation_id=occupation_id,
        created_at=now,
    )
    db.session.add(invitation)
    db.session.flush()
    context = {
        "programme": cohort.programme.name,
        "cohort": cohort.name,
        "inviter": inviter.name if inviter else "",
    }
    queue_account_email(
        "cohort_invitation",
        context,
        recipient_id=user.id,
        occasion=f"cohort-invitation:{invitation.id}",
        now=now,
    )


def enrol_or_invite(
    cohort: Cohort, raw_email: str, started_on: date, *, inviter: User, locale: str, now: datetime
) -> bool:
    """Enrol someone already in the programme (``True``); invite anyone else (``False``).

    An address without an account gets one (a participant's, named by the address until the
    person changes it) and the same invitation, so the answer tells nothing about it.
    """
    email = normalise_email(raw_email)
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is not None and in_programme(user.id, cohort.programme_id):
        enrol(cohort, user, started_on)
        db.session.commit()
        return True
    if user is None:
        user = build_user(
            email=email, name=email.split("@")[0], roles={Role.PARTICIPANT}, locale=locale
        )
        db.session.flush()
    invite(cohort, user, email=email, name="", started_on=started_on, inviter=inviter, now=now)
    record(inviter.id, "cohort.invited", object_type="cohort", object_id=cohort.id)
    db.session.commit()
    return False


def oldest_valid(now: datetime) -> datetime:
    """The creation time of the oldest invitation still open at ``now``."""
    return now - timedelta(days=int(current_app.config["COHORT_INVITATION_MAX_AGE_DAYS"]))


def pending_in(cohort: Cohort, now: datetime) -> Sequence[CohortInvitation]:
    """The cohort's invitations still waiting for an answer, newest first."""
    return db.session.scalars(
        sa.select(CohortInvitation)
        .where(
            CohortInvitation.cohort_id == cohort.id,
            CohortInvitation.created_at >= oldest_valid(now),
        )
        .order_by(CohortInvitation.created_at.desc(), CohortInvitation.id.desc())
    ).all()


def placement_labels(cohort: Cohort, invited: Sequence[CohortInvitation]) -> dict[int, str]:
    """Each pending invitation's unit path and occupation, as the import typed them, by id.

    The programme's units and occupations are read only when an invitation carries one.
    """
    placed = [i for i in invited if i.unit_id or i.occupation_id]
    organisation_id = cohort.programme.organisation_id
    if not placed or organisation_id is None:
        return {}
    units = db.session.scalars(sa.select(OrgUnit).where(OrgUnit.organisation_id == organisation_id))
    paths = unit_paths(units.all())
    occupations = sa.select(Occupation.id, Occupation.name).where(
        Occupation.programme_id == cohort.programme_id
    )
    jobs = {job_id: name for job_id, name in db.session.execute(occupations)}
    labels: dict[int, str] = {}
    for invitation in placed:
        parts = (paths.get(invitation.unit_id or 0), jobs.get(invitation.occupation_id or 0))
        labels[invitation.id] = " · ".join(part for part in parts if part)
    return labels


def pending_for(user: User, now: datetime) -> Sequence[CohortInvitation]:
    """The person's own invitations still waiting for an answer, with cohort and programme."""
    return db.session.scalars(
        sa.select(CohortInvitation)
        .where(
            CohortInvitation.user_id == user.id, CohortInvitation.created_at >= oldest_valid(now)
        )
        .order_by(CohortInvitation.created_at)
        .options(joinedload(CohortInvitation.cohort).joinedload(Cohort.programme))
    ).all()


def pending_count(
    user_id: sa.ColumnElement[int], oldest: sa.ColumnElement[datetime]
) -> sa.Select[tuple[int]]:
    """How many invitations wait for the person's answer (for their to-do list), as a query
    the home page reads with its other counts; ``oldest`` is ``oldest_valid(now)``."""
    return sa.select(sa.func.count(CohortInvitation.id)).where(
        CohortInvitation.user_id == user_id, CohortInvitation.created_at >= oldest
    )


def _own(user: User, invitation_id: int, now: datetime) -> CohortInvitation:
    invitation = db.session.get(CohortInvitation, invitation_id)
    if (
        invitation is None
        or invitation.user_id != user.id
        or invitation.created_at < oldest_valid(now)
    ):
        raise NotFound(_("No such invitation."))
    return invitation


def accept(user: User, invitation_id: int, now: datetime) -> Enrollment:
    """Join the cohort the invitation is for, placed as it says; the invitation is then used up."""
    invitation = _own(user, invitation_id, now)
    enrollment = enrol(invitation.cohort, user, invitation.started_on)
    enrollment.unit_id = enrollment.unit_id or invitation.unit_id
    enrollment.occupation_id = enrollment.occupation_id or invitation.occupation_id
    db.session.delete(invitation)
    record(
        user.id, "cohort.invitation_accepted", object_type="cohort", object_id=enrollment.cohort_id
    )
    db.session.commit()
    return enrollment


def decline(user: User, invitation_id: int, now: datetime) -> None:
    """Say no: the invitation goes and the programme learns nothing more."""
    invitation = _own(user, invitation_id, now)
    db.session.delete(invitation)
    db.session.commit()


def withdraw(viewer: User, invitation_id: int) -> int:
    """Take back an invitation (a typo, a change of plan); return its cohort's id.

    Only the staff of the cohort's programme may; to anyone else it does not exist.
    """
    invitation = db.session.get(CohortInvitation, invitation_id)
    if invitation is None or not is_staff_of(viewer, invitation.cohort.programme_id):
        raise NotFound(_("No such invitation."))
    cohort_id = invitation.cohort_id
    db.session.delete(invitation)
    record(viewer.id, "cohort.invitation_withdrawn", object_type="cohort", object_id=cohort_id)
    db.session.commit()
    return cohort_id


def purge_expired(now: datetime) -> int:
    """Delete invitations nobody answered in time (the address typed goes with them)."""
    result = db.session.execute(
        sa.delete(CohortInvitation).where(CohortInvitation.created_at < oldest_valid(now))
    )
    db.session.commit()
    return int(result.rowcount or 0)
