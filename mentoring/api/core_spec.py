"""OpenAPI fragment for the core endpoints: health and the signed-in person."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import json_response

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
    },
    "Health": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string"}},
    },
    "Me": {
        "type": "object",
        "required": ["id", "name", "email", "roles", "locale"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "email": {"type": "string"},
            "roles": {"type": "array", "items": {"type": "string"}},
            "locale": {"type": "string"},
        },
    },
}

PATHS: dict[str, Any] = {
    "/health": {
        "get": {
            "summary": "Tell whether the service is up",
            "responses": {"200": json_response("Health", "Up")},
        }
    },
    "/me": {
        "get": {
            "summary": "The signed-in person",
            "security": [{"session": []}],
            "responses": {
                "200": json_response("Me", "The person"),
                "401": json_response("Error", "Not signed in"),
            },
        }
    },
}
