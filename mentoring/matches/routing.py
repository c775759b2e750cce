"""Learners and digital ambassadors: which tools a learner still needs, and who teaches them.

Where the programme sets knowledge goals for the learner's occupation (and unit), those are
the goals and the learner's self-assessment gives their levels; otherwise the programme's
tool goals hold and the level is the one given under "I can" (offers). A verified level (a
passed test) counts where it is higher. Tools at or above the goal are done; for the rest,
ambassadors who teach the tool are ranked by the matcher's score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import sqlalchemy as sa
from flask_babel import gettext as _

from matching import MatchConfig, Person, match_pairs, score_pairs
from mentoring.db import commit_or_refuse
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.locking import lock_people
from mentoring.matches.models import AmbassadorRoute
from mentoring.matches.people import person_from
from mentoring.matches.runs import reason_dicts
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, Enrollment, Programme
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role
from mentoring.workplace.assessments import self_levels
from mentoring.workplace.gaps import tool_key
from mentoring.workplace.goals import person_goals
from mentoring.workplace.verified import verified_levels_for

SUGGESTIONS_PER_TOOL = 3
# Offers and wants are the signal that matters; a shared language is a must. Trainings are
# booked in the ambassador's own published slots, so common weekly hours only add to the score.
ROUTING_CONFIG = MatchConfig(
    min_common_hours=0,
    goals_weight=0,
    interests_weight=0,
    text_weight=0,
    place_weight=0.05,
    hours_weight=0.1,
    skills_weight=0.85,
)


@dataclass(frozen=True)
class AmbassadorOption:
    ambassador: User
    score: float
    reasons: list[dict[str, Any]]
    room: int


@dataclass
class ToolNeed:
    tool: str
    level: int
    goal: int
    route: AmbassadorRoute | None = None
    options: list[AmbassadorOption] = field(default_factory=list)


@dataclass
class LearningPlan:
    programme: Programme | None
    # True when the goals are the learner's knowledge goals (levels from their self-assessment).
    knowledge_goals: bool = False
    done: list[ToolNeed] = field(default_factory=list)
    todo: list[ToolNeed] = field(default_factory=list)


def _programme_of(learner: User) -> tuple[Programme | None, dict[str, int], bool]:
    """The learner's newest open programme that sets goals for digital tools, and the goals."""
    programmes = db.session.scalars(
        sa.select(Programme)
        .join(Cohort, Cohort.programme_id == Programme.id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == learner.id, Enrollment.ended_on.is_(None))
        .order_by(Cohort.starts_on.desc())
    ).all()
    # Knowledge goals need an occupation: ask for them only where the learner has one.
    placed = set(
        db.session.scalars(
            sa.select(Cohort.programme_id)
            .join(Enrollment, Enrollment.cohort_id == Cohort.id)
            .where(
                Enrollment.user_id == learner.id,
                Enrollment.ended_on.is_(None),
                Enrollment.occupation_id.is_not(None),
            )
        )
    )
    for programme in programmes:
        own = person_goals(programme.id, learner.id) if programme.id in placed else {}
        goals = own or dict(programme.tool_goals)
        if goals:
            return programme, goals, bool(own)
    return None, {}, False


def learner_levels(learner: User, programme: Programme, profile: Profile | None) -> dict[str, int]:
    """The learner's level of each tool by ``tool_key``: self-assessed, or verified if higher."""
    if person_goals(programme.id, learner.id):
        own = self_levels(programme.id, learner.id)
    else:
        own = profile.skills_by_direction("offer") if profile is not None else {}
    levels = {tool_key(tool): level for tool, level in own.items()}
    for tool, level in verified_levels_for(learner.id, programme.id).items():
        levels[tool_key(tool)] = max(level, levels.get(tool_key(tool), 0))
    return levels


def _open_routes(learner: User) -> dict[str, AmbassadorRoute]:
    routes = db.session.scalars(
        sa.select(AmbassadorRoute).where(
            AmbassadorRoute.learner_id == learner.id, AmbassadorRoute.status == "open"
        )
    )
    return {route.tool: route for route in routes}


def _ambassadors(
    programme: Programme, now: datetime
) -> tuple[list[Person], dict[int, User], Counter[int]]:
    enrolled = (
        sa.select(Enrollment.user_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Cohort.programme_id == programme.id, Enrollment.ended_on.is_(None))
    )
    is_ambassador = sa.and_(UserRole.user_id == User.id, UserRole.role == Role.AMBASSADOR.value)
    rows = db.session.execute(
        sa.select(User, Profile)
        .join(Profile, Profile.user_id == User.id)
        .join(UserRole, is_ambassador)
        .where(User.id.in_(enrolled), User.is_enabled)
        .order_by(User.id)
    ).all()
    load = route_load([user.id for user, _ in rows])
    people = [
        person_from(
            user,
            profile,
            programme.timezone,
            now,
            capacity=max(profile.capacity - load[user.id], 0),
        )
        for user, profile in rows
    ]
    return people, {user.id: user for user, _ in rows}, load


