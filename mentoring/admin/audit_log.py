"""Reading the audit log for administrators: search by person and action, with names.

The log itself (``mentoring.audit``) sits below accounts, so every area can record into it;
reading it with people's names is the administrators' business, above accounts.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from mentoring.audit.models import AuditLog
from mentoring.extensions import db
from mentoring.users.models import User

PAGE_SIZE = 50


def search(
    *, person_id: int | None = None, action: str | None = None, page: int = 1
) -> tuple[Sequence[AuditLog], int]:
    """Return one page of entries, newest first, where the person acted or was acted upon."""
    query = sa.select(AuditLog)
    if person_id is not None:
        query = query.where(
            sa.or_(AuditLog.actor_id == person_id, AuditLog.subject_user_id == person_id)
        )
    if action:
        query = query.where(AuditLog.action == action)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(AuditLog.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return rows, total


def actions() -> list[str]:
    """Return the actions that occur in the log, for the filter."""
    return list(db.session.scalars(sa.select(AuditLog.action).distinct().order_by(AuditLog.action)))


def names_for(rows: Sequence[AuditLog]) -> dict[int, str]:
    """Return the names of the people the entries mention, by account id."""
    ids = {i for row in rows for i in (row.actor_id, row.subject_user_id) if i is not None}
    if not ids:
        return {}
    found = db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in found}
