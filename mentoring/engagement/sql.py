"""Database settings for the dashboards' analytic queries."""

from __future__ import annotations

import sqlalchemy as sa

from mentoring.extensions import db


def for_analytics() -> None:
    """Tune PostgreSQL for one dashboard's analytic queries, for the rest of this transaction.

    JIT off: the queries are estimated as expensive (correlated EXISTS per enrolment), so
    PostgreSQL compiled them with LLVM, which took longer than running them (1.4 s of JIT for
    0.1 s of work at 30,000 participants in the benchmark). More work_mem: the last activity of
    100,000 people is a hash aggregate over every event, which spilled to disk at 4 MB.
    No effect on SQLite.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL jit = off"))
        db.session.execute(sa.text("SET LOCAL work_mem = '64MB'"))
