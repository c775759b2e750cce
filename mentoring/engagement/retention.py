"""Retention: how long participants stay engaged, as Kaplan-Meier curves (lifelines).

A participant is engaged from enrolment until their last activity. They have dropped out
when their enrolment ended with the reason "dropped_out", or when it is open and they have
been inactive for the programme's ``inactive_days``. Everyone else is right-censored: at
the end of their enrolment if it ended for another reason, at their last activity if still
active. All of it comes from one query, then vectorised pandas; no loop over people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from lifelines import KaplanMeierFitter

from mentoring.accounts.models import User, UserRole
from mentoring.accounts.roles import Role
from mentoring.engagement.models import ActivityEvent, EngagementSettings
from mentoring.engagement.sql import for_analytics
from mentoring.extensions import db
from mentoring.groups.models import PeerGroup, PeerGroupMember
from mentoring.matches.models import AmbassadorRoute, Pairing
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, Enrollment

DEFAULT_INACTIVE_DAYS = 30
AT_RISK_DAYS = 14
TABLE_WEEKS = (1, 2, 4, 8, 12, 26)
MIN_CELL = 5
FORMATS = {
    "mentoring": _l("One-to-one mentoring"),
    "mastermind": _l("Mastermind group"),
    "ambassador": _l("Ambassador training"),
}


@dataclass(frozen=True)
class Curve:
    """One Kaplan-Meier curve: survival at each time (days) with its 95% band."""

    label: str
    people: int
    dropped: int
    median_days: float | None  # None when the curve never falls to one half
    times: tuple[float, ...]
    survival: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    suppressed: bool

    def at(self, day: float) -> float:
        """Survival at ``day`` (a step function, so the last time at or before it)."""
        index = int(np.searchsorted(self.times, day, side="right")) - 1
        return self.survival[max(index, 0)]


def inactive_days(programme_id: int) -> int:
    settings = db.session.get(EngagementSettings, programme_id)
    return settings.inactive_days if settings else DEFAULT_INACTIVE_DAYS


def fit_curve(label: str, durations: np.ndarray, observed: np.ndarray) -> Curve:
    """Fit Kaplan-Meier to durations in days and whether each one ended in a drop-out."""
    people = len(durations)
    if people == 0:
        return Curve(label, 0, 0, None, (0.0,), (1.0,), (1.0,), (1.0,), True)
    kmf = KaplanMeierFitter(label="s").fit(durations, event_observed=observed)
    band = kmf.confidence_interval_survival_function_
    median = float(kmf.median_survival_time_)
    return Curve(
        label=label,
        people=people,
        dropped=int(observed.sum()),
        median_days=median if np.isfinite(median) else None,
        times=tuple(float(t) for t in kmf.survival_function_.index),
        survival=tuple(float(s) for s in kmf.survival_function_["s"]),
        lower=tuple(float(s) for s in band.iloc[:, 0]),
        upper=tuple(float(s) for s in band.iloc[:, 1]),
        suppressed=people < MIN_CELL,
    )


def _participants_query(programme_id: int, cohort_id: int | None) -> sa.Select:
    # One backward probe of ix_activity_events_programme_user_at per enrolment: it grows with
    # the people, not the events (a GROUP BY over every event took 2-3x as long at 2,000,000).
    last_at = (
        sa.select(sa.func.max(ActivityEvent.at))
        .where(
            ActivityEvent.programme_id == programme_id,
            ActivityEvent.user_id == Enrollment.user_id,
        )
        .scalar_subquery()
    )
    mentored = sa.exists().where(
        Pairing.mentee_id == Enrollment.user_id,
        Pairing.programme_id == programme_id,
        Pairing.started_on.is_not(None),
    )
    grouped = sa.exists().where(
        PeerGroupMember.user_id == Enrollment.user_id,
        PeerGroup.id == PeerGroupMember.group_id,
        PeerGroup.cohort_id == Enrollment.cohort_id,
        PeerGroup.status == "published",
    )
    trained = sa.exists().where(
        AmbassadorRoute.learner_id == Enrollment.user_id,
        AmbassadorRoute.programme_id == programme_id,
    )
    is_participant = sa.exists().where(
        UserRole.user_id == Enrollment.user_id, UserRole.role == Role.PARTICIPANT.value
    )
    query = (
        sa.select(
            Enrollment.user_id,
            Enrollment.cohort_id,
            Cohort.name.label("cohort"),
            Enrollment.started_on,
            Enrollment.ended_on,
            Enrollment.end_reason,
            Profile.gender,
            last_at.label("last_at"),
            mentored.label("mentoring"),
            grouped.label("mastermind"),
            trained.label("ambassador"),
        )
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .outerjoin(Profile, Profile.user_id == Enrollment.user_id)
        .where(Cohort.programme_id == programme_id, is_participant)
    )
    if cohort_id is not None:
        query = query.where(Enrollment.cohort_id == cohort_id)
    return query


def engagement_frame(
    programme_id: int, now: datetime, cohort_id: int | None = None
) -> pd.DataFrame:
    """One row per enrolment of a participant: ``days`` engaged and ``dropped`` (bool)."""
    for_analytics()
    rows = db.session.execute(_participants_query(programme_id, cohort_id)).all()
    columns = [
        "user_id", "cohort_id", "cohort", "started_on", "ended_on", "end_reason", "gender",
        "last_at", "mentoring", "mastermind", "ambassador",
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    return with_durations(frame, now, inactive_days(programme_id))


def with_durations(frame: pd.DataFrame, now: datetime, inactive: int) -> pd.DataFrame:
    """Add ``days`` and ``dropped`` to rows of started_on, ended_on, end_reason, last_at."""
    start = pd.to_datetime(frame["started_on"])
    ended = pd.to_datetime(frame["ended_on"])
    last = pd.to_datetime(frame["last_at"]).fillna(start).clip(lower=start)
    quit_reason = frame["end_reason"].eq("dropped_out")
    went_quiet = ended.isna() & (pd.Timestamp(now) - last > pd.Timedelta(days=inactive))
    dropped = quit_reason | went_quiet
    # Dropped: engaged until the last activity (never past the end of the enrolment).
    # Censored: at the end of an enrolment that ended otherwise, else at the last activity.
    until = last.where(ended.isna(), np.minimum(last, ended))
    until = until.where(dropped | ended.isna(), ended)
    frame = frame.assign(
        days=((until - start).dt.total_seconds() / 86400.0).clip(lower=0.0), dropped=dropped
    )
    frame["gender"] = frame["gender"].fillna("")
    return frame


def curves(frame: pd.DataFrame, by: str | None) -> list[Curve]:
    """Kaplan-Meier overall (``by`` None) or per value of ``by`` (cohort, format, gender)."""
    if by is None:
        return [fit_curve("", frame["days"].to_numpy(), frame["dropped"].to_numpy())]
    if by == "format":
        return [
            fit_curve(key, part["days"].to_numpy(), part["dropped"].to_numpy())
            for key in FORMATS
            for part in [frame[frame[key].astype(bool)]]
        ]
    return [
        fit_curve(str(key), part["days"].to_numpy(), part["dropped"].to_numpy())
        for key, part in frame.groupby(by, sort=True)
    ]


def survival_at(durations: np.ndarray, observed: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Kaplan-Meier survival at each of ``days``, in numpy (the product-limit estimate)."""
    durations = np.asarray(durations, dtype=float)
    times, dropped = np.unique(durations[np.asarray(observed, dtype=bool)], return_counts=True)
    at_risk = len(durations) - np.searchsorted(np.sort(durations), times, side="left")
    survival = np.cumprod(1.0 - dropped / at_risk)
    index = np.searchsorted(times, days, side="right") - 1
    return np.where(index >= 0, survival[np.maximum(index, 0)] if len(times) else 1.0, 1.0)


