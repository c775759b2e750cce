"""A pairing's life: both answer, first-meeting feedback, pause, extend, end."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mentoring.accounts.eager import with_people
from mentoring.audit.services import record
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.matches import notify
from mentoring.matches.models import (
    ACTIVE_STATUSES,
    STARTED_STATUSES,
    Answer,
    MentorAway,
    Pairing,
    PairingStatus,
)
from mentoring.matches.rules import rules_for
from mentoring.programmes.models import Programme
from mentoring.programmes.services import is_staff_of
from mentoring.users.models import User
from mentoring.users.roles import Role

END_REASONS = {
    "completed": _l("Completed"),
    "dropped_out": _l("Dropped out"),
    "moved": _l("Moved away"),
    "not_a_fit": _l("Not a fit"),
    "other": _l("Other"),
}


def get_pairing(viewer: User, pairing_id: int) -> Pairing:
    """The pairing if ``viewer`` is in it or works in its programme; otherwise not found."""
    pairing = db.session.get(Pairing, pairing_id)
    if pairing is None or not (
        viewer.id in (pairing.mentee_id, pairing.mentor_id)
        or is_staff_of(viewer, pairing.programme_id)
    ):
        raise NotFound(_("No such pairing."))
    return pairing


def pairings_of(user: User) -> Sequence[Pairing]:
    return db.session.scalars(
        sa.select(Pairing)
        .where(sa.or_(Pairing.mentee_id == user.id, Pairing.mentor_id == user.id))
        .order_by(Pairing.proposed_at.desc())
        .options(*with_people(Pairing.mentee, Pairing.mentor))
    ).all()


def _side(pairing: Pairing, user: User) -> str:
    if user.id == pairing.mentee_id:
        return "mentee"
    if user.id == pairing.mentor_id:
        return "mentor"
    raise NotFound(_("No such pairing."))


def answer(user: User, pairing_id: int, *, accept: bool, reason: str, now: datetime) -> Pairing:
    """Record one side's answer; both yes makes the pairing active, one no ends it."""
    today = now.date()
    pairing = get_pairing(user, pairing_id)
    side = _side(pairing, user)
    if pairing.status != PairingStatus.PROPOSED:
        raise Conflict(_("This proposal has already been answered."))
    setattr(pairing, f"{side}_answer", Answer.ACCEPTED if accept else Answer.DECLINED)
    if not accept:
        pairing.status, pairing.ended_on = PairingStatus.DECLINED, today
        pairing.end_reason = "declined"
        pairing.decline_reason = reason.strip()[:500] or None
        other = pairing.mentor_id if side == "mentee" else pairing.mentee_id
        notify.pairing_event(pairing, "declined", now, to=(other,))
    elif pairing.mentee_answer == pairing.mentor_answer == Answer.ACCEPTED:
        weeks = rules_for(db.session.get(Programme, pairing.programme_id)).planned_weeks  # type: ignore[arg-type]
        pairing.status, pairing.started_on = PairingStatus.ACTIVE, today
        pairing.planned_end_on = today + timedelta(weeks=weeks)
        notify.pairing_event(pairing, "accepted", now)
    record(
        user.id,
        f"pairing.{'accept' if accept else 'decline'}",
        subject_user_id=pairing.mentee_id,
        object_type="pairing",
        object_id=pairing.id,
    )
    db.session.commit()
    return pairing


def first_feedback(
    user: User, pairing_id: int, *, rating: int | None, verdict: str | None, today: date
) -> Pairing:
    """After the first meeting: the mentee rates 1-5, the mentor says continue or not a fit."""
    pairing = get_pairing(user, pairing_id)
    side = _side(pairing, user)
    if pairing.status not in STARTED_STATUSES:
        raise Conflict(_("Feedback is for pairings that have started."))
    if (pairing.mentee_rating if side == "mentee" else pairing.mentor_verdict) is not None:
        # Once given, kept: as with session feedback, a second post changes nothing.
        raise Conflict(_("You have given feedback on this pairing already. Thank you!"))
    if side == "mentee":
        if rating is None or not 1 <= rating <= 5:
            raise ValidationError(_("Choose a rating from 1 to 5."), field="rating")
        pairing.mentee_rating = rating
    else:
        if verdict not in ("continue", "not_a_fit"):
            raise ValidationError(_("Choose continue or not a fit."), field="verdict")
        pairing.mentor_verdict = verdict
        if verdict == "not_a_fit":
            _end(pairing, today, "not_a_fit")
    db.session.commit()
    return pairing


