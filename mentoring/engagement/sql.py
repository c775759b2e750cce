"""Database settings and a lean fetch for the dashboards' analytic queries."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd
import sqlalchemy as sa

from mentoring.extensions import db


def for_analytics() -> None:
    """Tune PostgreSQL for one dashboard's analytic queries, for the rest of this transaction.

    JIT off: the queries are estimated as expensive, so PostgreSQL compiled them with LLVM,
    which took longer than running them (1.4 s of JIT for 0.1 s of work at 30,000 participants
    in the benchmark). More work_mem: hash joins over 100,000 people spilled to disk at 4 MB.
    No effect on SQLite.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL jit = off"))
        db.session.execute(sa.text("SET LOCAL work_mem = '64MB'"))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a million short-lived row values are made.

    They hold no cycles, yet their sheer number set off full collections of the whole heap,
    which took as long as the query (profiled in benchmarks/bench_engagement.py).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fetch_frame(
    query: sa.Select, columns: Sequence[str], *, times: Sequence[str] = ()
) -> pd.DataFrame:
    """Run ``query`` and return its rows as a frame, ``times`` columns as datetime64.

    The driver's plain tuples go straight to pandas: building 100,000 SQLAlchemy rows took
    longer than the query itself. Without SQLAlchemy's result processing SQLite gives dates as
    ISO strings and booleans as 0/1, hence the conversions (callers cast their booleans).
    """
    result = db.session.connection().execute(query)
    with _collector_paused():
        try:
            rows = result.cursor.fetchall() if result.cursor is not None else []
        finally:
            result.close()
        frame = pd.DataFrame.from_records(rows, columns=list(columns), nrows=len(rows))
        del rows
    for column in times:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return frame


def seconds_between(
    start: sa.ColumnElement[Any], end: sa.ColumnElement[Any]
) -> sa.ColumnElement[float]:
    """Seconds from ``start`` to ``end`` (timestamps), in SQL that both databases understand."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.extract("epoch", end - start)
    return (sa.func.julianday(end) - sa.func.julianday(start)) * 86400.0
