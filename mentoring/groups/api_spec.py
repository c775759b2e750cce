"""OpenAPI fragment for the mastermind group endpoints."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import Fragment, ref
from mentoring.groups.services import BALANCE_ATTRIBUTES
from mentoring.matches.api_spec import (
    ID,
    REASONS,
    list_schema,
    object_schema,
    read_operation,
    write_operation,
)

SCHEMAS: dict[str, Any] = {
    "PeerGroup": object_schema(
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
            "reasons": REASONS,
        }
    ),
}

_GROUPS = object_schema(
    {"run": ref("MatchRun"), "groups": {"type": "array", "items": ref("PeerGroup")}}
)
PATHS: dict[str, Any] = {
    "/cohorts/{cohort_id}/groups/suggestions": {
        "post": write_operation(
            "Suggest mastermind groups for the cohort",
            ["cohort_id"],
            (201, _GROUPS),
            object_schema(
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
        "get": read_operation(
            "The cohort's groups", ["cohort_id"], list_schema("groups", "PeerGroup")
        )
    },
    "/groups/{group_id}/move": {
        "post": write_operation(
            "Move a member to another group, or out of all groups",
            ["group_id"],
            (200, ref("PeerGroup")),
            object_schema(
                {
                    "user_id": ID,
                    "target_group_id": {**ID, "nullable": True},
                },
                ["user_id"],
            ),
        )
    },
    "/cohorts/{cohort_id}/groups/publish": {
        "post": write_operation(
            "Publish the cohort's draft groups",
            ["cohort_id"],
            (201, list_schema("groups", "PeerGroup")),
            object_schema({"cadence_weeks": {"type": "integer", "minimum": 1, "maximum": 8}}),
        )
    },
}

FRAGMENT = Fragment(PATHS, SCHEMAS)
