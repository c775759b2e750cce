"""Consent to the privacy notice (versioned) and the separate opt-in for optional attributes.

The notice is agreed to as a whole, by version: when its text changes the version goes up and
everyone is asked again. Gender and age band are optional and have an opt-in of their own;
without it they are neither shown nor stored, and withdrawing it clears what was stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from mentoring.audit.services import record
from mentoring.consents import ATTRIBUTES, TERMS, Consent, agreement, current_version
from mentoring.consents import current as current_consent
from mentoring.engagement.models import Indicators
from mentoring.extensions import db
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, Enrollment, Programme


@dataclass(frozen=True)
class RetentionTerm:
    """How long one of the person's programmes keeps their data after they leave it."""

    programme: str
    months: int


def retention_terms(user_id: int) -> list[RetentionTerm]:
    """Return the retention period of each programme the person is or was enrolled in."""
    rows = db.session.execute(
        sa.select(Programme.name, Programme.retention_months)
        .join(Cohort, Cohort.programme_id == Programme.id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == user_id)
        .distinct()
        .order_by(Programme.name)
    )
    return [RetentionTerm(name, months) for name, months in rows]


def give_consent(user_id: int, *, share_attributes: bool, now: datetime) -> Consent:
    """Record agreement to the current notice (once per version) and the attributes choice."""
    version = current_version()
    consent = agreement(user_id)
    if consent is None or consent.version != version:
        consent = Consent(user_id=user_id, purpose=TERMS, version=version, given_at=now)
        db.session.add(consent)
        record(user_id, "privacy.consented", subject_user_id=user_id, version=version)
    _set_attributes(user_id, share_attributes, version=version, now=now)
    db.session.commit()
    return consent


def set_attribute_sharing(user_id: int, share: bool, *, now: datetime) -> bool:
    """Opt in to or out of optional attributes; opting out clears them. Return if it changed."""
    changed = _set_attributes(user_id, share, version=current_version(), now=now)
    db.session.commit()
    return changed


def _set_attributes(user_id: int, share: bool, *, version: int, now: datetime) -> bool:
    current = current_consent(user_id, ATTRIBUTES)
    if share and current is None:
        db.session.add(Consent(user_id=user_id, purpose=ATTRIBUTES, version=version, given_at=now))
        record(user_id, "privacy.attributes_opted_in", subject_user_id=user_id, version=version)
        return True
    if share:
        return False
    if current is not None:
        current.withdrawn_at = now
        record(user_id, "privacy.attributes_withdrawn", subject_user_id=user_id)
    # Without an opt-in nothing is kept, also what was entered for them (e.g. by an import).
    cleared = clear_attributes(user_id)
    return current is not None or cleared


def clear_attributes(user_id: int) -> bool:
    """Remove the person's gender, age band and the wish that depends on gender."""
    result = db.session.execute(
        sa.update(Profile)
        .where(
            Profile.user_id == user_id,
            sa.or_(
                Profile.gender.is_not(None),
                Profile.age_band.is_not(None),
                Profile.same_gender_mentor.is_(True),
            ),
        )
        .values(gender=None, age_band=None, same_gender_mentor=False)
        .execution_options(synchronize_session="fetch")
    )
    # The age band a coordinator recorded with the enrolment's entry or exit indicators too.
    indicators = db.session.execute(
        sa.update(Indicators)
        .where(
            Indicators.enrolment_id.in_(
                sa.select(Enrollment.id).where(Enrollment.user_id == user_id)
            ),
            Indicators.age_band.is_not(None),
        )
        .values(age_band=None)
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(result, "rowcount", 0)) or bool(getattr(indicators, "rowcount", 0))
