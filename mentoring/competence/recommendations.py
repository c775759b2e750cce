"""A learner's gaps with what closes them: ambassadors (the matcher) and trainings.

This module sits above ``matches`` (routing) and ``trainings``: it composes the pure gap
analysis with verified levels and with who or what teaches each tool. Public functions:

- ``my_gaps(user, now=) -> MyGaps``: the person's gaps (largest first) in their newest
  programme with knowledge goals, each with ambassadors and trainings that close it.
- ``recommendations(user, now=, limit=) -> list[Advice]``: the open gaps, largest first,
  that have something to offer (for the home page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from matching import Person, match_pairs, score_pairs
from mentoring.matches.models import AmbassadorRoute
from mentoring.matches.routing import ROUTING_CONFIG, AmbassadorOption, learning_plan
from mentoring.matches.runs import reason_dicts
from mentoring.programmes.models import Programme
from mentoring.trainings.reads import TrainingSummary, person_trainings, trainings_closing
from mentoring.users.models import User
from mentoring.workplace.assessments import self_levels
from mentoring.workplace.gaps import Gap, gap_analysis, tool_key
from mentoring.workplace.goals import person_goals, programmes_with_goals
from mentoring.workplace.verified import verified_levels_for


def gap_reason(gap: Gap) -> dict[str, Any]:
    """The reason that leads every suggestion: which gap it closes (a matcher reason dict)."""
    return {
        "code": "gap",
        "params": {"tool": gap.tool, "level": gap.level, "goal": gap.goal},
        "text": f"closes your gap in {gap.tool} (you: {gap.level}, goal: {gap.goal})",
    }


@dataclass(frozen=True)
class Suggestion:
    ambassador: User
    score: float
    reasons: list[dict[str, Any]]


@dataclass(frozen=True)
class TrainingSuggestion:
    training: TrainingSummary
    score: float
    reasons: list[dict[str, Any]]


TRAININGS_PER_GAP = 3
# Trainings have no language or hours of their own: every learner can take them.
_ANYONE = frozenset({"*"})


@dataclass
class Advice:
    gap: Gap
    route: AmbassadorRoute | None = None
    ambassadors: list[Suggestion] = field(default_factory=list)
    trainings: list[TrainingSuggestion] = field(default_factory=list)


@dataclass
class MyGaps:
    programme: Programme | None
    assessed: bool = False
    gaps: list[Gap] = field(default_factory=list)
    advice: list[Advice] = field(default_factory=list)

    @property
    def offered(self) -> list[Advice]:
        """The open gaps, largest first, that a training or an ambassador can close."""
        return [a for a in self.advice if a.ambassadors or a.trainings]


def _suggestions(gap: Gap, options: list[AmbassadorOption]) -> list[Suggestion]:
    return [
        Suggestion(option.ambassador, option.score, [gap_reason(gap), *option.reasons])
        for option in options
    ]


def rank_trainings(gap: Gap, trainings: list[TrainingSummary]) -> list[TrainingSuggestion]:
    """Order trainings for a gap by the matcher's score, each with the matcher's reasons."""
    if not trainings:
        return []
    learner = Person(id="learner", wants={gap.tool: gap.goal}, languages=_ANYONE)
    offers = [
        Person(id=str(t.id), offers={gap.tool: t.level}, languages=_ANYONE, capacity=1)
        for t in trainings
    ]
    scores = score_pairs([learner], offers, ROUTING_CONFIG)[0]
    order = [int(j) for j in np.argsort(-scores, kind="stable") if np.isfinite(scores[j])]
    ranked = []
    for j in order[:TRAININGS_PER_GAP]:
        [pair] = match_pairs([learner], [offers[j]], ROUTING_CONFIG)
        reasons = [gap_reason(gap), *reason_dicts(pair.details)]
        ranked.append(TrainingSuggestion(trainings[j], float(pair.score), reasons))
    return ranked


def _trainings_for(gap: Gap, programme_id: int, done: set[int]) -> list[TrainingSuggestion]:
    # A step up from where the person is; trainings they have done are not offered again.
    found = trainings_closing(programme_id, gap.tool, gap.level + 1)
    return rank_trainings(gap, [t for t in found if t.id not in done])


def my_gaps(user: User, *, now: datetime) -> MyGaps:
    """Return the person's gaps, largest first, with the ambassadors who close them."""
    programmes = programmes_with_goals(user.id)
    if not programmes:
        return MyGaps(None)
    programme = programmes[0]
    own = self_levels(programme.id, user.id)
    gaps = gap_analysis(
        person_goals(programme.id, user.id), own, verified_levels_for(user.id, programme.id)
    )
    plan = learning_plan(user, now=now)
    needs = {tool_key(need.tool): need for need in plan.todo} if plan.programme == programme else {}
    done = {t.id for t in person_trainings(user.id, programme.id).done}
    advice = []
    for gap in gaps:
        if not gap.is_open:
            continue
        need = needs.get(tool_key(gap.tool))
        advice.append(
            Advice(
                gap,
                route=need.route if need else None,
                ambassadors=_suggestions(gap, need.options) if need else [],
                trainings=_trainings_for(gap, programme.id, done),
            )
        )
    return MyGaps(programme, bool(own), gaps, advice)


def recommendations(user: User, *, now: datetime, limit: int = 3) -> list[Advice]:
    """Return the largest open gaps that an ambassador or a training can close."""
    return my_gaps(user, now=now).offered[:limit]
