"""OpenAPI fragment for the matching endpoints, and the helpers the groups fragment shares."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import Fragment, error_responses, ref
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
REASONS = {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}}
_NULLABLE_DATE = {"type": "string", "format": "date", "nullable": True}


def object_schema(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """An object schema; every property is required unless ``required`` says which."""
    return {"type": "object", "required": required or list(properties), "properties": properties}


SCHEMAS: dict[str, Any] = {
    "Reason": _REASON,
    "Proposal": object_schema(
        {
            "id": {"type": "integer"},
            "mentee_id": {"type": "integer"},
            "mentor_id": {"type": "integer"},
            "score": {"type": "number"},
            "locked": {"type": "boolean"},
            "rejected": {"type": "boolean"},
            "reasons": REASONS,
        }
    ),
    "MatchRun": object_schema(
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
                "items": object_schema(
                    {"user_id": {"type": "integer"}, "reason": {"type": "string"}}
                ),
            },
            "proposals": {"type": "array", "items": {"$ref": "#/components/schemas/Proposal"}},
        }
    ),
    "Pairing": object_schema(
        {
            "id": {"type": "integer"},
            "mentee_id": {"type": "integer"},
            "mentor_id": {"type": "integer"},
            "status": {
                "type": "string",
                "enum": ["proposed", "active", "paused", "declined", "ended"],
            },
            "score": {"type": "number"},
            "reasons": REASONS,
            "mentee_answer": {"type": "string", "nullable": True},
            "mentor_answer": {"type": "string", "nullable": True},
            "started_on": _NULLABLE_DATE,
            "planned_end_on": _NULLABLE_DATE,
            "ended_on": _NULLABLE_DATE,
            "end_reason": {"type": "string", "nullable": True},
        }
    ),
    "MentorSuggestion": object_schema(
        {
            "mentor_id": {"type": "integer"},
            "name": {"type": "string"},
            "score": {"type": "number"},
            "reasons": REASONS,
        }
    ),
    "MentorRequest": object_schema(
        {
            "id": {"type": "integer"},
            "mentee_id": {"type": "integer"},
            "mentor_id": {"type": "integer"},
            "status": {"type": "string"},
            "expires_at": {"type": "string"},
            "next_choices": {"type": "array", "items": {"type": "integer"}},
        }
    ),
}


#: Ids are PostgreSQL integers; a larger one is refused (422) or is no route (404).
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": ID}


def list_schema(name: str, item: str) -> dict[str, Any]:
    """An object whose one property ``name`` lists the component schema ``item``."""
    return object_schema(
        {name: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}}
    )


def _ok(status: int, schema: dict[str, Any]) -> dict[str, Any]:
    return {str(status): {"description": "OK", "content": {"application/json": {"schema": schema}}}}


def read_operation(summary: str, params: list[str], schema: dict[str, Any]) -> dict[str, Any]:
    """A read: 404 when it names an object the person may not see."""
    errors = (401, 403, 404, 422) if params else (401, 403, 422)
    return {
        "summary": summary,
        "parameters": [_id(p) for p in params],
        "responses": {**_ok(200, schema), **error_responses(*errors)},
    }


def write_operation(
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


_CREATE_RUN = write_operation(
    "Run mentor matching for the cohort's people without a mentor",
    ["cohort_id"],
    (201, ref("MatchRun")),
)
# Large cohorts are matched in the background: the run comes back at once, to be polled.
_CREATE_RUN["responses"].update(_ok(202, ref("MatchRun")))
PATHS: dict[str, Any] = {
    "/cohorts/{cohort_id}/matching/runs": {"post": _CREATE_RUN},
    "/matching/runs/{run_id}": {
        "get": read_operation("A matching run with its proposals", ["run_id"], ref("MatchRun"))
    },
    "/proposals/{proposal_id}/lock": {
        "post": write_operation(
            "Lock or unlock a proposal",
            ["proposal_id"],
            (200, ref("Proposal")),
            object_schema({"locked": {"type": "boolean"}}),
        )
    },
    "/proposals/{proposal_id}/reject": {
        "post": write_operation(
            "Reject or restore a proposal",
            ["proposal_id"],
            (200, ref("Proposal")),
            object_schema({"rejected": {"type": "boolean"}}),
        )
    },
    "/proposals/{proposal_id}/swap": {
        "post": write_operation(
            "Give the proposal's mentee another mentor",
            ["proposal_id"],
            (200, ref("Proposal")),
            object_schema({"mentor_id": ID}),
        )
    },
    "/matching/runs/{run_id}/publish": {
        "post": write_operation(
            "Publish a draft run's proposals as pairings",
            ["run_id"],
            (201, list_schema("pairings", "Pairing")),
        )
    },
    "/pairings": {
        "get": read_operation(
            "The signed-in person's pairings", [], list_schema("pairings", "Pairing")
        )
    },
    "/pairings/{pairing_id}/answer": {
        "post": write_operation(
            "Accept or decline a proposed pairing",
            ["pairing_id"],
            (200, ref("Pairing")),
            object_schema(
                {"accept": {"type": "boolean"}, "reason": {"type": "string", "maxLength": 500}},
                ["accept"],
            ),
        )
    },
    "/mentor-suggestions": {
        "get": read_operation(
            "The signed-in participant's five best mentors with room (mentee-choice programmes)",
            [],
            list_schema("suggestions", "MentorSuggestion"),
        )
    },
    "/mentor-requests": {
        "post": write_operation(
            "Ask one of the suggested mentors",
            [],
            (201, ref("MentorRequest")),
            object_schema({"mentor_id": ID}),
        )
    },
    "/mentor-requests/{request_id}/answer": {
        "post": write_operation(
            "The mentor accepts or declines a request",
            ["request_id"],
            (200, ref("MentorRequest")),
            object_schema({"accept": {"type": "boolean"}}),
        )
    },
}

FRAGMENT = Fragment(PATHS, SCHEMAS)
