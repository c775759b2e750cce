"""Each person's home page: what their roles let them do next, pending actions first."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, redirect, render_template, send_from_directory, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from mentoring.db import utcnow
from mentoring.home.coordinator import coordinator_home, failed_emails
from mentoring.home.counts import home_counts
from mentoring.home.host import host_home
from mentoring.home.participant import participant_home
from mentoring.paths import STATIC_DIR
from mentoring.programmes.services import enrollments_of, visible_programmes
from mentoring.users.roles import PROFILE_ROLES, STAFF_ROLES, Role

bp = Blueprint("home", __name__)
HOST_ROLES = (Role.MENTOR, Role.AMBASSADOR, Role.COACH)


def end_of_day(now: datetime, timezone: str) -> datetime:
    """The end of ``now``'s day in ``timezone``, as naive UTC."""
    zone = ZoneInfo(timezone)
    local = now.replace(tzinfo=UTC).astimezone(zone)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=zone)
    return midnight.astimezone(UTC).replace(tzinfo=None)


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
    now, user = utcnow(), current_user
    is_participant = user.has_role(Role.PARTICIPANT)
    is_host = user.has_role(*HOST_ROLES)
    counts = home_counts(user.id, now)
    return render_template(
        "home/index.html",
        participant=participant_home(user, now, counts) if is_participant else None,
        host=host_home(user, now, end_of_day(now, user.timezone)) if is_host else None,
        unread=counts.unread if is_participant or is_host else 0,
        work=coordinator_home(user, now) if user.has_role(Role.COORDINATOR) else [],
        failed=failed_emails() if user.has_role(Role.ADMIN) else 0,
        invitations=counts.invitations,
        has_profile_role=user.has_role(*PROFILE_ROLES),
        profile=counts.profile if user.has_role(*PROFILE_ROLES) else None,
        enrollments=enrollments_of(user),
        programmes=visible_programmes(user) if user.has_role(*STAFF_ROLES) else [],
    )
