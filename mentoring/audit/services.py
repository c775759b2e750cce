"""Record audit entries inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from mentoring.accounts.models import User
from mentoring.audit.models import AuditLog
from mentoring.extensions import db


def record(
    actor_id: int | None,
    action: str,
    *,
    subject_user_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    **details: Any,
) -> AuditLog:
    """Add an entry; it commits with the change it describes."""
    entry = AuditLog(
        actor_id=actor_id,
        action=action,
        subject_user_id=subject_user_id,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )
    db.session.add(entry)
    return entry


def record_view(viewer_id: int, subject_user_id: int, object_type: str) -> None:
    """Log that staff looked at someone's personal data, and commit it."""
    record(viewer_id, f"{object_type}.viewed", subject_user_id=subject_user_id)
    db.session.commit()


def entries(*, action: str | None = None, object_type: str | None = None) -> Sequence[AuditLog]:
    query = sa.select(AuditLog).order_by(AuditLog.id)
    if action:
        query = query.where(AuditLog.action == action)
    if object_type:
        query = query.where(AuditLog.object_type == object_type)
    return db.session.scalars(query).all()


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
