"""OpenAPI fragment for the core endpoints: health and the signed-in person."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import error_responses, json_response

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
            "security": [],
            "responses": {"200": json_response("Health", "Up")},
        }
    },
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "security": [],
            "responses": {
                "200": {
                    "description": "The OpenAPI 3 document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
    "/me": {
        "get": {
            "summary": "The signed-in person",
            "responses": {"200": json_response("Me", "The person"), **error_responses(401, 422)},
        }
    },
}
