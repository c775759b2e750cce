"""Session lifetimes: signed-in sessions end after a quiet spell and after a fixed span.

Flask's sessions live in a signed cookie, so the times travel in the cookie itself (signed,
so they cannot be pushed forward) and the per-user ``session_version`` revokes them server-side.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user, user_logged_in
from flask_login.config import COOKIE_NAME

from mentoring.db import utcnow

USER_KEY = "_user_id"  # Flask-Login's: who the session is signed in as
STARTED_KEY = "_auth_started"
SEEN_KEY = "_auth_seen"
# Refresh the "last seen" time at most this often, so not every response rewrites the cookie.
SEEN_RESOLUTION = timedelta(seconds=60)


def now() -> datetime:
    """Return the current naive UTC time from the app's clock (tests set ``CLOCK``)."""
    clock: Callable[[], datetime] = current_app.config.get("CLOCK") or utcnow
    return clock()


def _stamp(moment: datetime) -> int:
    return int(moment.replace(tzinfo=UTC).timestamp())


def _moment(stamp: Any) -> datetime | None:
    if not isinstance(stamp, int):
        return None
    return datetime.fromtimestamp(stamp, UTC).replace(tzinfo=None)


def _on_login(_app: Flask, **_extra: Any) -> None:
    stamp = _stamp(now())
    session[STARTED_KEY] = stamp
    session[SEEN_KEY] = stamp


def expired(started: datetime | None, seen: datetime | None, at: datetime) -> bool:
    """Tell whether a session begun at ``started`` and last used at ``seen`` is over at ``at``."""
    if started is None or seen is None:
        return True
    idle = current_app.config["SESSION_IDLE_TIMEOUT"]
    absolute = current_app.config["SESSION_ABSOLUTE_TIMEOUT"]
    return at - seen > idle or at - started > absolute


def enforce_timeouts() -> None:
    """Sign out a session that has idled or lived too long; otherwise note it was used.

    The person is loaded from the database only when the session's times call for a change
    (at most once a minute): a request that needs nobody (the health endpoint, static files)
    costs no query.
    """
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies
    if USER_KEY not in session and not remembered:
        return
    at = now()
    seen = _moment(session.get(SEEN_KEY))
    ended = expired(_moment(session.get(STARTED_KEY)), seen, at)
    due = seen is None or at - seen >= SEEN_RESOLUTION
    if not (ended or due) or not current_user.is_authenticated:
        return
    if ended:
        logout_user()
        session.clear()
        flash(_("Your session has ended. Please sign in again."), "info")
        return
    session[SEEN_KEY] = _stamp(at)


def init_app(app: Flask) -> None:
    """Check session lifetimes before every request of ``app``."""
    user_logged_in.connect(_on_login, app)
    app.before_request(enforce_timeouts)
