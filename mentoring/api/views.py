"""JSON API under /api/v1, for integrations and tests."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from flask_login import current_user

from mentoring.api.openapi import openapi_document
from mentoring.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.get("/health")
def health() -> ResponseReturnValue:
    return jsonify(status="ok")


@bp.get("/me")
def me() -> ResponseReturnValue:
    if not current_user.is_authenticated:
        return jsonify(error="unauthorized", message="Sign in first."), 401
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
