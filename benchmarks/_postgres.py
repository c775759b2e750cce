"""What the PostgreSQL benchmarks share: a schema of their own, COPY loading, median timings."""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from typing import Any

import pandas as pd


def schema_url(url: str, schema: str) -> str:
    """``url`` with ``schema`` first on the search path, so the benchmark's tables stand apart."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


def copy_frame(connection: Any, table: str, frame: pd.DataFrame) -> None:
    """COPY a frame into ``table`` in chunks (None and NaN become NULL)."""
    columns = ", ".join(frame.columns)
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv, NULL '\\N')") as copy:
            for start in range(0, len(frame), 250_000):
                out = io.StringIO()
                frame.iloc[start : start + 250_000].to_csv(
                    out, header=False, index=False, na_rep="\\N"
                )
                copy.write(out.getvalue())


def median_seconds(function: Callable[[], object], repeats: int) -> float:
    """The median time of ``repeats`` calls, after one call that warms caches and plans."""
    function()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def drop_schema(url: str, schema: str) -> None:
    import sqlalchemy as sa

    from mentoring.config import normalise_database_url

    engine = sa.create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()
