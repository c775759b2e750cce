"""OpenAPI fragment for the workplace endpoints: self-assessment, gaps and the heatmap."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import Fragment, error_responses
from mentoring.security.input import MAX_ID

ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
_NULLABLE_INT = {"type": "integer", "nullable": True}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "required": required or list(properties), "properties": properties}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}}


_SUGGESTION = _object(
    {
        "kind": {"type": "string", "enum": ["ambassador", "training"]},
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "score": {"type": "number"},
        "reasons": {"type": "array", "items": _ref("Reason")},
    }
)
_CELL = _object(
    {
        "people": {"type": "string", "description": 'A count, or "<5"'},
        "below": {"type": "string", "description": 'Share below goal ("60%"), or "<5"'},
    }
)
SCHEMAS: dict[str, Any] = {
    "SelfAssessment": _object(
        {
            "programme_id": _NULLABLE_INT,
            "round": _NULLABLE_INT,
            "tools": {
                "type": "array",
                "items": _object(
                    {
                        "tool": {"type": "string"},
                        "goal": {"type": "integer", "minimum": 1, "maximum": 5},
                        "level": {**_NULLABLE_INT, "minimum": 1, "maximum": 5},
                    }
                ),
            },
        }
    ),
    "Gap": _object(
        {
            "tool": {"type": "string"},
            "goal": {"type": "integer"},
            "self_level": _NULLABLE_INT,
            "verified": _NULLABLE_INT,
            "size": {"type": "integer", "minimum": 0},
            "suggestions": {"type": "array", "items": _SUGGESTION},
        }
    ),
    "Heatmap": _object(
        {
            "by": {"type": "string", "enum": ["unit", "occupation"]},
            "round": _NULLABLE_INT,
            "rounds": {"type": "array", "items": {"type": "integer"}},
            "tools": {"type": "array", "items": {"type": "string"}},
            "rows": {
                "type": "array",
                "items": _object(
                    {
                        "id": {"type": "integer"},
                        "label": {"type": "string"},
                        "people": {"type": "string"},
                        "cells": {"type": "object", "additionalProperties": _CELL},
                    }
                ),
            },
        }
    ),
}

_GAPS = {"type": "array", "items": _ref("Gap")}
PATHS: dict[str, Any] = {
    "/self-assessment": {
        "get": {
            "summary": "The signed-in person's goals and self-assessed levels",
            "responses": {**_ok(_ref("SelfAssessment")), **error_responses(401)},
        },
        "put": {
            "summary": "Assess oneself: a level 1-5 for exactly the tools of one's goals",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": _object(
                            {
                                "levels": {
                                    "type": "object",
                                    "additionalProperties": {
                                        "type": "integer",
                                        "minimum": 1,
                                        "maximum": 5,
                                    },
                                }
                            }
                        )
                    }
                },
            },
            "responses": {**_ok(_ref("SelfAssessment")), **error_responses(401, 413, 415, 422)},
        },
    },
    "/gaps": {
        "get": {
            "summary": "The signed-in person's gaps, largest first, with what closes them",
            "responses": {
                **_ok(
                    _object(
                        {
                            "programme_id": _NULLABLE_INT,
                            "assessed": {"type": "boolean"},
                            "gaps": _GAPS,
                        }
                    )
                ),
                **error_responses(401),
            },
        }
    },
    "/people/{user_id}/gaps": {
        "get": {
            "summary": "One person's gaps (coordinators; managers for their units' people)",
            "parameters": [{"name": "user_id", "in": "path", "required": True, "schema": ID}],
            "responses": {
                **_ok(
                    _object(
                        {
                            "user_id": {"type": "integer"},
                            "programme_id": {"type": "integer"},
                            "gaps": _GAPS,
                        }
                    )
                ),
                **error_responses(401, 403, 404, 422),
            },
        }
    },
    "/programmes/{programme_id}/heatmap": {
        "get": {
            "summary": "Share below goal per unit or occupation and tool (groups under 5: <5)",
            "parameters": [
                {"name": "programme_id", "in": "path", "required": True, "schema": ID},
                {
                    "name": "by",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "enum": ["unit", "occupation"]},
                },
                {
                    "name": "round",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 99999},
                },
            ],
            "responses": {**_ok(_ref("Heatmap")), **error_responses(400, 401, 403, 404, 422)},
        }
    },
}

FRAGMENT = Fragment(PATHS, SCHEMAS)
