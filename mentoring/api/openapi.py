"""The OpenAPI 3 description of /api/v1, assembled from each area's fragment.

An area adds its endpoints by listing its module in ``FRAGMENTS``; the module defines
``PATHS`` (OpenAPI path items) and may define ``SCHEMAS`` (component schemas).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from mentoring.security.input import MAX_ID

FRAGMENTS = (
    "mentoring.api.core_spec",
    "mentoring.bookings.api_spec",
    "mentoring.matches.api_spec",
    "mentoring.groups.api_spec",
    "mentoring.conversations.api_spec",
    "mentoring.trainings.api_spec",
    "mentoring.workplace.api_spec",
)


def openapi_document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for name in FRAGMENTS:
        fragment = import_module(name)
        paths.update(fragment.PATHS)
        schemas.update(getattr(fragment, "SCHEMAS", {}))
    return {
        "openapi": "3.0.3",
        "info": {"title": "Mentoring API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "session"}},
        },
        # Every operation needs a signed-in session unless it says ``security: []``.
        "security": [{"session": []}],
        "paths": paths,
    }


def error_responses(*codes: int) -> dict[str, Any]:
    """JSON error responses (``{"error", "message"}``) for the given statuses."""
    return {str(code): json_response("Error", ERROR_TEXTS[code]) for code in codes}


ERROR_TEXTS = {
    400: "Bad input",
    401: "Not signed in",
    403: "The person's roles do not allow this",
    404: "No such object, or not visible to this person",
    409: "Conflicts with the current state",
    413: "The request body is too large",
    415: "Not JSON",
    422: "Breaks a rule; nothing was changed",
}


def json_response(schema_ref: str, description: str) -> dict[str, Any]:
    """A response object whose JSON body is the named component schema."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


#: Ids are PostgreSQL integers; a larger one is refused (422) or is no route (404).
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def id_param(name: str) -> dict[str, Any]:
    """A path parameter that is an object's id."""
    return {"name": name, "in": "path", "required": True, "schema": ID}


def json_body(schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """A JSON body; every write sends one (``{}`` when it has nothing to say)."""
    schema = schema or {"type": "object"}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def ok(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """A response object whose JSON body has this schema."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def ref(name: str) -> dict[str, Any]:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}
