"""Where session reminders learn about booked sessions.

The source is looked up per call, so an app (or a test) can hand over its own through
``app.extensions["notices_session_source"]``: a callable from a SQLAlchemy session to a
``notifications.sources.SessionSource``.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from mentoring.notices.booked_sessions import SqlSessions
from notifications.sources import SessionSource

EXTENSION = "notices_session_source"


def session_source(session: Session) -> SessionSource:
    """Return the configured session source: bookings and group sessions by default."""
    factory = current_app.extensions.get(EXTENSION)
    if factory is None:
        return SqlSessions(session)
    source: SessionSource = factory(session)
    return source
