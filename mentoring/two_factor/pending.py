"""The half-way state of a sign-in: the password was right, the code is still to come.

Kept in the signed session cookie, not as a signed-in user: until the code is accepted the
person is anonymous everywhere else. The state names the user's session version (a password
change voids it) and lasts a few minutes.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, session

from mentoring.extensions import db
from mentoring.security.sessions import now
from mentoring.users.models import User

USER_KEY = "_2fa_user"
SINCE_KEY = "_2fa_since"
NEXT_KEY = "_2fa_next"


def start(user: User, next_url: str) -> None:
    """Begin a fresh session that waits for ``user``'s second factor."""
    session.clear()
    session[USER_KEY] = f"{user.id}:{user.session_version}"
    session[SINCE_KEY] = now().isoformat()
    session[NEXT_KEY] = next_url


def waiting_user() -> User | None:
    """Return the user whose code is awaited, if the state is still good."""
    raw, since = session.get(USER_KEY), session.get(SINCE_KEY)
    if not isinstance(raw, str) or not isinstance(since, str):
        return None
    max_age = current_app.config["TWO_FACTOR_PENDING_MAX_AGE"]
    try:
        started = datetime.fromisoformat(since)
    except ValueError:
        return None
    if now() - started > max_age:
        return None
    raw_id, _, raw_version = raw.partition(":")
    if not raw_id.isdigit() or not raw_version.isdigit():
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or not user.is_enabled or user.session_version != int(raw_version):
        return None
    return user


def waiting_key() -> str:
    """The rate-limit key of the awaited user (or of nobody, which shares one bucket)."""
    raw = session.get(USER_KEY)
    return f"2fa:{raw.partition(':')[0] if isinstance(raw, str) else '-'}"


def next_url() -> str | None:
    value = session.get(NEXT_KEY)
    return value if isinstance(value, str) else None


def finish() -> None:
    """Forget the half-way state (the caller then signs the person in on a fresh session)."""
    session.clear()
