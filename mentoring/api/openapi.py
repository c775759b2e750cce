"""The OpenAPI 3 description of /api/v1, assembled from the fragments the areas register.

Each area describes its endpoints in an ``api_spec`` module whose ``FRAGMENT`` holds its path
items and the component schemas they name; the app factory registers them in document order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from mentoring.security.input import MAX_ID


@dataclass(frozen=True)
class Fragment:
    """One area's part of the document: OpenAPI path items and the schemas they refer to."""

    paths: Mapping[str, Any]
    schemas: Mapping[str, Any] = field(default_factory=dict)


def register(app: Flask, fragment: Fragment) -> None:
    """Add an area's endpoints to the app's document, after those registered before."""
    app.extensions.setdefault("openapi_fragments", []).append(fragment)


def openapi_document(app: Flask) -> dict[str, Any]:
    """The document of every fragment registered on ``app``."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for fragment in app.extensions.get("openapi_fragments", []):
        paths.update(fragment.paths)
        schemas.update(fragment.schemas)
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
