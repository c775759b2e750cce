"""What coordinators record by hand: entry/exit indicators and the programme's inactive days."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mentoring.activity.models import EngagementSettings
from mentoring.engagement.models import EDUCATION_LEVELS, LABOUR_STATUSES, Indicators, Outcome
from mentoring.errors import NotFound, ValidationError
from mentoring.extensions import db
from mentoring.programmes.models import Enrollment
from mentoring.programmes.services import get_programme, is_staff_of
from mentoring.users.models import User
from mentoring.vocabulary import AGE_BANDS

STAGES = {"entry": _l("At entry"), "exit": _l("At exit")}
LABOUR_LABELS = {
    "unemployed": _l("Unemployed"),
    "long_term_unemployed": _l("Long-term unemployed"),
    "employed": _l("Employed"),
    "inactive": _l("Inactive (not looking for work)"),
    "in_education": _l("In education or training"),
}
EDUCATION_LABELS = {
    "primary": _l("Primary school"),
    "secondary": _l("Upper secondary school"),
    "post_secondary": _l("Post-secondary, not university"),
    "tertiary": _l("University or college"),
}
INACTIVE_DAYS_RANGE = (7, 365)
assert set(LABOUR_LABELS) == set(LABOUR_STATUSES)
assert set(EDUCATION_LABELS) == set(EDUCATION_LEVELS)


def get_enrolment(coordinator: User, enrolment_id: int) -> Enrollment:
    """The enrolment, if ``coordinator`` is staff of its programme (404 otherwise)."""
    enrolment = db.session.get(Enrollment, enrolment_id)
    if enrolment is None or not is_staff_of(coordinator, enrolment.cohort.programme_id):
        raise NotFound(_("No such enrolment."))
    return enrolment


def indicators_of(enrolment_id: int) -> dict[str, Indicators]:
    """The enrolment's recorded indicators by stage ("entry", "exit")."""
    rows = db.session.scalars(sa.select(Indicators).where(Indicators.enrolment_id == enrolment_id))
    return {row.stage: row for row in rows}


def outcomes_of(enrolment_id: int) -> list[Outcome]:
    """The enrolment's outcomes, latest first."""
    return list(
        db.session.scalars(
            sa.select(Outcome)
            .where(Outcome.enrolment_id == enrolment_id)
            .order_by(Outcome.achieved_on.desc(), Outcome.id.desc())
        )
    )


def _known(value: str | None, allowed: object, field: str) -> str | None:
    value = (value or "").strip() or None
    if value is not None and value not in allowed:  # type: ignore[operator]
        raise ValidationError(_("Choose one of the options."), field=field)
    return value


def record_indicators(
    coordinator: User,
    enrolment_id: int,
    stage: str,
    *,
    labour_status: str | None,
    age_band: str | None,
    education_level: str | None,
    now: datetime,
) -> Indicators:
    """Record (or correct) an enrolment's entry or exit indicators; each one is optional."""
    enrolment = get_enrolment(coordinator, enrolment_id)
    if stage not in STAGES:
        raise NotFound(_("No such page."))
    values = {
        "labour_status": _known(labour_status, LABOUR_STATUSES, "labour_status"),
        "age_band": _known(age_band, AGE_BANDS, "age_band"),
        "education_level": _known(education_level, EDUCATION_LEVELS, "education_level"),
    }
    row = indicators_of(enrolment.id).get(stage)
    if row is None:
        row = Indicators(enrolment_id=enrolment.id, stage=stage)
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    row.recorded_at = now
    db.session.commit()
    return row


CHECK_IN_DAYS_RANGE = (3, 60)
NUDGE_DAYS_RANGE = (2, 30)


def save_settings(
    coordinator: User,
    programme_id: int,
    *,
    inactive_days: int | None,
    check_in_days: int | None,
    nudge_days: int | None,
) -> EngagementSettings:
    """Save a programme's engagement and reminder rhythm; all checked before anything changes."""
    programme = get_programme(coordinator, programme_id)
    for name, value, (low, high) in (
        ("inactive_days", inactive_days, INACTIVE_DAYS_RANGE),
        ("check_in_days", check_in_days, CHECK_IN_DAYS_RANGE),
        ("nudge_days", nudge_days, NUDGE_DAYS_RANGE),
    ):
        if value is None or not low <= value <= high:
            raise ValidationError(
                _("Enter a whole number of days from %(low)d to %(high)d.", low=low, high=high),
                field=name,
            )
    settings = db.session.get(EngagementSettings, programme.id)
    if settings is None:
        settings = EngagementSettings(programme_id=programme.id)
        db.session.add(settings)
    assert inactive_days is not None and check_in_days is not None and nudge_days is not None
    settings.inactive_days = inactive_days
    settings.check_in_days = check_in_days
    settings.nudge_days = nudge_days
    db.session.commit()
    return settings


def settings_values(programme_id: int) -> dict[str, int]:
    """The programme's settings as form values, with the defaults where none are saved."""
    settings = db.session.get(EngagementSettings, programme_id)
    defaults = EngagementSettings.__table__.columns
    return {
        name: getattr(settings, name) if settings else int(defaults[name].default.arg)
        for name in ("inactive_days", "check_in_days", "nudge_days")
    }
