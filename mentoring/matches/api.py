"""JSON API for matching: runs, proposals, publishing, answers and mentor requests."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.api import fields
from mentoring.api.guards import api_blueprint
from mentoring.db import utcnow
from mentoring.errors import Conflict, ValidationError
from mentoring.matches import choice, pairings, runs
from mentoring.matches.background import complete_in_background
from mentoring.matches.explain import reason_audience, reason_text
from mentoring.matches.models import MatchRun, MentorRequest, Pairing, Proposal
from mentoring.programmes.services import get_cohort
from mentoring.users.roles import Role

bp = api_blueprint("matches_api", __name__)
MANAGERS = (Role.ADMIN, Role.COORDINATOR)


def reasons_json(items: list[dict[str, Any]], audience: str = "mentee") -> list[dict[str, Any]]:
    """Reasons as codes with their parameters and the sentence ``audience`` reads."""
    return [
        {"code": r.get("code"), "params": r.get("params", {}), "text": reason_text(r, audience)}
        for r in items
    ]


def proposal_json(p: Proposal) -> dict[str, Any]:
    return {
        **fields.attributes(p, "id", "mentee_id", "mentor_id", "score", "locked", "rejected"),
        "reasons": reasons_json(p.reasons, "staff"),  # proposals are for coordinators
    }


def run_json(run: MatchRun) -> dict[str, Any]:
    return {
        **fields.attributes(
            run, "id", "cohort_id", "kind", "status", "started_at", "duration_ms", "candidates"
        ),
        **fields.attributes(run, "matched", "total_score", "parameters", "progress"),
        "unmatched": [{"user_id": int(i), "reason": str(r)} for i, r in run.unmatched],
        "proposals": [proposal_json(p) for p in run.proposals],
    }


def pairing_json(p: Pairing) -> dict[str, Any]:
    audience = reason_audience(current_user.id, p.mentee_id, p.mentor_id)
    return {
        **fields.attributes(p, "id", "mentee_id", "mentor_id", "status", "score"),
        "reasons": reasons_json(p.reasons, audience),
        **fields.attributes(p, "mentee_answer", "mentor_answer", "started_on", "planned_end_on"),
        **fields.attributes(p, "ended_on", "end_reason"),
    }


@bp.post("/cohorts/<int:cohort_id>/matching/runs")
@roles_required(*MANAGERS)
def create_run(cohort_id: int) -> ResponseReturnValue:
    """Small cohorts get the finished run (201); large ones start in the background (202)."""
    cohort = get_cohort(current_user, cohort_id)
    if runs.running_run(cohort) is not None:
        raise Conflict(_("A matching run is already working for this cohort."))
    started = runs.start_run(cohort, current_user, now=utcnow())
    if runs.waiting_count(cohort) >= current_app.config["MATCHING_BACKGROUND_FROM"]:
        complete_in_background(current_app._get_current_object(), started.id)
        return jsonify(run_json(started)), 202
    return jsonify(run_json(runs.complete_run(started.id))), 201


@bp.get("/matching/runs/<int:run_id>")
@roles_required(*MANAGERS)
def show_run(run_id: int) -> ResponseReturnValue:
    return jsonify(run_json(runs.get_run(current_user, run_id)))


@bp.post("/proposals/<int:proposal_id>/lock")
@roles_required(*MANAGERS)
def lock_proposal(proposal_id: int) -> ResponseReturnValue:
    locked = fields.field(fields.json_body(), "locked", bool)
    return jsonify(proposal_json(runs.set_locked(current_user, proposal_id, locked)))


@bp.post("/proposals/<int:proposal_id>/reject")
@roles_required(*MANAGERS)
def reject_proposal(proposal_id: int) -> ResponseReturnValue:
    rejected = fields.field(fields.json_body(), "rejected", bool)
    return jsonify(proposal_json(runs.set_rejected(current_user, proposal_id, rejected)))


@bp.post("/proposals/<int:proposal_id>/swap")
@roles_required(*MANAGERS)
def swap_proposal(proposal_id: int) -> ResponseReturnValue:
    mentor_id = fields.field(fields.json_body(), "mentor_id", int)
    return jsonify(proposal_json(runs.swap(current_user, proposal_id, mentor_id, now=utcnow())))


@bp.post("/matching/runs/<int:run_id>/publish")
@roles_required(*MANAGERS)
def publish_run(run_id: int) -> ResponseReturnValue:
    created = runs.publish(current_user, run_id, now=utcnow())
    return jsonify({"pairings": [pairing_json(p) for p in created]}), 201


@bp.get("/pairings")
def my_pairings() -> ResponseReturnValue:
    return jsonify({"pairings": [pairing_json(p) for p in pairings.pairings_of(current_user)]})


@bp.post("/pairings/<int:pairing_id>/answer")
def answer_pairing(pairing_id: int) -> ResponseReturnValue:
    data = fields.json_body()
    accept = fields.field(data, "accept", bool)
    reason = data.get("reason") or ""
    if not isinstance(reason, str) or len(reason) > 500:
        raise ValidationError(
            _("The field %(name)s is missing or of the wrong type.", name="reason")
        )
    pairing = pairings.answer(current_user, pairing_id, accept=accept, reason=reason, now=utcnow())
    return jsonify(pairing_json(pairing))


def request_json(r: MentorRequest) -> dict[str, Any]:
    return fields.attributes(
        r, "id", "mentee_id", "mentor_id", "status", "expires_at", "next_choices"
    )


@bp.get("/mentor-suggestions")
@roles_required(Role.PARTICIPANT)
def mentor_suggestions() -> ResponseReturnValue:
    found = choice.suggest_mentors(current_user, now=utcnow())
    return jsonify(
        {
            "suggestions": [
                {
                    "mentor_id": s.mentor.id,
                    "name": s.mentor.name,
                    "score": s.score,
                    "reasons": reasons_json(s.reasons),
                }
                for s in found
            ]
        }
    )


@bp.post("/mentor-requests")
@roles_required(Role.PARTICIPANT)
def create_request() -> ResponseReturnValue:
    mentor_id = fields.field(fields.json_body(), "mentor_id", int)
    return jsonify(request_json(choice.request_mentor(current_user, mentor_id, now=utcnow()))), 201


@bp.post("/mentor-requests/<int:request_id>/answer")
@roles_required(Role.MENTOR)
def answer_request(request_id: int) -> ResponseReturnValue:
    accept = fields.field(fields.json_body(), "accept", bool)
    return jsonify(
        request_json(choice.answer_request(current_user, request_id, accept=accept, now=utcnow()))
    )
