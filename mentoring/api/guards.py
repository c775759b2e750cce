"""Rules every /api/v1 request obeys, whichever area's blueprint serves it."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from mentoring.extensions import csrf
from mentoring.security.input import refuse_unstorable_input

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def require_json_writes() -> ResponseReturnValue | None:
    """Refuse writes that are not JSON.

    The API is exempt from the form CSRF token; a cross-site page cannot send
    ``application/json`` without a CORS preflight, which we never grant.
    """
    if request.method not in SAFE_METHODS and not request.is_json:
        return jsonify(error="unsupported_media_type", message="Send JSON (application/json)."), 415
    return None


def require_sign_in() -> ResponseReturnValue | None:
    if not current_user.is_authenticated:
        return jsonify(error="unauthorized", message="Sign in first."), 401
    return None


def api_blueprint(name: str, import_name: str, *, public: bool = False) -> Blueprint:
    """Create a blueprint under /api/v1 with the API's rules; ``public`` skips the sign-in check."""
    bp = Blueprint(name, import_name, url_prefix="/api/v1")
    csrf.exempt(bp)
    # Who asks comes first: without a session every request is a 401, whatever its body.
    if not public:
        bp.before_request(require_sign_in)
    bp.before_request(require_json_writes)
    bp.before_request(refuse_unstorable_input)
    return bp
