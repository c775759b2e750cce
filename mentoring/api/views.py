"""Core JSON endpoints under /api/v1: health, the signed-in person, the OpenAPI document."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user

from mentoring.api.guards import api_blueprint, require_sign_in
from mentoring.api.openapi import openapi_document

bp = api_blueprint("api", __name__, public=True)


@bp.get("/health")
def health() -> ResponseReturnValue:
    return jsonify(status="ok")


@bp.get("/me")
def me() -> ResponseReturnValue:
    refused = require_sign_in()
    if refused is not None:
        return refused
    return jsonify(
        id=current_user.id,
        name=current_user.name,
        email=current_user.email,
        roles=sorted(role.value for role in current_user.roles),
        locale=current_user.locale,
    )


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(openapi_document())
