"""What the PostgreSQL benchmarks share: the database, a schema of their own, COPY, timings."""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import pandas as pd


def quick_option(doc: str | None, quick: str) -> bool:
    """Parse the one option of a benchmark, ``--quick`` (``quick`` says what it measures then)."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=quick)
    return bool(parser.parse_args().quick)


def database_url(benchmark: str, purpose: str = "") -> str | None:
    """BENCH_DATABASE_URL, else TEST_DATABASE_URL; without either, say ``benchmark`` is skipped."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url:
        print(
            f"{benchmark}: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL "
            f"to a PostgreSQL database{purpose})"
        )
    return url or None


def users_frame(ids: Any, email: str, name: str, *, locale: str, created_at: Any) -> pd.DataFrame:
    """Rows for ``users``; ``email`` and ``name`` are formats of the id ("p{}@bench.example")."""
    return pd.DataFrame(
        {
            "id": ids,
            "email": [email.format(i) for i in ids],
            "name": [name.format(i) for i in ids],
            "locale": locale,
            "timezone": "Europe/Stockholm",
            "is_enabled": True,
            "session_version": 0,
            "created_at": created_at,
        }
    )


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


def app_on_schema(url: str, schema: str) -> Any:
    """An app whose tables are those of the benchmark's schema."""
    from mentoring import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URI": schema_url(url, schema), "SECRET_KEY": "bench", "TESTING": True}
    )


def median_seconds(function: Callable[[], object], repeats: int, *, warm_up: bool = True) -> float:
    """The median time of ``repeats`` calls, after one call that warms caches and plans."""
    if warm_up:
        function()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def median_per_view(functions: list[Callable[[], object]], repeats: int) -> list[float]:
    """``median_seconds`` of each view's service call, rolling its session back between views."""
    from mentoring.extensions import db

    medians = []
    for function in functions:
        medians.append(median_seconds(function, repeats))
        db.session.rollback()
    db.engine.dispose()
    return medians


def create_schema(connection: Any, schema: str) -> None:
    """Make ``schema`` anew, first on the connection's search path, with every table in it."""
    import sqlalchemy as sa

    import mentoring.models  # noqa: F401  (every table on db.metadata)
    from mentoring.extensions import db

    connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    connection.execute(sa.text(f"SET search_path TO {schema}"))
    db.metadata.create_all(connection)


def drop_schema(url: str, schema: str) -> None:
    import sqlalchemy as sa

    from mentoring.config import normalise_database_url

    engine = sa.create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()