def route_load(ambassador_ids: Sequence[int]) -> Counter[int]:
    rows = db.session.scalars(
        sa.select(AmbassadorRoute.ambassador_id).where(
            AmbassadorRoute.ambassador_id.in_(ambassador_ids), AmbassadorRoute.status == "open"
        )
    )
    return Counter(rows)


def learning_plan(learner: User, *, now: datetime) -> LearningPlan:
    """Compare the learner's levels with the programme's goals and suggest ambassadors."""
    programme, goals, own_goals = _programme_of(learner)
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == learner.id))
    if programme is None:
        return LearningPlan(programme)
    levels = learner_levels(learner, programme, profile)
    routes = _open_routes(learner)
    plan = LearningPlan(programme, knowledge_goals=own_goals)
    for tool, goal in sorted(goals.items()):
        need = ToolNeed(tool, levels.get(tool_key(tool), 0), int(goal), routes.get(tool))
        (plan.done if need.level >= need.goal else plan.todo).append(need)
    if plan.todo:
        _suggest(learner, profile, programme, [n for n in plan.todo if n.route is None], now)
    return plan


def _learner_person(
    learner: User, profile: Profile | None, programme: Programme, now: datetime
) -> Person:
    if profile is not None:
        return person_from(learner, profile, programme.timezone, now)
    # An employee without a matching profile speaks their own and the programme's languages.
    languages = frozenset({learner.locale, *programme.languages})
    return Person(id=str(learner.id), languages=languages)


def _offered(person: Person, tool: str) -> int:
    return max(
        (lv for name, lv in person.offers.items() if tool_key(name) == tool_key(tool)), default=0
    )


def _suggest(
    learner: User,
    profile: Profile | None,
    programme: Programme,
    needs: list[ToolNeed],
    now: datetime,
) -> None:
    people, users, _load = _ambassadors(programme, now)
    me = _learner_person(learner, profile, programme, now)
    for need in needs:
        teachers = [p for p in people if p.capacity > 0 and _offered(p, need.tool) >= need.goal]
        if not teachers:
            continue
        wanting = Person(**{**me.__dict__, "wants": {need.tool: need.goal}, "offers": {}})
        scores = score_pairs([wanting], teachers, ROUTING_CONFIG)[0]
        order = [int(j) for j in np.argsort(-scores, kind="stable") if np.isfinite(scores[j])]
        for j in order[:SUGGESTIONS_PER_TOOL]:
            [pair] = match_pairs([wanting], [teachers[j]], ROUTING_CONFIG)
            need.options.append(
                AmbassadorOption(
                    users[int(teachers[j].id)],
                    float(pair.score),
                    reason_dicts(pair.details),
                    teachers[j].capacity,
                )
            )


def route(learner: User, tool: str, ambassador_id: int, *, now: datetime) -> AmbassadorRoute:
    """Send the learner to one of the ambassadors suggested for ``tool``, if they have room."""
    plan = learning_plan(learner, now=now)
    need = next((n for n in plan.todo if n.tool == tool), None)
    if need is None:
        raise ValidationError(
            _("You have reached the goal for this tool, or it is not in your programme.")
        )
    if need.route is not None:
        raise Conflict(_("You already have an ambassador for this tool."))
    option = next((o for o in need.options if o.ambassador.id == ambassador_id), None)
    if option is None:
        raise ValidationError(
            _("Choose one of the ambassadors suggested for this tool."), field="ambassador_id"
        )
    lock_people([ambassador_id])
    capacity = (
        db.session.scalar(sa.select(Profile.capacity).where(Profile.user_id == ambassador_id)) or 0
    )
    if route_load([ambassador_id])[ambassador_id] >= capacity:
        db.session.rollback()
        raise Conflict(_("This ambassador has just become full. Choose another one."))
    assert plan.programme is not None
    row = AmbassadorRoute(
        programme_id=plan.programme.id,
        learner_id=learner.id,
        ambassador_id=ambassador_id,
        tool=tool,
        level_before=need.level,
        goal=need.goal,
        score=option.score,
        reasons=option.reasons,
        created_at=now,
    )
    db.session.add(row)
    commit_or_refuse(db.session, Conflict(_("You already have an ambassador for this tool.")))
    return row


def close_route(ambassador: User, route_id: int, *, now: datetime) -> AmbassadorRoute:
    row = db.session.get(AmbassadorRoute, route_id)
    if row is None or row.ambassador_id != ambassador.id:
        raise NotFound(_("No such learner."))
    row.status, row.closed_at = "done", now
    db.session.commit()
    return row
