"""Benchmark the engagement dashboards on PostgreSQL against a plain scan of the events.

    python benchmarks/bench_engagement.py [--quick]

Needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL); without it, says so and exits 0.
In a schema of its own (``bench_engagement``, dropped afterwards) it bulk-loads with COPY
100,000 participants and 2,000,000 activity events (--quick: 10,000 / 200,000), with their
cohorts, enrolments, profiles (gender), feedback, outcomes, indicators, attended sessions and
ambassador routes. It then times each dashboard's service calls and prints each as a ratio
to ``SELECT count(*) FROM activity_events`` measured in the same run. The issue's target:
the coordinator (engagement) dashboard within 10x of that scan.
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

SCHEMA = "bench_engagement"
COHORTS = 20
HOSTS = 200
NOW = datetime(2026, 11, 1, 12)
FIRST_START = date(2025, 1, 6)
GENDERS = np.array(["woman", "man", "non_binary", ""])
END_REASONS = np.array(["dropped_out", "completed", "job", "studies"])
TOOLS = np.array(["Outlook", "Teams", "Excel", "Payroll app", "AWS console"])


def _people(rng: np.random.Generator, n: int) -> dict[str, pd.DataFrame]:
    ids = np.arange(1, n + 1)
    hosts = np.arange(n + 1, n + HOSTS + 1)
    coordinator = n + HOSTS + 1
    every = np.concatenate([ids, hosts, [coordinator]])
    users = pg.users_frame(every, "p{}@bench.example", "Person {}", locale="en", created_at=NOW)
    roles = pd.concat(
        [
            pd.DataFrame({"user_id": ids, "role": "participant"}),
            pd.DataFrame({"user_id": hosts, "role": "mentor"}),
            pd.DataFrame({"user_id": hosts[::2], "role": "ambassador"}),
            pd.DataFrame({"user_id": [coordinator], "role": "coordinator"}),
        ]
    )
    profiles = pd.DataFrame(
        {
            "id": ids,
            "user_id": ids,
            "bio": "",
            "goals": "[]",
            "goal_field": "",
            "interests": "[]",
            "meeting_format": "either",
            "capacity": 1,
            "availability": "[]",
            "gender": pd.Series(rng.choice(GENDERS, n, p=[0.48, 0.44, 0.03, 0.05])).replace(
                "", None
            ),
            "same_gender_mentor": False,
            "updated_at": NOW,
        }
    )
    cohort = ids % COHORTS + 1
    cohort_start = pd.Timestamp(FIRST_START) + pd.to_timedelta((cohort - 1) * 14, unit="D")
    started = cohort_start + pd.to_timedelta(rng.integers(0, 14, n), unit="D")
    # Engaged for an exponential number of days; 40% have an ended enrolment.
    engaged = rng.exponential(90, n)
    ends = rng.random(n) < 0.4
    ended = (started + pd.to_timedelta(np.ceil(engaged) + 1, unit="D")).where(ends)
    ended = ended.where(ended < pd.Timestamp(NOW))
    enrolments = pd.DataFrame(
        {
            "id": ids,
            "cohort_id": cohort,
            "user_id": ids,
            "started_on": started.date,
            "ended_on": pd.Series(ended).dt.date,
            "end_reason": np.where(
                pd.Series(ended).notna(), rng.choice(END_REASONS, n, p=[0.4, 0.3, 0.2, 0.1]), None
            ),
        }
    )
    return {
        "users": users,
        "user_roles": roles,
        "profiles": profiles,
        "enrollments": enrolments,
        "_engaged": pd.DataFrame({"days": engaged, "started": started}),
    }


def _events(rng: np.random.Generator, people: dict[str, pd.DataFrame], total: int) -> pd.DataFrame:
    engaged = people["_engaged"]
    weights = engaged["days"].to_numpy() + 1
    user = rng.choice(len(engaged), total, p=weights / weights.sum())
    offset = rng.random(total) * engaged["days"].to_numpy()[user]
    at = engaged["started"].to_numpy()[user] + pd.to_timedelta(offset * 86400, unit="s")
    at = np.minimum(at, np.datetime64(NOW))
    kinds = np.array(["login", "profile_update", "session_booked", "check_in_answered"])
    return pd.DataFrame(
        {
            "user_id": user + 1,
            "kind": rng.choice(kinds, total, p=[0.6, 0.1, 0.2, 0.1]),
            "at": at,
            "programme_id": 1,
            "cohort_id": (user + 1) % COHORTS + 1,
        }
    )


def _activity_tables(rng: np.random.Generator, n: int) -> dict[str, pd.DataFrame]:
    ids = np.arange(1, n + 1)
    hosts = rng.integers(n + 1, n + HOSTS + 1, n)
    session_start = pd.Timestamp(FIRST_START) + pd.to_timedelta(ids, unit="h")
    bookings = pd.DataFrame(
        {
            "host_id": hosts,
            "participant_id": ids,
            "starts_at": session_start,
            "ends_at": session_start + pd.Timedelta(hours=1),
            "status": "active",
            "topic": "Mentoring",
            "place": "",
            "video_link": "",
            "attendance": "attended",
            "cancel_reason": "",
            "sequence": 0,
            "created_at": NOW,
            "updated_at": NOW,
        }
    )
    answered = rng.random(n) < 0.7
    scores = {q: rng.integers(1, 6, n)[answered] for q in SCALE}
    feedback = pd.DataFrame(
        {
            "user_id": ids[answered],
            "programme_id": 1,
            "cohort_id": ids[answered] % COHORTS + 1,
            "booking_id": ids[answered],
            "module": "Mentoring",
            "host_id": hosts[answered],
            "level": rng.choice(["too_easy", "just_right", "too_hard"], answered.sum()),
            **scores,
            "comment": "",
            "answered_at": session_start[answered] + pd.Timedelta(hours=2),
        }
    )
    reached = rng.random(n) < 0.2
    outcomes = pd.DataFrame(
        {
            "user_id": ids[reached],
            "programme_id": 1,
            "enrolment_id": ids[reached],
            "kind": rng.choice(["job_full", "job_part", "internship", "studies"], reached.sum()),
            "achieved_on": (session_start[reached] + pd.Timedelta(days=60)).date,
            "source": "coordinator",
            "created_at": NOW,
        }
    )
    indicators = pd.DataFrame(
        {
            "enrolment_id": ids,
            "stage": "entry",
            "labour_status": rng.choice(["unemployed", "long_term_unemployed", "inactive"], n),
            "age_band": rng.choice(["18-24", "25-54", "55+"], n),
            "education_level": rng.choice(["primary", "secondary", "tertiary"], n),
            "recorded_at": NOW,
        }
    )
    learners = ids[rng.random(n) < 0.1]
    routes = pd.DataFrame(
        {
            "programme_id": 1,
            "learner_id": learners,
            "ambassador_id": rng.integers(n + 1, n + HOSTS + 1, len(learners)) // 2 * 2 + 1,
            "tool": rng.choice(TOOLS, len(learners)),
            "level_before": rng.integers(0, 4, len(learners)),
            "goal": 3,
            "score": 0.5,
            "reasons": "[]",
            "status": "open",
            "created_at": NOW,
        }
    )
    routes["ambassador_id"] = np.clip(routes["ambassador_id"], n + 1, n + HOSTS)
    return {
        "bookings": bookings,
        "feedback_answers": feedback,
        "outcomes": outcomes,
        "enrolment_indicators": indicators,
        "ambassador_routes": routes,
    }


SCALE = ("motivated", "method_good", "relevant", "will_use")


def load(url: str, participants: int, events: int) -> float:
    """Create the schema and its tables, and COPY the data in; return the seconds it took."""
    import sqlalchemy as sa

    from mentoring.activity.events import refresh_last_activity
    from mentoring.config import normalise_database_url

    started = time.perf_counter()
    rng = np.random.default_rng(7)
    engine = sa.create_engine(normalise_database_url(pg.schema_url(url, SCHEMA)))
    with engine.begin() as connection:
        pg.create_schema(connection, SCHEMA)
        connection.execute(
            sa.text(
                "INSERT INTO programmes (id, name, description, languages, skill_catalogue,"
                " tool_goals, default_meeting_format, timezone, created_at) VALUES (1, 'Bench',"
                " '', '[]', '[]', '{}', 'either', 'Europe/Stockholm', :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            sa.text(
                "INSERT INTO cohorts (id, programme_id, name, starts_on)"
                " SELECT i, 1, 'Cohort ' || lpad(i::text, 2, '0'),"
                " CAST(:first AS date) + (i - 1) * 14 FROM generate_series(1, :n) AS i"
            ),
            {"first": FIRST_START, "n": COHORTS},
        )
    people = _people(rng, participants)
    tables = {**people, "activity_events": _events(rng, people, events)}
    tables.update(_activity_tables(rng, participants))
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        for table, frame in tables.items():
            if not table.startswith("_"):
                pg.copy_frame(connection, table, frame)
        coordinator = participants + HOSTS + 1
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO programme_staff (programme_id, user_id) VALUES (1, %s)",
                (coordinator,),
            )
            for table in ("users", "profiles", "enrollments", "outcomes"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT max(id) FROM {table}))"
                )
        connection.commit()
    finally:
        raw.close()
    # COPY bypasses the app: fill each enrolment's last activity as recording events does.
    with engine.begin() as connection:
        refresh_last_activity(connection)
    raw = engine.raw_connection()
    try:
        raw.driver_connection.autocommit = True
        with raw.driver_connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        raw.close()
    engine.dispose()
    return time.perf_counter() - started


def measure(url: str, repeats: int) -> list[tuple[str, float]]:
    """Median seconds of the scan and of each dashboard's service calls."""
    import sqlalchemy as sa

    from mentoring.engagement import funder, reports, retention
    from mentoring.engagement.feedback import FeedbackFilters, feedback_shares
    from mentoring.extensions import db

    app = pg.app_on_schema(url, SCHEMA)

    def engagement() -> None:
        frame = retention.engagement_frame(1, NOW)
        retention.curves(frame, None)
        retention.retention_table(frame)
        retention.at_risk(1, NOW, frame=frame)  # as the page does

    def by_gender() -> None:
        retention.curves(retention.engagement_frame(1, NOW, by="gender"), "gender")

    views: list[tuple[str, Callable[[], object]]] = [
        ("SELECT count(*) FROM activity_events", lambda: db.session.scalar(
            sa.text("SELECT count(*) FROM activity_events")
        )),
        ("engagement (retention, cohort table, at risk)", engagement),
        ("engagement split by gender", by_gender),
        ("feedback, no filter", lambda: feedback_shares(1, FeedbackFilters())),
        ("feedback, gender and cohort", lambda: feedback_shares(
            1, FeedbackFilters(cohort_id=3, gender="woman")
        )),
        ("outcomes", lambda: reports.outcome_rows(1)),
        ("ambassadors", lambda: reports.ambassador_rows(1)),
        ("funder report, one year", lambda: funder.funder_report(
            1, date(2025, 11, 1), date(2026, 10, 31)
        )),
    ]  # fmt: skip
    with app.test_request_context():
        medians = pg.median_per_view([function for _, function in views], repeats)
    return [(name, seconds) for (name, _), seconds in zip(views, medians, strict=True)]


def main() -> None:
    quick = pg.quick_option(__doc__, "10,000 people, 200,000 events")
    url = pg.database_url("engagement dashboards")
    if url is None:
        return
    participants, events = (10_000, 200_000) if quick else (100_000, 2_000_000)
    try:
        seconds = load(url, participants, events)
        print(
            f"engagement dashboards on PostgreSQL: {participants:,} participants, "
            f"{events:,} activity events (loaded with COPY in {seconds:.1f} s)"
        )
        results = measure(url, repeats=3 if quick else 5)
    finally:
        pg.drop_schema(url, SCHEMA)
    scan = results[0][1]
    print(f"{'view':50} {'median ms':>10} {'x scan':>8}")
    for name, seconds in results:
        print(f"{name:50} {seconds * 1000:10.1f} {seconds / scan:8.1f}")
    ratio = results[1][1] / scan
    verdict = "meets" if ratio <= 10 else "misses"
    print(f"coordinator dashboard: {ratio:.1f}x the scan ({verdict} the target of 10x)")


if __name__ == "__main__":
    main()
