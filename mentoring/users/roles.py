"""The roles a person can hold; one person may hold several."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    PARTICIPANT = "participant"
    MENTOR = "mentor"
    AMBASSADOR = "ambassador"
    COACH = "coach"
    COORDINATOR = "coordinator"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.PARTICIPANT: _l("Participant"),
    Role.MENTOR: _l("Mentor"),
    Role.AMBASSADOR: _l("Digital ambassador"),
    Role.COACH: _l("Coach"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.MANAGER: _l("Manager"),
    Role.ADMIN: _l("Administrator"),
}

#: Roles that see other people's profiles within their programmes.
STAFF_ROLES = frozenset({Role.COACH, Role.COORDINATOR, Role.ADMIN})
#: Roles that keep a matching profile.
PROFILE_ROLES = frozenset({Role.PARTICIPANT, Role.MENTOR, Role.AMBASSADOR})
