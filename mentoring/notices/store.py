"""The scheduler lock and the run log, in SQL (SQLite and PostgreSQL).

Every write method first ends the session's open read transaction, as the outbox's do
(``mentoring.outbox.store``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from mentoring.db import dialect_insert
from mentoring.notices.models import SchedulerJobRun, SchedulerLock


class SqlSchedulerLock:
    """``notifications.scheduler.SchedulerLock`` as one row with a heartbeat."""

    NAME = "scheduler"

    def __init__(self, session: Session) -> None:
        self.session = session

    def acquire(self, holder: str, now: datetime, lease: timedelta) -> bool:
        self.session.commit()
        created = self.session.execute(
            dialect_insert(self.session, SchedulerLock)
            .values(name=self.NAME, holder=holder, heartbeat_at=now)
            .on_conflict_do_nothing(index_elements=["name"])
            .returning(SchedulerLock.name)
        ).all()
        if created:
            self.session.commit()
            return True
        result: Any = self.session.execute(
            sa.update(SchedulerLock)
            .where(
                SchedulerLock.name == self.NAME,
                sa.or_(SchedulerLock.holder == holder, SchedulerLock.heartbeat_at < now - lease),
            )
            .values(holder=holder, heartbeat_at=now)
        )
        self.session.commit()
        return bool(result.rowcount)

    def release(self, holder: str) -> None:
        self.session.commit()
        self.session.execute(
            sa.delete(SchedulerLock).where(
                SchedulerLock.name == self.NAME, SchedulerLock.holder == holder
            )
        )
        self.session.commit()


class SqlRunLog:
    """``notifications.scheduler.RunLog``: one row per job, overwritten by each run."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self, job: str, started_at: datetime, finished_at: datetime, ok: bool, summary: str
    ) -> None:
        values = {
            "started_at": started_at,
            "finished_at": finished_at,
            "ok": ok,
            "summary": summary[:500],
        }
        self.session.rollback()
        self.session.execute(
            dialect_insert(self.session, SchedulerJobRun)
            .values(job=job, **values)
            .on_conflict_do_update(index_elements=["job"], set_=values)
        )
        self.session.commit()
