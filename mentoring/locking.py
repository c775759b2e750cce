"""Serialise competing bookings inside the database transaction.

PostgreSQL: lock the rows of the people (or the group session) involved with
``SELECT ... FOR UPDATE``, ordered by id so two transactions never deadlock.
SQLite ignores ``FOR UPDATE``; there we start the transaction with ``BEGIN IMMEDIATE``,
which takes the database's single write lock before the checks read anything, so a
check-then-insert cannot interleave with another writer. The partial unique indexes
(and on PostgreSQL the exclusion constraints) stay as the last line of defence.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from mentoring.extensions import db
from mentoring.users.models import User


def _begin_immediate_on_sqlite() -> bool:
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return False
    driver = connection.connection.driver_connection
    # Already in a transaction means this session wrote something: it holds the write lock.
    if driver is not None and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    return True


def lock_people(user_ids: Iterable[int]) -> None:
    """Hold the booking lock for these people until the transaction ends."""
    if _begin_immediate_on_sqlite():
        return
    db.session.execute(
        sa.select(User.id)
        .where(User.id.in_(sorted(set(user_ids))))
        .order_by(User.id)
        .with_for_update()
    ).all()


def lock_row(model: type, pk: int) -> None:
    """Hold a row lock on one row (a group session) until the transaction ends."""
    if _begin_immediate_on_sqlite():
        return
    table = model.__table__  # type: ignore[attr-defined]
    db.session.execute(sa.select(table.c.id).where(table.c.id == pk).with_for_update()).all()
