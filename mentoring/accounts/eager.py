"""Load the people a list shows together with the list's rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import joinedload

from mentoring.users.models import User


def with_people(*relationships: Any) -> tuple[Any, ...]:
    """Return loader options that join the people behind ``relationships`` into the query.

    Lists show people's names: loading each person on first use costs a query per row (an
    N+1). Their roles are left to load on use, since eager roles cost a query per
    relationship and lists rarely show them.
    """
    return tuple(joinedload(rel).lazyload(User.role_rows) for rel in relationships)
