"""OpenAPI fragment for the matching endpoints."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import json_response

_REASON = {
    "type": "object",
    "required": ["code", "params", "text"],
    "properties": {
        "code": {"type": "string"},
        "params": {"type": "object"},
        "text": {"type": "string"},
    },
}
_REASONS = {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}}
_NULLABLE_DATE = {"type": "string", "format": "date", "nullable": True}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "required": required or list(properties), "properties": properties}


SCHEMAS: dict[str, Any] = {
    "Reason": _REASON,
    "Proposal": _object(
        {
            "id": {"type": "integer"},
            "mentee_id": {"type": "integer"},
            "mentor_id": {"type": "integer"},
            "score": {"type": "number"},
            "locked": {"type": "boolean"},
            "rejected": {"type": "boolean"},
            "reasons": _REASONS,
        }
    ),
    "MatchRun": _object(
        {
            "id": {"type": "integer"},
            "cohort_id": {"type": "integer"},
            "kind": {"type": "string"},
            "status": {"type": "string"},
            "started_at": {"type": "string"},
            "duration_ms": {"type": "integer"},
            "candidates": {"type": "integer"},
            "matched": {"type": "integer"},
            "total_score": {"type": "number"},
            "parameters": {"type": "object"},
            "progress": {"type": "string"},
            "unmatched": {
                "type": "array",
                "items": _object({"user_id": {"type": "integer"}, "reason": {"type": "string"}}),
            },
            "proposals": {"type": "array", "items": {"$ref": "#/components/schemas/Proposal"}},
        }
    ),
    "Pairing": _object(
        {
            "id": {"type": "integer"},
            "mentee_id": {"type": "integer"},
            "mentor_id": {"type": "integer"},
            "status": {
                "type": "string",
                "enum": ["proposed", "active", "paused", "declined", "ended"],
            },
            "score": {"type": "number"},
            "reasons": _REASONS,
            "mentee_answer": {"type": "string", "nullable": True},
            "mentor_answer": {"type": "string", "nullable": True},
            "started_on": _NULLABLE_DATE,
            "planned_end_on": _NULLABLE_DATE,
            "ended_on": _NULLABLE_DATE,
            "end_reason": {"type": "string", "nullable": True},
        }
    ),
    "PeerGroup": _object(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "status": {"type": "string"},
            "locked": {"type": "boolean"},
            "language": {"type": "string", "nullable": True},
            "common_hours": {"type": "array", "items": {"type": "integer"}},
            "meeting_hour": {"type": "integer", "nullable": True},
            "cadence_weeks": {"type": "integer"},
            "score": {"type": "number"},
            "member_ids": {"type": "array", "items": {"type": "integer"}},
            "reasons": _REASONS,
        }
    ),
}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _list(name: str, item: str) -> dict[str, Any]:
    return _object({name: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}})


def _errors(*codes: int) -> dict[str, Any]:
    text = {
        400: "Bad input",
        401: "Not signed in",
        403: "Role not allowed",
        404: "Not found",
        409: "Conflicts with the current state",
        415: "Not JSON",
        422: "Breaks a rule",
    }
    return {str(code): json_response("Error", text[code]) for code in codes}


def _operation(
    summary: str,
    params: list[str],
    ok: tuple[int, dict[str, Any]],
    body: dict[str, Any] | None,
    errors: tuple[int, ...],
) -> dict[str, Any]:
    status, schema = ok
    operation: dict[str, Any] = {
        "summary": summary,
        "security": [{"session": []}],
        "parameters": [_id(p) for p in params],
        "responses": {
            str(status): {"description": "OK", "content": {"application/json": {"schema": schema}}},
            **_errors(401, 403, *errors),
        },
    }
    if body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    return operation


def _with(operation: dict[str, Any], status: str, response: dict[str, Any]) -> dict[str, Any]:
    operation["responses"][status] = response
    return operation


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


_CHANGE = (404, 409, 415, 422)
PATHS: dict[str, Any] = {
    "/cohorts/{cohort_id}/matching/runs": {
        "post": _operation(
            "Run mentor matching for the cohort's people without a mentor",
            ["cohort_id"],
            (201, _ref("MatchRun")),
            None,
            (404,),
        )
    },
    "/matching/runs/{run_id}": {
        "get": _operation(
            "A matching run with its proposals", ["run_id"], (200, _ref("MatchRun")), None, (404,)
        )
    },
    "/proposals/{proposal_id}/lock": {
        "post": _operation(
            "Lock or unlock a proposal",
            ["proposal_id"],
            (200, _ref("Proposal")),
            _object({"locked": {"type": "boolean"}}),
            _CHANGE,
        )
    },
    "/proposals/{proposal_id}/reject": {
        "post": _operation(
            "Reject or restore a proposal",
            ["proposal_id"],
            (200, _ref("Proposal")),
            _object({"rejected": {"type": "boolean"}}),
            _CHANGE,
        )
    },
    "/proposals/{proposal_id}/swap": {
        "post": _operation(
            "Give the proposal's mentee another mentor",
            ["proposal_id"],
            (200, _ref("Proposal")),
            _object({"mentor_id": {"type": "integer"}}),
            _CHANGE,
        )
    },
    "/matching/runs/{run_id}/publish": {
        "post": _operation(
            "Publish a draft run's proposals as pairings",
            ["run_id"],
            (201, _list("pairings", "Pairing")),
            None,
            (404, 409),
        )
    },
    "/pairings": {
        "get": _operation(
            "The signed-in person's pairings", [], (200, _list("pairings", "Pairing")), None, ()
        )
    },
    "/pairings/{pairing_id}/answer": {
        "post": _operation(
            "Accept or decline a proposed pairing",
            ["pairing_id"],
            (200, _ref("Pairing")),
            _object({"accept": {"type": "boolean"}, "reason": {"type": "string"}}, ["accept"]),
            _CHANGE,
        )
    },
    "/cohorts/{cohort_id}/groups/suggestions": {
        "post": _operation(
            "Suggest mastermind groups for the cohort",
            ["cohort_id"],
            (
                201,
                _object(
                    {
                        "run": _ref("MatchRun"),
                        "groups": {"type": "array", "items": _ref("PeerGroup")},
                    }
                ),
            ),
            _object(
                {
                    "min_size": {"type": "integer"},
                    "max_size": {"type": "integer"},
                    "balance_attributes": {"type": "array", "items": {"type": "string"}},
                },
                ["min_size", "max_size"],
            ),
            _CHANGE,
        )
    },
    "/cohorts/{cohort_id}/groups": {
        "get": _operation(
            "The cohort's groups", ["cohort_id"], (200, _list("groups", "PeerGroup")), None, (404,)
        )
    },
    "/groups/{group_id}/move": {
        "post": _operation(
            "Move a member to another group, or out of all groups",
            ["group_id"],
            (200, _ref("PeerGroup")),
            _object(
                {
                    "user_id": {"type": "integer"},
                    "target_group_id": {"type": "integer", "nullable": True},
                },
                ["user_id"],
            ),
            _CHANGE,
        )
    },
    "/mentor-suggestions": {
        "get": _operation(
            "The signed-in participant's five best mentors with room (mentee-choice programmes)",
            [],
            (200, _list("suggestions", "MentorSuggestion")),
            None,
            (),
        )
    },
    "/mentor-requests": {
        "post": _operation(
            "Ask one of the suggested mentors",
            [],
            (201, _ref("MentorRequest")),
            _object({"mentor_id": {"type": "integer"}}),
            (409, 415, 422),
        )
    },
    "/mentor-requests/{request_id}/answer": {
        "post": _operation(
            "The mentor accepts or declines a request",
            ["request_id"],
            (200, _ref("MentorRequest")),
            _object({"accept": {"type": "boolean"}}),
            _CHANGE,
        )
    },
    "/cohorts/{cohort_id}/groups/publish": {
        "post": _operation(
            "Publish the cohort's draft groups",
            ["cohort_id"],
            (201, _list("groups", "PeerGroup")),
            _object({"cadence_weeks": {"type": "integer"}}),
            _CHANGE,
        )
    },
}
