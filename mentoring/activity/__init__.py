"""What people do, and when each of them last did anything.

The owner of one question: a person's last activity. Bookings, matches, conversations,
check-ins and the dashboards all record and read it here, so recording an event never climbs
up into the dashboards' package. Sign-ins and profile saves happen in lower areas, which
announce them with a signal; :func:`init_app` subscribes.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from mentoring.accounts.services import signed_in
from mentoring.activity.events import record_event
from mentoring.profiles.services import profile_saved
from mentoring.users.models import User


def _record_sign_in(user: User, *, at: datetime) -> None:
    record_event(user.id, "login", at)


def _record_profile_save(user: User, *, at: datetime) -> None:
    record_event(user.id, "profile_update", at)


def init_app(app: Flask) -> None:
    """Record the events of the areas below this one (subscribing twice changes nothing)."""
    signed_in.connect(_record_sign_in)
    profile_saved.connect(_record_profile_save)
