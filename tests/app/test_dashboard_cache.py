"""The dashboards' figures are computed once and served until a table they read changes.

Every kind of write a dashboard can be changed by (an ORM insert, an attribute update, a bulk
UPDATE, a delete, a delete the database cascades) shows on the next request; a rolled-back one
bumps nothing; a write through another app on the same database (another gunicorn worker) is
seen too. Each computation's declared tables are checked against what it really reads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from mentoring import create_app
from mentoring.activity.events import refresh_last_activity
from mentoring.changes import Cached, cached, read_versions
from mentoring.engagement import dashboards, feedback, reports, retention, views
from mentoring.engagement.feedback import FeedbackFilters
from mentoring.extensions import db
from mentoring.privacy.erasure import erase_person
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Enrollment, Programme
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import make_booking
from tests.clock import T0, Clock
from tests.conftest import base_config
from tests.engagement_factories import add_event, add_feedback, add_outcome
from tests.factories import enrol, make_cohort, make_programme, make_user
from tests.querycount import counting

START = date(2026, 1, 5)


def _person(cohort, gender: str = "woman") -> tuple[User, Enrollment]:  # type: ignore[no-untyped-def]
    user = make_user(Role.PARTICIPANT)
    db.session.add(Profile(user=user, gender=gender))
    enrolment = enrol(user, cohort, started_on=START)
    db.session.commit()
    add_event(user, datetime(2026, 2, 1), cohort=cohort)
    return user, enrolment


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(T0)
    monkeypatch.setattr(views, "utcnow", clock)
    return clock


@pytest.fixture
def setup(app: Flask, clock: Clock):  # type: ignore[no-untyped-def]
    coordinator = make_user(Role.COORDINATOR)
    programme = make_programme(staff=(coordinator,))
    cohort = make_cohort(programme, name="Spring", starts_on=START)
    women = [_person(cohort) for _ in range(6)]
    men = [_person(cohort, "man") for _ in range(5)]
    return coordinator, programme, cohort, women, men


@pytest.fixture
def signed_in(setup, client: FlaskClient, auth: AuthActions):  # type: ignore[no-untyped-def]
    auth.login(setup[0].email)
    return client


def _women(client: FlaskClient, programme_id: int) -> str:
    """The retention table's count of women."""
    page = client.get(f"/engagement/{programme_id}/retention?by=gender").text
    return page.split('<th scope="row">Woman</th>')[1].split("</td>")[0].split("<td>")[1]


def _calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Count the calls of ``module.name`` (a computation's own step)."""
    calls: list[int] = []
    real = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


@pytest.mark.parametrize(
    ("page", "module", "step"),
    [
        ("retention?by=gender", retention, "fit_curve"),
        ("feedback", feedback, "fetch_frame"),
        ("outcomes", reports, "fetch_frame"),
    ],
)
def test_a_second_request_computes_nothing_again(
    setup, signed_in: FlaskClient, monkeypatch: pytest.MonkeyPatch, page: str, module, step: str
) -> None:  # type: ignore[no-untyped-def]
    programme = setup[1]
    calls = _calls(monkeypatch, module, step)
    with counting(db.engine) as first:
        assert signed_in.get(f"/engagement/{programme.id}/{page}").status_code == 200
    computed = len(calls)
    assert computed > 0
    with counting(db.engine) as second:
        again = signed_in.get(f"/engagement/{programme.id}/{page}")
    assert again.status_code == 200 and len(calls) == computed
    assert len(second) < len(first), second.summary()


def _add(cohort, _women, _men) -> None:  # type: ignore[no-untyped-def]
    _person(cohort)


def _change_gender(_cohort, _women, men) -> None:  # type: ignore[no-untyped-def]
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == men[0][0].id))
    profile.gender = "woman"
    db.session.commit()


def _bulk_update(_cohort, _women, men) -> None:  # type: ignore[no-untyped-def]
    db.session.execute(
        sa.update(Profile).where(Profile.user_id == men[0][0].id).values(gender="woman")
    )
    db.session.commit()


def _delete(_cohort, women, _men) -> None:  # type: ignore[no-untyped-def]
    db.session.delete(db.session.get(Enrollment, women[0][1].id))
    db.session.commit()


def _cascade(_cohort, women, _men) -> None:  # type: ignore[no-untyped-def]
    # The database deletes the enrolment and profile (ON DELETE CASCADE), not the ORM.
    db.session.execute(sa.delete(User).where(User.id == women[0][0].id))
    db.session.commit()


@pytest.mark.parametrize(
    ("write", "women_after"),
    [(_add, "7"), (_change_gender, "7"), (_bulk_update, "7"), (_delete, "5"), (_cascade, "5")],
)
def test_each_kind_of_write_shows_on_the_next_request(
    setup, signed_in: FlaskClient, write: Callable[..., None], women_after: str
) -> None:  # type: ignore[no-untyped-def]
    _coordinator, programme, cohort, women, men = setup
    assert _women(signed_in, programme.id) == "6"
    assert _women(signed_in, programme.id) == "6"  # served from the cache
    write(cohort, women, men)
    assert _women(signed_in, programme.id) == women_after


