"""Core JSON endpoints under /api/v1: health, readiness, the signed-in person, OpenAPI."""

from __future__ import annotations

from flask import current_app, jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user

from mentoring.api.guards import api_blueprint, require_sign_in
from mentoring.api.openapi import openapi_document
from mentoring.error_handlers import RETRY_AFTER
from mentoring.readiness import check_readiness

bp = api_blueprint("api", __name__, public=True)


@bp.get("/health")
def health() -> ResponseReturnValue:
    return jsonify(status="ok")


@bp.get("/ready")
def ready() -> ResponseReturnValue:
    """Whether this instance can serve: the database answers (and Redis, where configured)."""
    readiness = check_readiness(current_app.config.get("RATELIMIT_STORAGE_URI"))
    if readiness.ready:
        return jsonify(status="ready", checks=readiness.checks)
    body = jsonify(
        error="unavailable",
        message="Not ready: a service it needs does not answer.",
        checks=readiness.checks,
    )
    return body, 503, {"Retry-After": str(RETRY_AFTER)}


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
    return jsonify(openapi_document(current_app))
