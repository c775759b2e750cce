"""Benchmark the workplace heatmap and before/after view on PostgreSQL against a plain scan.

    python benchmarks/bench_workplace.py [--quick]

Needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL); without it, says so and exits 0.
In a schema of its own (``bench_workplace``, dropped afterwards) it bulk-loads with COPY an
organisation of 2 departments and 40 units, 6 occupations with goals for 30 tools (and some
units' own goals), 20,000 employees (--quick: 2,000) and their self-assessments of all 30
tools in round 1 and, for 70 % of them, in round 2 (about a million rows). It then times the
views' service calls and prints each as a ratio to ``SELECT count(*) FROM self_assessments``
measured in the same run. The issue's target: the heatmap and the before/after view within
10x of that scan. The rows carry their person's unit, occupation and goal, as the app keeps
them (``mentoring.workplace.stamping``), so each view is one grouped scan of the answers.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import _postgres as pg  # noqa: E402

SCHEMA = "bench_workplace"
NOW = datetime(2026, 11, 1, 12)
DEPARTMENTS = 2
UNITS_PER_DEPARTMENT = 20
OCCUPATIONS = 6
TOOLS = [f"Tool {n:02d}" for n in range(1, 31)]
TARGET = 10.0


def _organisation() -> dict[str, pd.DataFrame]:
    departments = list(range(1, DEPARTMENTS + 1))
    unit_ids = list(range(DEPARTMENTS + 1, DEPARTMENTS + DEPARTMENTS * UNITS_PER_DEPARTMENT + 1))
    units = pd.DataFrame(
        {
            "id": departments + unit_ids,
            "organisation_id": 1,
            "parent_id": pd.array(
                [None] * DEPARTMENTS
                + [1 + (i - DEPARTMENTS - 1) // UNITS_PER_DEPARTMENT for i in unit_ids],
                dtype="Int64",
            ),
            "name": [f"Department {d}" for d in departments] + [f"Unit {u}" for u in unit_ids],
        }
    )
    occupations = pd.DataFrame(
        {
            "id": range(1, OCCUPATIONS + 1),
            "programme_id": 1,
            "name": [f"Occupation {o}" for o in range(1, OCCUPATIONS + 1)],
        }
    )
    rng = np.random.default_rng(3)
    wide = [
        (occupation, None, tool, int(rng.integers(2, 5)))
        for occupation in range(1, OCCUPATIONS + 1)
        for tool in TOOLS
    ]
    # Some units need more of a few tools than the occupation does elsewhere.
    narrow = [(o, unit_ids[o * 3], TOOLS[o], 5) for o in range(1, OCCUPATIONS + 1)]
    goals = pd.DataFrame(wide + narrow, columns=["occupation_id", "unit_id", "tool", "level"])
    goals["unit_id"] = goals["unit_id"].astype("Int64")
    goals.insert(0, "programme_id", 1)
    goals.insert(0, "id", range(1, len(goals) + 1))
    return {"org_units": units, "occupations": occupations, "knowledge_goals": goals}


def _people(rng: np.random.Generator, n: int) -> dict[str, pd.DataFrame]:
    ids = np.arange(1, n + 1)
    users = pg.users_frame(ids, "e{}@bench.example", "Employee {}", locale="sv", created_at=NOW)
    units = rng.integers(DEPARTMENTS + 1, DEPARTMENTS + DEPARTMENTS * UNITS_PER_DEPARTMENT + 1, n)
    enrolments = pd.DataFrame(
        {
            "id": ids,
            "cohort_id": 1,
            "user_id": ids,
            "started_on": date(2026, 8, 24),
            "unit_id": units,
            "occupation_id": rng.integers(1, OCCUPATIONS + 1, n),
        }
    )
    return {"users": users, "enrollments": enrolments}


def _assessments(
    rng: np.random.Generator, people: pd.DataFrame, goals: pd.DataFrame
) -> pd.DataFrame:
    """Every employee's answers in round 1, and most of them again, a little higher, in round 2.

    Each row carries the person's unit, occupation and goal, as the app writes them.
    """
    n, tools = len(people), len(TOOLS)
    users = np.repeat(people["user_id"].to_numpy(), tools)
    first = pd.DataFrame(
        {
            "round_id": 1,
            "user_id": users,
            "tool": np.tile(TOOLS, n),
            "level": rng.integers(1, 5, n * tools),
            "assessed_at": NOW,
            "unit_id": np.repeat(people["unit_id"].to_numpy(), tools),
            "occupation_id": np.repeat(people["occupation_id"].to_numpy(), tools),
        }
    )
    wide = goals[goals["unit_id"].isna()][["occupation_id", "tool", "level"]]
    narrow = goals[goals["unit_id"].notna()][["occupation_id", "unit_id", "tool", "level"]]
    first = first.merge(wide.rename(columns={"level": "goal"}), on=["occupation_id", "tool"])
    first = first.merge(
        narrow.rename(columns={"level": "unit_goal"}).astype({"unit_id": "int64"}),
        on=["occupation_id", "unit_id", "tool"],
        how="left",
    )
    first["goal"] = first["unit_goal"].fillna(first["goal"]).astype("int64")
    first = first.drop(columns="unit_goal")
    again = first["user_id"].isin(people["user_id"][rng.random(n) < 0.7])
    second = first[again].copy()
    second["round_id"] = 2
    second["level"] = np.minimum(5, second["level"] + rng.integers(0, 3, len(second)))
    return pd.concat([first, second], ignore_index=True)


def load(url: str, employees: int) -> tuple[float, int]:
    """Create the schema and its tables, and COPY the data in; return seconds and rows."""
    import sqlalchemy as sa

    from mentoring.config import normalise_database_url

    started = time.perf_counter()
    rng = np.random.default_rng(7)
    engine = sa.create_engine(normalise_database_url(pg.schema_url(url, SCHEMA)))
    with engine.begin() as connection:
        pg.create_schema(connection, SCHEMA)
        connection.execute(
            sa.text("INSERT INTO organisations (id, name, created_at) VALUES (1, 'Bench', :now)"),
            {"now": NOW},
        )
        connection.execute(
            sa.text(
                "INSERT INTO programmes (id, name, description, languages, skill_catalogue,"
                " tool_goals, default_meeting_format, timezone, retention_months,"
                " organisation_id, created_at) VALUES (1, 'Bench', '', '[]', '[]', '{}',"
                " 'either', 'Europe/Stockholm', 24, 1, :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            sa.text(
                "INSERT INTO cohorts (id, programme_id, name, starts_on)"
                " VALUES (1, 1, 'Staff', '2026-08-24')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO assessment_rounds (id, programme_id, number, starts_on, created_at)"
                " VALUES (1, 1, 1, '2026-08-24', :now), (2, 1, 2, '2026-11-30', :now)"
            ),
            {"now": NOW},
        )
    organisation, people = _organisation(), _people(rng, employees)
    answers = _assessments(rng, people["enrollments"], organisation["knowledge_goals"])
    tables = {**organisation, **people, "self_assessments": answers}
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        for table, frame in tables.items():
            pg.copy_frame(connection, table, frame)
        connection.commit()
    finally:
        raw.close()
    raw = engine.raw_connection()
    try:
        raw.driver_connection.autocommit = True
        with raw.driver_connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        raw.close()
    engine.dispose()
    return time.perf_counter() - started, len(answers)


def measure(url: str, repeats: int) -> list[tuple[str, float, bool]]:
    """Median seconds of the scan and of each view's service call (and whether it is a target)."""
    import sqlalchemy as sa

    from mentoring.extensions import db
    from mentoring.programmes.models import Programme
    from mentoring.workplace.heatmap import before_after, heatmap
    from mentoring.workplace.organisation import descendant_ids, organisation_units

    app = pg.app_on_schema(url, SCHEMA)
    with app.test_request_context():
        programme = db.session.get(Programme, 1)
        assert programme is not None
        department = descendant_ids(organisation_units(1), [1])
        views: list[tuple[str, Callable[[], object], bool]] = [
            ("SELECT count(*) FROM self_assessments", lambda: db.session.scalar(
                sa.text("SELECT count(*) FROM self_assessments")
            ), False),
            ("heatmap, units x tools (latest round)", lambda: heatmap(programme), True),
            ("heatmap, occupations x tools", lambda: heatmap(programme, by="occupation"), True),
            ("before/after, units x tools (round 1 -> 2)", lambda: before_after(programme), True),
            ("before/after, occupations x tools", lambda: before_after(
                programme, by="occupation"
            ), True),
            ("a manager's heatmap (one department)", lambda: heatmap(
                programme, unit_ids=department
            ), False),
        ]  # fmt: skip
        medians = pg.median_per_view([function for _, function, _ in views], repeats)
    return [
        (name, seconds, target) for (name, _, target), seconds in zip(views, medians, strict=True)
    ]


def main() -> None:
    quick = pg.quick_option(__doc__, "2,000 employees")
    url = pg.database_url("workplace heatmap")
    if url is None:
        return
    employees = 2_000 if quick else 20_000
    try:
        seconds, rows = load(url, employees)
        print(
            f"workplace heatmap on PostgreSQL: {employees:,} employees x {len(TOOLS)} tools, "
            f"{rows:,} self-assessment rows in 2 rounds (loaded with COPY in {seconds:.1f} s)"
        )
        results = measure(url, repeats=3 if quick else 5)
    finally:
        pg.drop_schema(url, SCHEMA)
    scan = results[0][1]
    print(f"{'view':50} {'median ms':>10} {'x scan':>8} {'target':>8}")
    missed = []
    for name, seconds, target in results:
        ratio = seconds / scan
        goal = f"<= {TARGET:.0f}" if target else ""
        print(f"{name:50} {seconds * 1000:10.1f} {ratio:8.1f} {goal:>8}")
        if target and ratio > TARGET:
            missed.append(name)
    print("target met" if not missed else f"target missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