def _end(pairing: Pairing, on: date, reason: str) -> None:
    pairing.status, pairing.ended_on, pairing.end_reason = PairingStatus.ENDED, on, reason


def _managed(viewer: User, pairing_id: int) -> Pairing:
    pairing = get_pairing(viewer, pairing_id)
    if not (
        viewer.has_role(Role.ADMIN, Role.COORDINATOR) and is_staff_of(viewer, pairing.programme_id)
    ):
        raise NotFound(_("No such pairing."))
    return pairing


def end_pairing(viewer: User, pairing_id: int, *, on: date, reason: str) -> Pairing:
    pairing = _managed(viewer, pairing_id)
    if reason not in END_REASONS:
        raise ValidationError(_("Choose a reason."), field="reason")
    if not pairing.is_current:
        raise Conflict(_("This pairing has already ended."))
    if pairing.started_on and on < pairing.started_on:
        raise ValidationError(_("The end date is before the start date."), field="ended_on")
    _end(pairing, on, reason)
    record(
        viewer.id,
        "pairing.end",
        subject_user_id=pairing.mentee_id,
        object_type="pairing",
        object_id=pairing.id,
        reason=reason,
    )
    db.session.commit()
    return pairing


def set_paused(viewer: User, pairing_id: int, paused: bool) -> Pairing:
    pairing = _managed(viewer, pairing_id)
    if pairing.status not in STARTED_STATUSES:
        raise Conflict(_("Only a started pairing can be paused or resumed."))
    pairing.status = PairingStatus.PAUSED if paused else PairingStatus.ACTIVE
    record(
        viewer.id,
        "pairing.pause" if paused else "pairing.resume",
        subject_user_id=pairing.mentee_id,
        object_type="pairing",
        object_id=pairing.id,
    )
    db.session.commit()
    return pairing


def extend(viewer: User, pairing_id: int, weeks: int) -> Pairing:
    pairing = _managed(viewer, pairing_id)
    if not 1 <= weeks <= 52:
        raise ValidationError(_("Give 1 to 52 weeks."), field="weeks")
    if pairing.status not in STARTED_STATUSES or pairing.planned_end_on is None:
        raise Conflict(_("Only a started pairing can be extended."))
    pairing.planned_end_on += timedelta(weeks=weeks)
    record(
        viewer.id,
        "pairing.extend",
        subject_user_id=pairing.mentee_id,
        object_type="pairing",
        object_id=pairing.id,
        weeks=weeks,
    )
    db.session.commit()
    return pairing


def end_expired(today: date) -> int:
    """End active pairings whose planned duration has passed; return how many."""
    due = db.session.scalars(
        sa.select(Pairing).where(
            Pairing.status.in_(STARTED_STATUSES), Pairing.planned_end_on < today
        )
    ).all()
    for pairing in due:
        _end(pairing, pairing.planned_end_on or today, "completed")
    db.session.commit()
    return len(due)


def set_away(mentor: User, *, starts_on: date, ends_on: date) -> MentorAway:
    """A mentor takes no new mentees for a period; runs and suggestions leave them out."""
    if not mentor.has_role(Role.MENTOR, Role.AMBASSADOR):
        raise ValidationError(_("Only mentors and ambassadors can mark time away."))
    if ends_on < starts_on:
        raise ValidationError(_("The end date is before the start date."), field="ends_on")
    away = MentorAway(user_id=mentor.id, starts_on=starts_on, ends_on=ends_on)
    db.session.add(away)
    db.session.commit()
    return away


def pairings_in(cohort: object) -> Sequence[Pairing]:
    """Every pairing of a cohort, current first."""
    return db.session.scalars(
        sa.select(Pairing)
        .where(Pairing.cohort_id == cohort.id)  # type: ignore[attr-defined]
        .order_by(Pairing.status.in_(ACTIVE_STATUSES).desc(), Pairing.proposed_at.desc())
    ).all()
