"""The OpenAPI 3 description of /api/v1, assembled from each area's fragment.

An area adds its endpoints by listing its module in ``FRAGMENTS``; the module defines
``PATHS`` (OpenAPI path items) and may define ``SCHEMAS`` (component schemas).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

FRAGMENTS = ("mentoring.api.core_spec", "mentoring.bookings.api_spec", "mentoring.matches.api_spec")


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
        "paths": paths,
    }


def json_response(schema_ref: str, description: str) -> dict[str, Any]:
    """A response object whose JSON body is the named component schema."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }
