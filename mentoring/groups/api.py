"""JSON API for mastermind groups: suggestions, the coach's moves and publishing."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.api import fields
from mentoring.api.guards import api_blueprint
from mentoring.db import utcnow
from mentoring.errors import ValidationError
from mentoring.groups import services as groups
from mentoring.groups.models import PeerGroup
from mentoring.matches.api import reasons_json, run_json
from mentoring.programmes.services import get_cohort
from mentoring.users.roles import Role

bp = api_blueprint("groups_api", __name__)
STAFF = (Role.ADMIN, Role.COORDINATOR, Role.COACH)


def group_json(g: PeerGroup) -> dict[str, Any]:
    return {
        **fields.attributes(g, "id", "name", "status", "locked", "language", "common_hours"),
        **fields.attributes(g, "meeting_hour", "cadence_weeks", "score", "member_ids"),
        "reasons": reasons_json(g.reasons),
    }


@bp.post("/cohorts/<int:cohort_id>/groups/suggestions")
@roles_required(*STAFF)
def suggest_groups(cohort_id: int) -> ResponseReturnValue:
    data = fields.json_body()
    balance = data.get("balance_attributes", ["gender"])
    if not isinstance(balance, list) or not all(b in groups.BALANCE_ATTRIBUTES for b in balance):
        raise ValidationError(
            _("The field %(name)s is missing or of the wrong type.", name="balance_attributes")
        )
    cohort = get_cohort(current_user, cohort_id)
    run = groups.suggest_groups(
        cohort,
        current_user,
        min_size=fields.field(data, "min_size", int),
        max_size=fields.field(data, "max_size", int),
        balance=tuple(balance),
        now=utcnow(),
    )
    return jsonify(
        {"run": run_json(run), "groups": [group_json(g) for g in groups.groups_of(cohort)]}
    ), 201


@bp.get("/cohorts/<int:cohort_id>/groups")
@roles_required(*STAFF)
def list_groups(cohort_id: int) -> ResponseReturnValue:
    cohort = get_cohort(current_user, cohort_id)
    return jsonify({"groups": [group_json(g) for g in groups.groups_of(cohort)]})


@bp.post("/groups/<int:group_id>/move")
@roles_required(*STAFF)
def move_member(group_id: int) -> ResponseReturnValue:
    data = fields.json_body()
    target = data.get("target_group_id")
    if target is not None and (not isinstance(target, int) or isinstance(target, bool)):
        raise ValidationError(
            _("The field %(name)s is missing or of the wrong type.", name="target_group_id")
        )
    groups.move_member(
        current_user, group_id, fields.field(data, "user_id", int), target, now=utcnow()
    )
    return jsonify(group_json(groups.get_group(current_user, group_id)))


@bp.post("/cohorts/<int:cohort_id>/groups/publish")
@roles_required(*STAFF)
def publish_groups(cohort_id: int) -> ResponseReturnValue:
    cohort = get_cohort(current_user, cohort_id)
    published = groups.publish_groups(
        current_user,
        cohort,
        cadence_weeks=fields.field(fields.json_body(), "cadence_weeks", int),
        now=utcnow(),
    )
    return jsonify({"groups": [group_json(g) for g in published]}), 201
