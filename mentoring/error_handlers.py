"""Map domain errors and HTTP errors to pages for people and JSON for the API."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, jsonify, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from mentoring.errors import DomainError
from mentoring.extensions import db, login_manager

log = logging.getLogger(__name__)
# Seconds a client should wait before trying again when the database is away.
RETRY_AFTER = 5


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _render(status: int, code: str, message: str, back: str | None = None) -> ResponseReturnValue:
    if _wants_json():
        return jsonify(error=code, message=message), status
    return render_template("errors/error.html", status=status, message=message, back=back), status


def _too_large() -> str:
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    size = f"{limit / (1024 * 1024):.0f} MB" if limit >= 1024 * 1024 else f"{limit // 1024} kB"
    return _("The file is too large: the limit is %(size)s.", size=size)


def handle_domain_error(error: DomainError) -> ResponseReturnValue:
    return _render(error.status_code, type(error).__name__.lower(), error.message)


def handle_csrf_error(error: CSRFError) -> ResponseReturnValue:
    return _render(
        400, "csrf", _("The form had expired or was not sent from this site. Please try again.")
    )


def handle_http_error(error: HTTPException) -> ResponseReturnValue:
    status = error.code or 500
    messages = {
        403: _("You do not have access to this page."),
        404: _("We could not find that page."),
        413: _too_large(),
        429: _("Too many attempts. Please wait a minute and try again."),
    }
    message = messages.get(status, error.description)
    if isinstance(error, RateLimitExceeded) and error.limit.error_message:
        message = error.description  # a limit that says what was asked too often
    # After a refused upload, offer the form again (its address answers GET too).
    back = request.path if status == 413 and request.method == "POST" else None
    response = make_response(
        _render(status, (error.name or "error").lower().replace(" ", "_"), str(message), back)
    )
    # The error's own headers (a 405's Allow, a 401's WWW-Authenticate), not its HTML type.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    if status == 405 and "Allow" not in response.headers:
        allowed = current_app.url_map.bind_to_environ(request.environ).allowed_methods()
        response.headers["Allow"] = ", ".join(sorted(allowed))
    return response


def handle_database_unavailable(error: Exception) -> ResponseReturnValue:
    """The database did not answer (restarting, unreachable, locked too long): 503, retry.

    The page is rendered as for a visitor: the signed-in person would be loaded from the
    database that just failed. The failed work is rolled back; dead pooled connections are
    replaced (``mentoring.connections``), so the next request gets a live one.
    """
    # The route, not the path: paths carry tokens (/check-in/<token>).
    rule = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
    log.warning("database unavailable on %s %s: %s", request.method, rule, type(error).__name__)
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.remove()
    g._login_user = login_manager.anonymous_user()
    message = _("The service is busy or restarting. Please try again in a moment.")
    response = make_response(_render(503, "unavailable", message))
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def init_app(app: Flask) -> None:
    for unavailable in (OperationalError, InterfaceError, PoolTimeout):
        app.register_error_handler(unavailable, handle_database_unavailable)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
