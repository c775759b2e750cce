"""Outcome and ambassador dashboards: SQL aggregates, then vectorised pandas."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from mentoring.bookings.models import ACTIVE, Booking
from mentoring.engagement.models import OUTCOME_KINDS, Outcome
from mentoring.engagement.sql import fetch_frame, for_analytics
from mentoring.extensions import db
from mentoring.matches.models import AmbassadorRoute, Pairing
from mentoring.profiles.models import Profile, ProfileSkill
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.small_counts import cell, share
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role


@dataclass(frozen=True)
class OutcomeRow:
    cohort: str
    participants: str
    counts: list[str]  # per OUTCOME_KINDS, suppressed
    reached: str  # people with any outcome
    reached_share: str
    days_to_outcome: str  # median, "" when none or suppressed
    days_to_match: str
    days_to_meeting: str


def _median(values: pd.Series) -> str:
    values = values.dropna()
    return f"{values.median():.0f}" if len(values) >= 5 else ("" if values.empty else "<5")


def outcome_rows(programme_id: int) -> list[OutcomeRow]:
    """Per cohort: outcome counts and shares, and median days to outcome, match and meeting."""
    for_analytics()
    first_outcome = (
        sa.select(Outcome.enrolment_id, sa.func.min(Outcome.achieved_on).label("first_on"))
        .where(Outcome.programme_id == programme_id)
        .group_by(Outcome.enrolment_id)
        .subquery()
    )
    first_match = (
        sa.select(Pairing.mentee_id, sa.func.min(Pairing.proposed_at).label("matched_at"))
        .where(Pairing.programme_id == programme_id)
        .group_by(Pairing.mentee_id)
        .subquery()
    )
    # Over every attended booking: narrowing it to the programme's people first cost more.
    first_meeting = (
        sa.select(Booking.participant_id, sa.func.min(Booking.starts_at).label("met_at"))
        .where(Booking.status == ACTIVE, Booking.attendance == "attended")
        .group_by(Booking.participant_id)
        .subquery()
    )
    participants = sa.select(UserRole.user_id).where(UserRole.role == Role.PARTICIPANT.value)
    frame = fetch_frame(
        sa.select(
            Enrollment.id,
            Enrollment.cohort_id,
            Enrollment.started_on,
            first_outcome.c.first_on,
            first_match.c.matched_at,
            first_meeting.c.met_at,
        )
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .outerjoin(first_outcome, first_outcome.c.enrolment_id == Enrollment.id)
        .outerjoin(first_match, first_match.c.mentee_id == Enrollment.user_id)
        .outerjoin(first_meeting, first_meeting.c.participant_id == Enrollment.user_id)
        .where(Cohort.programme_id == programme_id, Enrollment.user_id.in_(participants)),
        ["id", "cohort_id", "start", "outcome", "match", "meeting"],
        times=("start", "outcome", "match", "meeting"),
    )
    names = dict(
        db.session.execute(
            sa.select(Cohort.id, Cohort.name).where(Cohort.programme_id == programme_id)
        ).all()
    )
    frame["cohort"] = frame["cohort_id"].map(names)
    kinds = fetch_frame(
        sa.select(Outcome.enrolment_id, Outcome.kind)
        .where(Outcome.programme_id == programme_id)
        .distinct(),
        ["id", "kind"],
    ).merge(frame[["id", "cohort"]], on="id")
    counts = kinds.groupby(["cohort", "kind"]).size().to_dict()
    start = frame["start"]
    frame = frame.assign(
        to_outcome=(frame["outcome"] - start).dt.days,
        to_match=(frame["match"] - start).dt.days.clip(lower=0),
        to_meeting=(frame["meeting"] - start).dt.days.clip(lower=0),
    )
    result = []
    for name, part in frame.groupby("cohort", sort=True):
        reached = int(part["outcome"].notna().sum())
        result.append(
            OutcomeRow(
                cohort=str(name),
                participants=cell(len(part)),
                counts=[cell(int(counts.get((name, kind), 0))) for kind in OUTCOME_KINDS],
                reached=cell(reached),
                reached_share=share(reached, len(part)),
                days_to_outcome=_median(part["to_outcome"]),
                days_to_match=_median(part["to_match"]),
                days_to_meeting=_median(part["to_meeting"]),
            )
        )
    return result


@dataclass(frozen=True)
class AmbassadorRow:
    name: str
    sessions: int
    colleagues: str
    tools: str
    level_before: str
    level_now: str


def _routes(programme_id: int) -> pd.DataFrame:
    """Routes of the programme with the learner's level before and their level now."""
    now_level = (
        sa.select(ProfileSkill.level)
        .join(Profile, Profile.id == ProfileSkill.profile_id)
        .where(
            Profile.user_id == AmbassadorRoute.learner_id,
            ProfileSkill.direction == "offer",
            ProfileSkill.name == AmbassadorRoute.tool,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(
            AmbassadorRoute.ambassador_id,
            AmbassadorRoute.learner_id,
            AmbassadorRoute.tool,
            AmbassadorRoute.level_before,
            now_level.label("level_now"),
        ).where(AmbassadorRoute.programme_id == programme_id)
    ).all()
    frame = pd.DataFrame(rows, columns=["ambassador_id", "learner", "tool", "before", "now"])
    # Cast first: a column of ints and Nones is object dtype, which fillna would downcast.
    frame["now"] = frame["now"].astype(float).fillna(frame["before"].astype(float))
    return frame


def _level(values: pd.Series, people: int) -> str:
    return f"{values.mean():.1f}" if people >= 5 else "<5"


def ambassador_rows(programme_id: int) -> tuple[list[AmbassadorRow], list[list[str]]]:
    """Per ambassador and per tool: sessions taught, colleagues reached, levels before/now."""
    for_analytics()
    routes = _routes(programme_id)
    taught = pd.DataFrame(
        db.session.execute(
            sa.select(Booking.host_id, Booking.participant_id, User.name)
            .join(User, User.id == Booking.host_id)
            .where(
                Booking.status == ACTIVE,
                Booking.attendance == "attended",
                Booking.host_id.in_(
                    sa.select(UserRole.user_id).where(UserRole.role == Role.AMBASSADOR.value)
                ),
                Booking.host_id.in_(
                    sa.select(Enrollment.user_id)
                    .join(Cohort, Cohort.id == Enrollment.cohort_id)
                    .where(Cohort.programme_id == programme_id)
                ),
            )
        ).all(),
        columns=["ambassador_id", "learner", "name"],
    )
    per_ambassador = []
    for (ambassador_id, name), part in taught.groupby(["ambassador_id", "name"], sort=False):
        mine = routes[routes["ambassador_id"] == ambassador_id]
        learners = mine["learner"].nunique()
        per_ambassador.append(
            AmbassadorRow(
                name=str(name),
                sessions=len(part),
                colleagues=cell(int(part["learner"].nunique())),
                tools=", ".join(sorted(mine["tool"].unique())),
                level_before=_level(mine["before"], learners),
                level_now=_level(mine["now"], learners),
            )
        )
    per_ambassador.sort(key=lambda row: (-row.sessions, row.name))
    per_tool = []
    for tool, part in routes.groupby("tool", sort=True):
        learners = int(part["learner"].nunique())
        per_tool.append(
            [
                str(tool),
                cell(learners),
                _level(part["before"], learners),
                _level(part["now"], learners),
            ]
        )
    return per_ambassador, per_tool
