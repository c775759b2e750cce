"""Nobody uses the app before agreeing to the current privacy notice.

Signed-in people who have not agreed (or agreed to an older version) are sent to the notice
from every page; the API answers 403 with a JSON error. A few endpoints stay open: signing
out, the notice itself, the language switch, static files, and the person's own data (the
rights to see and erase it do not depend on agreeing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, jsonify, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.consents import current_version, has_consented

F = TypeVar("F", bound=Callable[..., Any])

# The notice version this session's person agreed to, kept in the (signed) session so every
# page need not ask the database: an agreement is never withdrawn, a new notice version no
# longer matches, and signing in or out starts a fresh session.
AGREED_KEY = "_consent_version"

OPEN_ENDPOINTS = frozenset(
    {
        "static",
        "home.favicon",
        "accounts.logout",
        "accounts.choose_language",
        "privacy.consent",
        "privacy.index",
        "privacy.export",
        "privacy.ask_erasure",
        "api.health",
        "api.openapi",
        # Signing in safely comes first: the two-factor gate lets the notice through in turn.
        "two_factor.setup",
        "accounts.confirm_password",
    }
)


def consent_not_required(view: F) -> F:
    """Mark a view as usable before agreeing (e.g. a step of signing in)."""
    view.consent_not_required = True  # type: ignore[attr-defined]
    return view


def _is_open(endpoint: str | None) -> bool:
    if endpoint is None or endpoint in OPEN_ENDPOINTS:
        return True  # no endpoint: a 404 follows anyway
    view = current_app.view_functions.get(endpoint)
    return bool(getattr(view, "consent_not_required", False))


def require_consent() -> ResponseReturnValue | None:
    """Send a signed-in person who has not agreed to the current notice to it."""
    if _is_open(request.endpoint) or not current_user.is_authenticated:
        return None
    version = current_version()
    if session.get(AGREED_KEY) == version:
        return None
    if "consented" not in g:
        g.consented = has_consented(current_user.id, version)
    if g.consented:
        session[AGREED_KEY] = version
        return None
    if request.path.startswith("/api/"):
        message = _("Please read and accept the privacy notice first, at /consent.")
        return jsonify(error="consent_required", message=message), 403
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("privacy.consent", next=target))


def init_app(app: Flask) -> None:
    app.before_request(require_consent)
