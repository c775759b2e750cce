"""Outcomes: recorded by a coordinator or answered in the six-month follow-up."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mentoring.activity.events import record_event
from mentoring.engagement.models import OUTCOME_KINDS, Outcome
from mentoring.errors import NotFound, ValidationError
from mentoring.extensions import db
from mentoring.programmes.models import Enrollment
from mentoring.programmes.services import is_staff_of
from mentoring.users.models import User

OUTCOME_LABELS = {
    "job_full": _l("Job, full time"),
    "job_part": _l("Job, part time"),
    "job": _l("Job (hours not given)"),
    "internship": _l("Work trial or internship"),
    "studies": _l("Studies"),
    "own_company": _l("Own company started"),
    "other": _l("Other"),
}
# The follow-up's answers (mentoring.notices.services.SITUATIONS) as outcome kinds.
FOLLOW_UP_KINDS = {
    "job": "job",
    "studies": "studies",
    "internship": "internship",
    "own_company": "own_company",
}


def record_follow_up(enrolment: Enrollment, situation: str, now: datetime) -> None:
    """Turn a follow-up answer into an outcome and an event; the caller commits."""
    record_event(enrolment.user_id, "survey_answered", now)
    kind = FOLLOW_UP_KINDS.get(situation)
    if kind is not None:
        db.session.add(
            Outcome(
                user_id=enrolment.user_id,
                programme_id=enrolment.cohort.programme_id,
                enrolment_id=enrolment.id,
                kind=kind,
                achieved_on=now.date(),
                source="follow_up",
                created_at=now,
            )
        )


def record_outcome(
    coordinator: User, enrolment_id: int, *, kind: str, achieved_on: date | None, now: datetime
) -> Outcome:
    """Record what a participant reached, with its date (coordinators of the programme)."""
    enrolment = db.session.get(Enrollment, enrolment_id)
    if enrolment is None or not is_staff_of(coordinator, enrolment.cohort.programme_id):
        raise NotFound(_("No such enrolment."))
    if kind not in OUTCOME_KINDS:
        raise ValidationError(_("Choose one of the options."), field="kind")
    if achieved_on is None:
        raise ValidationError(_("Enter the date."), field="achieved_on")
    if achieved_on < enrolment.started_on or achieved_on > now.date():
        raise ValidationError(
            _("The date must be between the start of the enrolment and today."),
            field="achieved_on",
        )
    outcome = Outcome(
        user_id=enrolment.user_id,
        programme_id=enrolment.cohort.programme_id,
        enrolment_id=enrolment.id,
        kind=kind,
        achieved_on=achieved_on,
        recorded_by_id=coordinator.id,
        source="coordinator",
        created_at=now,
    )
    db.session.add(outcome)
    db.session.commit()
    return outcome
