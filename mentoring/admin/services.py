"""Admin views of accounts."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from mentoring.extensions import db
from mentoring.users.models import User, UserRole

PAGE_SIZE = 50


def list_users(*, search: str = "", role: str = "", page: int = 1) -> tuple[Sequence[User], int]:
    """Return one page of accounts matching the filters, and the total count."""
    query = sa.select(User)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            sa.or_(sa.func.lower(User.name).like(pattern), User.email.like(pattern))
        )
    if role:
        query = query.where(User.id.in_(sa.select(UserRole.user_id).where(UserRole.role == role)))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    users = db.session.scalars(
        query.order_by(User.name).limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)
    ).all()
    return users, total
