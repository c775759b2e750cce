"""Each person's home page: what their roles let them do next."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, send_from_directory, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from mentoring.accounts.roles import PROFILE_ROLES, STAFF_ROLES
from mentoring.paths import STATIC_DIR
from mentoring.profiles.services import profile_summary
from mentoring.programmes.services import enrollments_of, visible_programmes

bp = Blueprint("home", __name__)


@bp.get("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """The site icon browsers ask for on every page (a 404 there logged an error each time)."""
    return send_from_directory(
        STATIC_DIR, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=7 * 24 * 3600
    )


@bp.get("/")
def index() -> ResponseReturnValue:
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    programmes = visible_programmes(current_user) if current_user.has_role(*STAFF_ROLES) else []
    has_profile_role = current_user.has_role(*PROFILE_ROLES)
    return render_template(
        "home/index.html",
        profile=profile_summary(current_user) if has_profile_role else None,
        has_profile_role=has_profile_role,
        enrollments=enrollments_of(current_user),
        programmes=programmes,
    )
