"""``/metrics`` for Prometheus: only with the configured token, or from this machine."""

from __future__ import annotations

import hmac
from ipaddress import ip_address

from flask import Blueprint, Response, abort, current_app, request

from mentoring.operations.metrics import CONTENT_TYPE, exposition

bp = Blueprint("operations", __name__)


def may_scrape() -> bool:
    """The bearer token when one is configured; otherwise only a loopback address."""
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    try:
        return ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


@bp.get("/metrics")
def metrics() -> Response:
    if not may_scrape():
        abort(404)
    response = Response(exposition(), content_type=CONTENT_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response
