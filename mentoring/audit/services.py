"""Record audit entries inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

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
