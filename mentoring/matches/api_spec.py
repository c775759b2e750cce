"""OpenAPI fragment for the matching endpoints."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import error_responses
from mentoring.groups.services import BALANCE_ATTRIBUTES
from mentoring.security.input import MAX_ID

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
    "MentorSuggestion": _object(
        {
            "mentor_id": {"type": "integer"},
            "name": {"type": "string"},
            "score": {"type": "number"},
            "reasons": _REASONS,
        }
    ),
    "MentorRequest": _object(
        {
            "id": {"type": "integer"},
            "mentee_id": {"type": "integer"},
            "mentor_id": {"type": "integer"},
            "status": {"type": "string"},
            "expires_at": {"type": "string"},
            "next_choices": {"type": "array", "items": {"type": "integer"}},
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


#: Ids are PostgreSQL integers; a larger one is refused (422) or is no route (404).
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": ID}


def _list(name: str, item: str) -> dict[str, Any]:
    return _object({name: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}})


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _ok(status: int, schema: dict[str, Any]) -> dict[str, Any]:
    return {str(status): {"description": "OK", "content": {"application/json": {"schema": schema}}}}


def _get(summary: str, params: list[str], schema: dict[str, Any]) -> dict[str, Any]:
    """A read: 404 when it names an object the person may not see."""
    errors = (401, 403, 404, 422) if params else (401, 403, 422)
    return {
        "summary": summary,
        "parameters": [_id(p) for p in params],
        "responses": {**_ok(200, schema), **error_responses(*errors)},
    }


def _post(
    summary: str,
    params: list[str],
    ok: tuple[int, dict[str, Any]],
    body: dict[str, Any] | None = None,
    conflicts: bool = True,
) -> dict[str, Any]:
    """A write: always a JSON body (``{}`` when it needs nothing), refused with JSON errors."""
    errors = [401, 403, 413, 415, 422]
    errors += [404] if params else []
    errors += [409] if conflicts else []
    return {
        "summary": summary,
        "parameters": [_id(p) for p in params],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body or {"type": "object"}}},
        },
        "responses": {**_ok(*ok), **error_responses(*sorted(errors))},
    }


_GROUPS = _object(
    {"run": _ref("MatchRun"), "groups": {"type": "array", "items": _ref("PeerGroup")}}
)
_CREATE_RUN = _post(
    "Run mentor matching for the cohort's people without a mentor",
    ["cohort_id"],
    (201, _ref("MatchRun")),
)
# Large cohorts are matched in the background: the run comes back at once, to be polled.
_CREATE_RUN["responses"].update(_ok(202, _ref("MatchRun")))
PATHS: dict[str, Any] = {
    "/cohorts/{cohort_id}/matching/runs": {"post": _CREATE_RUN},
    "/matching/runs/{run_id}": {
        "get": _get("A matching run with its proposals", ["run_id"], _ref("MatchRun"))
    },
    "/proposals/{proposal_id}/lock": {
        "post": _post(
            "Lock or unlock a proposal",
            ["proposal_id"],
            (200, _ref("Proposal")),
            _object({"locked": {"type": "boolean"}}),
        )
    },
    "/proposals/{proposal_id}/reject": {
        "post": _post(
            "Reject or restore a proposal",
            ["proposal_id"],
            (200, _ref("Proposal")),
            _object({"rejected": {"type": "boolean"}}),
        )
    },
    "/proposals/{proposal_id}/swap": {
        "post": _post(
            "Give the proposal's mentee another mentor",
            ["proposal_id"],
            (200, _ref("Proposal")),
            _object({"mentor_id": ID}),
        )
    },
    "/matching/runs/{run_id}/publish": {
        "post": _post(
            "Publish a draft run's proposals as pairings",
            ["run_id"],
            (201, _list("pairings", "Pairing")),
        )
    },
    "/pairings": {"get": _get("The signed-in person's pairings", [], _list("pairings", "Pairing"))},
    "/pairings/{pairing_id}/answer": {
        "post": _post(
            "Accept or decline a proposed pairing",
            ["pairing_id"],
            (200, _ref("Pairing")),
            _object(
                {"accept": {"type": "boolean"}, "reason": {"type": "string", "maxLength": 500}},
                ["accept"],
            ),
        )
    },
    "/cohorts/{cohort_id}/groups/suggestions": {
        "post": _post(
            "Suggest mastermind groups for the cohort",
            ["cohort_id"],
            (201, _GROUPS),
            _object(
                {
                    "min_size": {"type": "integer", "minimum": 2, "maximum": 12},
                    "max_size": {"type": "integer", "minimum": 2, "maximum": 12},
                    "balance_attributes": {
                        "type": "array",
                        "items": {"type": "string", "enum": list(BALANCE_ATTRIBUTES)},
                    },
                },
                ["min_size", "max_size"],
            ),
        )
    },
    "/cohorts/{cohort_id}/groups": {
        "get": _get("The cohort's groups", ["cohort_id"], _list("groups", "PeerGroup"))
    },
    "/groups/{group_id}/move": {
        "post": _post(
            "Move a member to another group, or out of all groups",
            ["group_id"],
            (200, _ref("PeerGroup")),
            _object(
                {
                    "user_id": ID,
                    "target_group_id": {**ID, "nullable": True},
                },
                ["user_id"],
            ),
        )
    },
    "/mentor-suggestions": {
        "get": _get(
            "The signed-in participant's five best mentors with room (mentee-choice programmes)",
            [],
            _list("suggestions", "MentorSuggestion"),
        )
    },
    "/mentor-requests": {
        "post": _post(
            "Ask one of the suggested mentors",
            [],
            (201, _ref("MentorRequest")),
            _object({"mentor_id": ID}),
        )
    },
    "/mentor-requests/{request_id}/answer": {
        "post": _post(
            "The mentor accepts or declines a request",
            ["request_id"],
            (200, _ref("MentorRequest")),
            _object({"accept": {"type": "boolean"}}),
        )
    },
    "/cohorts/{cohort_id}/groups/publish": {
        "post": _post(
            "Publish the cohort's draft groups",
            ["cohort_id"],
            (201, _list("groups", "PeerGroup")),
            _object({"cadence_weeks": {"type": "integer", "minimum": 1, "maximum": 8}}),
        )
    },
}