def retention_table(frame: pd.DataFrame) -> list[tuple[str, int, list[float | None]]]:
    """Per cohort: people and share still engaged at weeks 1, 2, 4, 8, 12, 26 (None = <5)."""
    # Only six points per cohort: the product-limit estimate in numpy, not a lifelines fit each.
    days = 7.0 * np.array(TABLE_WEEKS)
    table: list[tuple[str, int, list[float | None]]] = []
    for key, part in frame.groupby("cohort", sort=True):
        people = len(part)
        shares = survival_at(part["days"].to_numpy(), part["dropped"].to_numpy(), days)
        table.append(
            (
                str(key),
                people,
                [None] * len(days) if people < MIN_CELL else [float(s) for s in shares],
            )
        )
    return table


def at_risk(
    programme_id: int, now: datetime, days: int = AT_RISK_DAYS, frame: pd.DataFrame | None = None
) -> list[tuple[User, datetime | None]]:
    """Participants with an open enrolment and no activity in ``days`` days, quietest first.

    ``frame``: the programme's :func:`engagement_frame`, when the caller has it already; the
    last activity is then not aggregated over every event a second time.
    """
    if frame is None:
        frame = engagement_frame(programme_id, now)
    since = pd.Timestamp(now - timedelta(days=days))
    started = pd.to_datetime(frame["started_on"])
    last = pd.to_datetime(frame["last_at"])
    quiet = frame.assign(quiet_since=last.fillna(started))[
        frame["ended_on"].isna() & (started <= since) & (last.isna() | (last < since))
    ]
    quiet = quiet.sort_values("quiet_since").drop_duplicates("user_id").head(500)
    ids = [int(i) for i in quiet["user_id"]]
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
    rows = [
        (r.quiet_since, users[int(r.user_id)], None if pd.isna(r.last_at) else r.last_at)
        for r in quiet.itertuples()
    ]
    rows.sort(key=lambda row: (row[0], row[1].name))
    return [(user, pd.Timestamp(last).to_pydatetime() if last else None) for _, user, last in rows]
