"""Database settings for the dashboards' analytic queries."""

from __future__ import annotations

import sqlalchemy as sa

from mentoring.extensions import db


def without_jit() -> None:
    """Turn PostgreSQL's JIT off for the rest of this transaction.

    The dashboards' queries are estimated as expensive (correlated EXISTS per enrolment), so
    PostgreSQL compiles them with LLVM; at 100,000 participants that took longer than running
    them (1.4 s of JIT for 0.1 s of work in the benchmark). No effect on SQLite.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL jit = off"))
