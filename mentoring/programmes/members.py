"""The people of a cohort: who is enrolled now, in which role.

Matching, dashboards and reminders all ask this; they ask it here, so "enrolled now" means
one thing everywhere (an open enrolment, and the role on the account).
"""

from __future__ import annotations

import sqlalchemy as sa

from mentoring.extensions import db
from mentoring.programmes.models import Enrollment
from mentoring.users.models import UserRole
from mentoring.users.roles import Role


def member_ids(cohort_id: int, role: Role) -> sa.Select[tuple[int]]:
    """The ids of the people with ``role`` whose enrolment in the cohort is open.

    A query, not a list: callers filter, join or count it in their own statement.
    """
    return (
        sa.select(Enrollment.user_id)
        .join(
            UserRole, sa.and_(UserRole.user_id == Enrollment.user_id, UserRole.role == role.value)
        )
        .where(Enrollment.cohort_id == cohort_id, Enrollment.ended_on.is_(None))
    )


def member_count(cohort_id: int, role: Role) -> int:
    """How many people with ``role`` are enrolled in the cohort now."""
    query = sa.select(sa.func.count()).select_from(member_ids(cohort_id, role).subquery())
    return db.session.scalar(query) or 0
