"""A programme's matching rules: read with defaults, change with an audit entry."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from mentoring.audit.services import record
from mentoring.errors import ValidationError
from mentoring.extensions import db
from mentoring.matches.models import MatchingRules
from mentoring.programmes.models import Programme
from mentoring.users.models import User

WEIGHTS = (
    "skills_weight",
    "goals_weight",
    "interests_weight",
    "text_weight",
    "place_weight",
    "hours_weight",
)
OBJECTIVES = ("most_matched", "best_scores")
MODES = ("coordinator", "mentee_choice")


def rules_for(programme: Programme) -> MatchingRules:
    """The programme's rules, created with defaults on first use (not committed)."""
    rules = db.session.get(MatchingRules, programme.id)
    if rules is None:
        rules = MatchingRules(programme_id=programme.id)
        for column in MatchingRules.__table__.columns:
            if column.default is not None and getattr(rules, column.key) is None:
                setattr(rules, column.key, column.default.arg)  # type: ignore[union-attr]
        db.session.add(rules)
    return rules


def _check(values: dict[str, Any]) -> None:
    for name in WEIGHTS:
        if not 0 <= values[name] <= 1:
            raise ValidationError(_("Each weight is a number from 0 to 1."), field=name)
    if sum(values[name] for name in WEIGHTS) <= 0:
        raise ValidationError(_("At least one weight must be above 0."), field="skills_weight")
    if not 0 <= values["min_common_hours"] <= 40:
        raise ValidationError(_("Give 0 to 40 hours."), field="min_common_hours")
    if values["objective"] not in OBJECTIVES:
        raise ValidationError(_("Choose a goal from the list."), field="objective")
    if values["mode"] not in MODES:
        raise ValidationError(_("Choose a way of matching from the list."), field="mode")
    if not 1 <= values["planned_weeks"] <= 104:
        raise ValidationError(_("Give 1 to 104 weeks."), field="planned_weeks")
    if not 1 <= values["request_days"] <= 30:
        raise ValidationError(_("Give 1 to 30 days."), field="request_days")


def update_rules(programme: Programme, actor: User, values: dict[str, Any]) -> MatchingRules:
    """Change the rules for the next run; the change is audited with before and after."""
    _check(values)
    rules = rules_for(programme)
    before = {name: getattr(rules, name) for name in values}
    for name, value in values.items():
        setattr(rules, name, value)
    changed = {k: [before[k], v] for k, v in values.items() if before[k] != v}
    if changed:
        record(
            actor.id,
            "matching_rules.changed",
            object_type="programme",
            object_id=programme.id,
            changes=changed,
        )
    db.session.commit()
    return rules
