"""The outbox in SQL (SQLite and PostgreSQL): queue rows, claim them, mark them done.

Every write method first ends the session's open read transaction: on SQLite in WAL mode a
transaction that read and then writes fails at once if another process wrote in between,
while a transaction that starts with a write waits politely (busy_timeout).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from mentoring.db import dialect_insert, is_postgres
from mentoring.outbox.models import OutboxMessage
from mentoring.users.models import User
from notifications.model import ClaimedMessage, Kind, OutboxItem, Status

M = OutboxMessage


@functools.cache
def _update_one(names: frozenset[str]) -> sa.Update:
    """The UPDATE of these columns of one row, built once: building it anew for every
    message showed in the sender's profile (its parameters are ``new_<column>``)."""
    return (
        sa.update(M)
        .where(M.id == sa.bindparam("message_id"))
        .values({name: sa.bindparam(f"new_{name}") for name in sorted(names)})
    )


@functools.cache
def _update_sql(names: frozenset[str], dialect: sa.Dialect) -> str:
    """``_update_one`` as the driver's SQL text, for a connection held in autocommit mode."""
    return str(_update_one(names).compile(dialect=dialect))


class SqlOutbox:
    """``notifications.ports.OutboxStore`` over the ``outbox_messages`` table.

    ``add`` also works on a bare connection (inside a flush, as
    ``mentoring.notices.booked_sessions`` queues reminders); the other methods need a session.
    ``close`` gives back the connection the marks hold on PostgreSQL (see ``_set``).
    """

    def __init__(self, session: Any) -> None:
        self.session = session
        self._marks: Connection | None = None
        self._cursor: Any = None

    def close(self) -> None:
        """Give the connection held for marks back to the pool (if one was taken)."""
        marks, self._marks, self._cursor = self._marks, None, None
        if marks is not None:
            marks.close()

    def add(self, items: Sequence[OutboxItem], now: datetime) -> int:
        """Insert new keys in the caller's transaction (no commit); return how many were new."""
        rows = [
            {
                "recipient_id": item.recipient_id,
                "address": item.address,
                "kind": item.kind.value,
                "occasion": item.occasion,
                "template": item.template,
                "context": dict(item.context),
                "status": Status.SKIPPED.value if item.skip_reason else Status.PENDING.value,
                "last_error": item.skip_reason,
                "next_attempt_at": item.not_before,
                "expires_at": item.expires_at,
                "attempts": 0,
                "created_at": now,
                "updated_at": now,
            }
            for item in items
        ]
        if not rows:
            return 0
        statement = (
            dialect_insert(self.session, M)
            .on_conflict_do_nothing(index_elements=["recipient_id", "kind", "occasion"])
            .returning(M.id)
            # One statement whatever is None: a message to an account and one to a bare
            # address must not differ in the SQL they send (see the password reset).
            .execution_options(render_nulls=True)
        )
        inserted = 0
        for start in range(0, len(rows), 2000):
            inserted += len(self.session.execute(statement, rows[start : start + 2000]).all())
        return inserted

    def claim(
        self, worker: str, now: datetime, limit: int, lease: timedelta
    ) -> list[ClaimedMessage]:
        """Take due rows with one conditional UPDATE; a row is claimed by one sender only."""
        token = f"{worker[:40]}:{uuid.uuid4().hex[:16]}"
        due = sa.or_(
            sa.and_(M.status == Status.PENDING.value, M.next_attempt_at <= now),
            sa.and_(M.status == Status.SENDING.value, M.claimed_at < now - lease),
        )
        self.session.commit()
        candidates = sa.select(M.id).where(due).order_by(M.next_attempt_at, M.id).limit(limit)
        if is_postgres(self.session):
            ids: Any = list(self.session.scalars(candidates.with_for_update(skip_locked=True)))
        else:
            ids = candidates.scalar_subquery()
        result: Any = self.session.execute(
            sa.update(M)
            .where(M.id.in_(ids), due)
            .values(
                status=Status.SENDING.value,
                claimed_by=token,
                claimed_at=now,
                attempts=M.attempts + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        self.session.commit()
        if not result.rowcount:
            return []
        rows = self.session.execute(
            sa.select(
                M.id,
                M.recipient_id,
                M.kind,
                M.occasion,
                M.template,
                M.context,
                M.attempts,
                M.expires_at,
                M.address,
                sa.func.coalesce(User.timezone, "Europe/Stockholm").label("timezone"),
            )
            .outerjoin(User, User.id == M.recipient_id)
            .where(M.claimed_by == token, M.status == Status.SENDING.value)
            .order_by(M.id)
        ).all()
        self.session.commit()
        return [
            ClaimedMessage(
                id=row.id,
                recipient_id=row.recipient_id,
                kind=Kind(row.kind),
                occasion=row.occasion,
                template=row.template,
                context=row.context or {},
                attempts=row.attempts,
                expires_at=row.expires_at,
                timezone=row.timezone,
                address=row.address,
            )
            for row in rows
        ]

    def _set(self, message_id: int, **values: Any) -> None:
        """Change one row in a transaction of its own, durable when this returns.

        The single UPDATE runs in autocommit mode: one round trip and one log flush, where
        BEGIN, UPDATE and COMMIT took three (the sender marks every message this way).
        """
        self.session.commit()
        parameters = {"message_id": message_id, **{f"new_{n}": v for n, v in values.items()}}
        if is_postgres(self.session):
            # On a connection of its own, held until ``close`` in autocommit mode, through the
            # driver's cursor: taking the session's connection, switching it to autocommit
            # and back and SQLAlchemy's execution cost 0.6 ms of processor time a mark (more
            # than the statement), and the sender is CPU-bound on a busy machine (issue 15).
            if self._marks is None:
                marks = self.session.get_bind().connect()
                self._marks = marks.execution_options(isolation_level="AUTOCOMMIT")
                self._cursor = marks.connection.driver_connection.cursor()
            sql = _update_sql(frozenset(values), self._marks.dialect)
            self._cursor.execute(sql, parameters)
            return
        # SQLite: the session's own connection (an in-memory database has only that one).
        connection = self.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        # On the connection, not the session: the ORM's bulk-update machinery cost more
        # processor time than the statement (and no ORM object is kept in step anyway).
        connection.execute(_update_one(frozenset(values)), parameters)
        self.session.commit()

    def mark_sent(self, message_id: int, now: datetime) -> None:
        self._set(message_id, status=Status.SENT.value, sent_at=now, updated_at=now)

    def mark_retry(self, message_id: int, now: datetime, error: str, retry_at: datetime) -> None:
        self._set(
            message_id,
            status=Status.PENDING.value,
            next_attempt_at=retry_at,
            last_error=error,
            updated_at=now,
        )

    def mark_failed(self, message_id: int, now: datetime, error: str) -> None:
        self._set(message_id, status=Status.FAILED.value, last_error=error, updated_at=now)

    def mark_skipped(self, message_id: int, now: datetime, reason: str) -> None:
        self._set(message_id, status=Status.SKIPPED.value, last_error=reason, updated_at=now)
