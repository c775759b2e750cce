"""Retention: how long participants stay engaged, as Kaplan-Meier curves (lifelines).

A participant is engaged from enrolment until their last activity. They have dropped out
when their enrolment ended with the reason "dropped_out", or when it is open and they have
been inactive for the programme's ``inactive_days``. Everyone else is right-censored: at
the end of their enrolment if it ended for another reason, at their last activity if still
active. All of it comes from one query, then vectorised pandas; no loop over people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from lifelines import KaplanMeierFitter

from mentoring.activity.models import EngagementSettings
from mentoring.engagement.nudges import last_nudged
from mentoring.engagement.sql import fetch_frame, for_analytics
from mentoring.extensions import db
from mentoring.groups.models import PeerGroup, PeerGroupMember
from mentoring.matches.models import AmbassadorRoute, Pairing
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role

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


def _split_columns(programme_id: int, by: str | None) -> list[sa.ColumnElement[Any]]:
    """The extra columns a split needs (a join or three subqueries, only when asked for)."""
    if by == "gender":
        return [Profile.gender]
    if by != "format":
        return []
    # IN over a subquery, not a correlated EXISTS: PostgreSQL hashes each subquery once
    # instead of probing it for each of 100,000 enrolments.
    mentored = Enrollment.user_id.in_(
        sa.select(Pairing.mentee_id).where(
            Pairing.programme_id == programme_id, Pairing.started_on.is_not(None)
        )
    )
    grouped = sa.tuple_(Enrollment.user_id, Enrollment.cohort_id).in_(
        sa.select(PeerGroupMember.user_id, PeerGroup.cohort_id)
        .join(PeerGroup, PeerGroup.id == PeerGroupMember.group_id)
        .where(PeerGroup.status == "published")
    )
    trained = Enrollment.user_id.in_(
        sa.select(AmbassadorRoute.learner_id).where(AmbassadorRoute.programme_id == programme_id)
    )
    return [mentored, grouped, trained]


BASE_COLUMNS = ["user_id", "cohort_id", "started_on", "ended_on", "end_reason", "last_at"]
SPLIT_COLUMNS = {"gender": ["gender"], "format": list(FORMATS)}


def _participants_query(programme_id: int, cohort_id: int | None, by: str | None) -> sa.Select:
    participants = sa.select(UserRole.user_id).where(UserRole.role == Role.PARTICIPANT.value)
    query = (
        sa.select(
            Enrollment.user_id,
            Enrollment.cohort_id,
            Enrollment.started_on,
            Enrollment.ended_on,
            Enrollment.end_reason,
            # Kept by mentoring.activity.events: no aggregate over the events here.
            Enrollment.last_activity_at,
            *_split_columns(programme_id, by),
        )
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Cohort.programme_id == programme_id, Enrollment.user_id.in_(participants))
    )
    if by == "gender":
        query = query.outerjoin(Profile, Profile.user_id == Enrollment.user_id)
    if cohort_id is not None:
        query = query.where(Enrollment.cohort_id == cohort_id)
    return query


def engagement_frame(
    programme_id: int, now: datetime, cohort_id: int | None = None, by: str | None = None
) -> pd.DataFrame:
    """One row per enrolment of a participant: ``days`` engaged and ``dropped`` (bool).

    ``by``: "gender" or "format" adds the columns that split needs (see :func:`curves`).
    """
    for_analytics()
    frame = fetch_frame(
        _participants_query(programme_id, cohort_id, by),
        BASE_COLUMNS + SPLIT_COLUMNS.get(by or "", []),
        times=("started_on", "ended_on", "last_at"),
    )
    names = dict(
        db.session.execute(
            sa.select(Cohort.id, Cohort.name).where(Cohort.programme_id == programme_id)
        ).all()
    )
    frame["cohort"] = frame["cohort_id"].map(names)
    if by == "format":
        frame[list(FORMATS)] = frame[list(FORMATS)].astype(bool)
    if by == "gender":
        frame["gender"] = frame["gender"].fillna("")
    return with_durations(frame, now, inactive_days(programme_id))


def _instants(column: pd.Series) -> np.ndarray:
    return pd.to_datetime(column).to_numpy("datetime64[ns]")


def with_durations(frame: pd.DataFrame, now: datetime, inactive: int) -> pd.DataFrame:
    """Add ``days`` and ``dropped`` to rows of started_on, ended_on, end_reason, last_at."""
    # In numpy, not pandas: a dozen Series operations cost 4.6 ms for the demo's 390 rows,
    # a tenth of the retention page; the arithmetic below is the same, to the last bit.
    start, ended = _instants(frame["started_on"]), _instants(frame["ended_on"])
    last = _instants(frame["last_at"])
    last = np.where(np.isnat(last), start, np.maximum(last, start))
    still_open = np.isnat(ended)
    quit_reason = frame["end_reason"].to_numpy() == "dropped_out"
    went_quiet = still_open & (np.datetime64(now, "ns") - last > np.timedelta64(inactive, "D"))
    dropped = quit_reason | went_quiet
    # Dropped: engaged until the last activity (never past the end of the enrolment).
    # Censored: at the end of an enrolment that ended otherwise, else at the last activity.
    until = np.where(still_open, last, np.minimum(last, ended))
    until = np.where(dropped | still_open, until, ended)
    seconds = (until - start).astype("int64") / 1_000_000_000
    return frame.assign(days=np.maximum(seconds / 86400.0, 0.0), dropped=dropped)


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


@dataclass(frozen=True)
class AtRisk:
    """A participant silent for too long, as the at-risk list shows them."""

    user_id: int
    name: str
    last_at: datetime | None  # None: no activity since enrolment
    nudged_on: date | None = None  # the last nudge from a coordinator of the programme


def at_risk(
    programme_id: int, now: datetime, days: int = AT_RISK_DAYS, frame: pd.DataFrame | None = None
) -> list[AtRisk]:
    """Participants with an open enrolment and no activity in ``days`` days, quietest first.

    ``frame``: the programme's :func:`engagement_frame`, when the caller has it already.
    """
    if frame is None:
        frame = engagement_frame(programme_id, now)
    since = pd.Timestamp(now - timedelta(days=days))
    started, last = frame["started_on"], frame["last_at"]
    silent = frame["ended_on"].isna() & (started <= since) & ~(last >= since)
    quiet = pd.DataFrame(
        {
            "user_id": frame["user_id"][silent],
            "quiet_since": last[silent].fillna(started[silent]),
            "last_at": last[silent],
        }
    )
    quiet = quiet.sort_values("quiet_since", kind="stable").drop_duplicates("user_id").head(500)
    ids = [int(i) for i in quiet["user_id"]]
    people = {
        row.id: row
        for row in db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids)))
    }
    nudged = last_nudged(programme_id, ids)
    # Plain lists, not itertuples: a named tuple per row cost a tenth of this function.
    rows = [
        (since_at, people[int(user_id)], last_at)
        for since_at, user_id, last_at in zip(
            quiet["quiet_since"].tolist(),
            quiet["user_id"].tolist(),
            quiet["last_at"].tolist(),
            strict=True,
        )
    ]
    rows.sort(key=lambda row: (row[0], row[1].name))
    return [
        AtRisk(
            person.id,
            person.name,
            None if pd.isna(last) else pd.Timestamp(last).to_pydatetime(),
            nudged.get(person.id),
        )
        for _, person, last in rows
    ]
