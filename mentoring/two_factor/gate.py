"""Administrators and coordinators set up two-factor sign-in before anything else.

Someone holding such a role who has no second factor yet (new staff, a role just granted, a
reset after a lost phone) is sent to the set-up page from every page; the API answers 403.
"""

from __future__ import annotations

from flask import Flask, flash, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.views import SECOND_STEP
from mentoring.two_factor import pending
from mentoring.two_factor.services import is_enabled, is_required
from mentoring.users.models import User

OPEN_ENDPOINTS = frozenset(
    {
        "static",
        "home.favicon",
        "accounts.logout",
        "accounts.choose_language",
        "accounts.confirm_password",
        "two_factor.setup",
        # The privacy notice has its own gate; each lets the other's page through.
        "privacy.consent",
        "api.health",
        "api.openapi",
    }
)


def require_two_factor() -> ResponseReturnValue | None:
    """Send staff without a second factor to set one up."""
    if request.endpoint is None or request.endpoint in OPEN_ENDPOINTS:
        return None  # before asking who it is: open endpoints need nobody loaded
    if not current_user.is_authenticated or not is_required(current_user):
        return None
    if is_enabled(current_user.id):
        return None
    if request.path.startswith("/api/"):
        message = _("Set up two-factor sign-in first, at /account/two-factor/setup.")
        return jsonify(error="two_factor_required", message=message), 403
    flash(_("Your role requires two-factor sign-in. Please set it up now."), "info")
    return redirect(url_for("two_factor.setup"))


def ask_for_code(user: User, target: str) -> ResponseReturnValue | None:
    """After the password: people with a second factor are asked for its code."""
    if not is_enabled(user.id):
        return None
    pending.start(user, target)
    return redirect(url_for("two_factor.sign_in_code"))


def init_app(app: Flask) -> None:
    app.before_request(require_two_factor)
    app.extensions[SECOND_STEP] = ask_for_code
