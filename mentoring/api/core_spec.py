"""OpenAPI fragment for the core endpoints: health and the signed-in person."""

from __future__ import annotations

from typing import Any

from mentoring.api.openapi import Fragment, error_responses, json_response

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
    "Readiness": {
        "type": "object",
        "required": ["status", "checks"],
        "properties": {
            "status": {"type": "string", "enum": ["ready"]},
            "checks": {"$ref": "#/components/schemas/ReadinessChecks"},
        },
    },
    "NotReady": {
        "type": "object",
        "required": ["error", "message", "checks"],
        "properties": {
            "error": {"type": "string", "enum": ["unavailable"]},
            "message": {"type": "string"},
            "checks": {"$ref": "#/components/schemas/ReadinessChecks"},
        },
    },
    "ReadinessChecks": {
        "type": "object",
        "required": ["database"],
        "properties": {
            "database": {"type": "string", "enum": ["ok", "unavailable"]},
            "redis": {"type": "string", "enum": ["ok", "unavailable"]},
        },
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
    "/ready": {
        "get": {
            "summary": "Tell whether this instance can serve: the database (and Redis) answer",
            "security": [],
            "responses": {
                "200": json_response("Readiness", "Ready"),
                "503": json_response("NotReady", "A service it needs does not answer"),
            },
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

FRAGMENT = Fragment(PATHS, SCHEMAS)
