"""Import every model so metadata is complete (for Alembic and ``create_all``)."""

from __future__ import annotations

from mentoring.accounts.models import User, UserRole
from mentoring.profiles.models import Profile, ProfileLanguage, ProfileSkill
from mentoring.programmes.models import Cohort, Enrollment, Programme, ProgrammeStaff

__all__ = [
    "Cohort",
    "Enrollment",
    "Profile",
    "ProfileLanguage",
    "ProfileSkill",
    "Programme",
    "ProgrammeStaff",
    "User",
    "UserRole",
]