def test_erasing_a_person_shows_in_the_at_risk_list(setup, signed_in: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    programme, women = setup[1], setup[3]
    name = women[0][0].name
    assert name in signed_in.get(f"/engagement/{programme.id}/retention").text
    erase_person(women[0][0].id)
    db.session.commit()
    assert name not in signed_in.get(f"/engagement/{programme.id}/retention").text


def test_feedback_and_outcomes_show_new_rows(setup, signed_in: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    _coordinator, programme, cohort, women, _men = setup
    feedback_url, outcomes_url = (
        f"/engagement/{programme.id}/{p}" for p in ("feedback", "outcomes")
    )
    before = signed_in.get(feedback_url).text
    for user, _e in women[:5]:
        add_feedback(user, cohort, level="too_hard")
    after = signed_in.get(feedback_url).text
    assert after != before and "100%" in after
    rows = signed_in.get(outcomes_url).text
    for user, enrolment in women[:5]:
        add_outcome(user, enrolment, "job", date(2026, 3, 1))
    assert signed_in.get(outcomes_url).text != rows
    host = make_user(Role.MENTOR)
    changed = signed_in.get(outcomes_url).text
    for day, (user, _e) in enumerate(women[:5]):  # a first attended meeting: days to it
        make_booking(host, user, datetime(2026, 2, 2 + day, 10), attendance="attended")
    assert signed_in.get(outcomes_url).text != changed


def test_the_retention_figures_are_kept_per_minute(
    setup, signed_in: FlaskClient, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    programme = setup[1]
    calls = _calls(monkeypatch, retention, "fit_curve")
    signed_in.get(f"/engagement/{programme.id}/retention")
    clock.at += timedelta(seconds=40)  # 09:00:50, the same minute
    signed_in.get(f"/engagement/{programme.id}/retention")
    assert len(calls) == 1
    clock.at += timedelta(seconds=20)  # 09:01:10
    signed_in.get(f"/engagement/{programme.id}/retention")
    assert len(calls) == 2


def test_a_rolled_back_write_bumps_nothing(setup) -> None:  # type: ignore[no-untyped-def]
    cohort, men = setup[2], setup[4]
    reads = dashboards.retention_figures.reads
    before = read_versions(db.session, reads)
    db.session.commit()
    db.session.execute(
        sa.update(Profile).where(Profile.user_id == men[0][0].id).values(gender="woman")
    )
    _person(cohort)  # commits: bumps
    bumped = read_versions(db.session, reads)
    assert bumped != before
    db.session.commit()
    db.session.execute(sa.update(Profile).values(gender="man"))
    db.session.add(Profile(user_id=setup[0].id, gender="woman"))  # the coordinator's
    db.session.flush()
    db.session.rollback()
    assert read_versions(db.session, reads) == bumped
    # Nor does the next transaction bump what the rolled-back one wrote.
    db.session.execute(sa.update(Programme).values(name="Renamed"))
    db.session.commit()
    assert "programmes" not in reads and read_versions(db.session, reads) == bumped


def test_uncommitted_writes_of_the_session_bypass_the_cache(setup) -> None:  # type: ignore[no-untyped-def]
    programme, men = setup[1], setup[4]
    figures = dashboards.retention_figures
    minute = datetime(2026, 6, 1, 12)
    women = {c.label: c.people for c in figures(programme.id, None, "gender", minute).curves}
    db.session.execute(
        sa.update(Profile).where(Profile.user_id == men[0][0].id).values(gender="woman")
    )
    uncommitted = {c.label: c.people for c in figures(programme.id, None, "gender", minute).curves}
    assert uncommitted["woman"] == women["woman"] + 1
    db.session.rollback()
    again = {c.label: c.people for c in figures(programme.id, None, "gender", minute).curves}
    assert again == women


@pytest.fixture
def second_app(app: Flask) -> Iterator[Flask]:
    """Another app on the same database: another gunicorn worker, with a cache of its own."""
    other = create_app(base_config(SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"]))
    yield other
    with other.app_context():
        db.engine.dispose()


@pytest.mark.file_db
def test_a_write_through_another_worker_is_seen(
    setup, signed_in: FlaskClient, second_app: Flask
) -> None:  # type: ignore[no-untyped-def]
    programme, men = setup[1], setup[4]
    assert _women(signed_in, programme.id) == "6"
    man = men[0][0].id
    with second_app.app_context():
        db.session.execute(sa.update(Profile).where(Profile.user_id == man).values(gender="woman"))
        db.session.commit()
        db.session.remove()
    assert _women(signed_in, programme.id) == "7"


# What each computation reads, checked by SQLite itself: every statement it sends is prepared
# again (EXPLAIN) on a connection whose authorizer hears each table a statement reads.
SQLITE_READ = 20


def _tables_read(path: Path, statements: list[tuple[str, Any]]) -> set[str]:
    read: set[str] = set()

    def authorizer(action: int, table: str | None, *_rest: Any) -> int:
        if action == SQLITE_READ and table:
            read.add(table)
        return sqlite3.SQLITE_OK

    connection = sqlite3.connect(path)
    connection.create_function("casefold", 1, str.casefold)
    connection.set_authorizer(authorizer)
    try:
        for statement, parameters in statements:
            connection.execute(f"EXPLAIN {statement}", parameters).fetchall()
    finally:
        connection.close()
    return read


def _undeclared(path: Path, computation: Cached[..., Any], *args: Any) -> set[str]:
    """Tables ``computation`` read that it does not declare."""
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        computation.compute(*args)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert statements
    return _tables_read(path, statements) - set(computation.reads)


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[Path]:
    """An app on a SQLite file of its own, whatever database the suite runs on."""
    path = tmp_path / "reads.sqlite3"
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        yield path
        db.session.remove()
        db.engine.dispose()


def test_each_computation_reads_only_the_tables_it_declares(sqlite_file: Path) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme = make_programme(staff=(coordinator,))
    cohort = make_cohort(programme, starts_on=START)
    people = [_person(cohort) for _ in range(6)]
    host = make_user(Role.MENTOR)
    for user, enrolment in people:
        add_feedback(user, cohort, host=host)
        add_outcome(user, enrolment, "job", date(2026, 3, 1))
    now = datetime(2026, 6, 1, 12)
    for by in (None, "gender", "format", "cohort"):
        for cohort_id in (None, cohort.id):
            found = _undeclared(
                sqlite_file, dashboards.retention_figures, programme.id, cohort_id, by, now
            )
            assert found == set(), (by, cohort_id)
    every_filter = FeedbackFilters(
        cohort_id=cohort.id,
        host_id=host.id,
        role=Role.PARTICIPANT.value,
        gender="woman",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        unit_ids=frozenset({1}),
        occupation_id=1,
        training_id=1,
    )
    for filters in (FeedbackFilters(), every_filter):
        assert _undeclared(sqlite_file, dashboards.feedback_counts, programme.id, filters) == set()
    assert _undeclared(sqlite_file, dashboards.outcome_rows, programme.id) == set()
    # The check sees a table left out of a declaration.
    careless = cached(reads=("cohorts", "enrollments", "user_roles", "outcomes", "pairings"))(
        reports.outcome_rows
    )
    assert _undeclared(sqlite_file, careless, programme.id) == {"bookings"}


def test_a_cascade_into_a_table_the_figures_read_shows(setup, signed_in: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    """Deleting a person deletes their answers (ON DELETE CASCADE): feedback reads no users."""
    _coordinator, programme, cohort, women, _men = setup
    assert "users" not in dashboards.feedback_counts.reads
    for user, _e in women[:5]:
        add_feedback(user, cohort, level="too_hard")
    url = f"/engagement/{programme.id}/feedback"
    assert "100%" in signed_in.get(url).text
    db.session.execute(sa.delete(User).where(User.id == women[0][0].id))
    db.session.commit()
    assert "100%" not in signed_in.get(url).text  # four answers: suppressed


def test_writes_in_a_savepoint_are_bumped_by_the_outer_commit(setup) -> None:  # type: ignore[no-untyped-def]
    men = setup[4]
    reads = dashboards.retention_figures.reads
    before = read_versions(db.session, reads)
    db.session.commit()
    with db.session.begin_nested():
        db.session.execute(
            sa.update(Profile).where(Profile.user_id == men[0][0].id).values(gender="woman")
        )
    db.session.begin_nested()  # left open: commit() releases it first
    db.session.execute(
        sa.update(Profile).where(Profile.user_id == men[1][0].id).values(gender="woman")
    )
    db.session.commit()
    after = read_versions(db.session, reads)
    profiles = reads.index("profiles")
    assert after[profiles] == before[profiles] + 1  # one bump, at the outer commit


def test_an_update_around_the_session_bumps_too(setup) -> None:  # type: ignore[no-untyped-def]
    reads = dashboards.retention_figures.reads
    before = read_versions(db.session, reads)
    db.session.commit()
    with db.engine.begin() as connection:
        refresh_last_activity(connection)
    after = read_versions(db.session, reads)
    assert after[reads.index("enrollments")] == before[reads.index("enrollments")] + 1


def test_an_update_or_delete_that_changes_no_row_bumps_nothing(setup) -> None:  # type: ignore[no-untyped-def]
    reads = dashboards.retention_figures.reads
    db.session.commit()
    before = read_versions(db.session, reads)
    db.session.execute(sa.update(Profile).where(Profile.user_id == -1).values(gender="woman"))
    db.session.execute(sa.delete(Profile).where(Profile.user_id == -1))
    db.session.commit()
    assert read_versions(db.session, reads) == before
    db.session.execute(sa.update(Profile).values(gender="woman"))
    db.session.commit()
    after = read_versions(db.session, reads)
    assert after[reads.index("profiles")] == before[reads.index("profiles")] + 1
