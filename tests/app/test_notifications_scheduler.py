"""One scheduler process: a lock refuses a second one; jobs run and their last run is shown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.config import _from_environment
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.notices import cli
from mentoring.notices.jobs import JOBS
from mentoring.notices.models import SchedulerJobRun, SchedulerLock
from mentoring.notices.store import SqlRunLog, SqlSchedulerLock
from mentoring.users.roles import Role
from notifications.scheduler import Job, build_scheduler, run_job
from tests.auth import AuthActions
from tests.factories import make_user
from tests.mailbox import SmtpSink
from tests.processes import finish, pause, stop

ROOT = Path(__file__).resolve().parents[2]


def test_lock_is_held_by_one_holder_until_its_heartbeat_lapses(app: Flask) -> None:
    lock = SqlSchedulerLock(db.session)
    now, lease = utcnow(), timedelta(minutes=2)
    assert lock.acquire("first", now, lease)
    assert not lock.acquire("second", now + timedelta(minutes=1), lease)
    assert lock.acquire("first", now + timedelta(minutes=1), lease)  # heartbeat
    assert not lock.acquire("second", now + timedelta(minutes=2), lease)
    assert lock.acquire("second", now + timedelta(minutes=4), lease)  # first died
    assert not lock.acquire("first", now + timedelta(minutes=4), lease)
    lock.release("second")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SchedulerLock)) == 0


def test_jobs_coalesce_run_one_at_a_time_and_forgive_misfires(app: Flask) -> None:
    scheduler = build_scheduler(JOBS, utcnow, app.app_context, SqlRunLog(db.session))
    jobs = scheduler.get_jobs()
    assert {job.id for job in jobs} == {job.name for job in JOBS}
    assert all(job.coalesce and job.max_instances == 1 for job in jobs)
    assert all(job.misfire_grace_time >= 300 for job in jobs)
    assert not scheduler.running


def test_a_job_records_its_last_run_even_when_it_fails(app: Flask) -> None:
    runs = SqlRunLog(db.session)

    def broken(now: object) -> str:
        raise RuntimeError("database on fire")

    run_job(Job("good", lambda now: "3 new", timedelta(minutes=1)), utcnow, app.app_context, runs)
    run_job(Job("bad", broken, timedelta(minutes=1)), utcnow, app.app_context, runs)
    run_job(Job("good", lambda now: "0 new", timedelta(minutes=1)), utcnow, app.app_context, runs)
    rows = {row.job: row for row in db.session.scalars(sa.select(SchedulerJobRun))}
    assert rows["good"].ok and rows["good"].summary == "0 new"
    assert not rows["bad"].ok and "database on fire" in rows["bad"].summary


def test_admin_page_shows_each_jobs_last_run(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    SqlRunLog(db.session).record("find-sessions", utcnow(), utcnow(), True, "4 new")
    make_user(Role.ADMIN, email="a@x.org")
    auth.login("a@x.org")
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "find-sessions" in page and "4 new" in page


def test_creating_the_app_starts_no_scheduler(app: Flask) -> None:
    assert not any("APScheduler" in thread.name for thread in threading.enumerate())


def _flask(
    uri: str, smtp: SmtpSink, *args: str, env_extra: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        **(env_extra or {}),
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": uri,
        "MAIL_SERVER": smtp.host,
        "MAIL_PORT": str(smtp.port),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "mentoring:create_app", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_runs(deadline: float) -> set[str]:
    while time.monotonic() < deadline:
        db.session.rollback()
        done = set(db.session.scalars(sa.select(SchedulerJobRun.job)))
        if {job.name for job in JOBS} <= done:
            return done
        pause(0.2)
    return set(db.session.scalars(sa.select(SchedulerJobRun.job)))


def test_second_scheduler_process_refuses_while_the_first_runs(
    shared_app: Flask, db_uri: str, smtp: SmtpSink
) -> None:
    with _flask(db_uri, smtp, "scheduler") as first:
        try:
            assert _wait_for_runs(time.monotonic() + 30) >= {job.name for job in JOBS}
            with _flask(db_uri, smtp, "scheduler") as second:
                output = finish(second)
            assert second.returncode != 0
            assert "Another scheduler process is running" in output
        finally:
            stop(first)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SchedulerLock)) == 0


def test_the_scheduler_command_takes_its_lease_and_send_interval_from_the_settings(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def run(jobs: list[Job], **options: object) -> None:
        seen.update(options, jobs={job.name: job.every for job in jobs})

    monkeypatch.setattr(cli, "run_scheduler", run)
    monkeypatch.setitem(app.config, "SCHEDULER_LOCK_LEASE_SECONDS", 7)
    monkeypatch.setitem(app.config, "OUTBOX_SEND_EVERY_SECONDS", 3)
    handler = signal.getsignal(signal.SIGTERM)
    try:
        result = app.test_cli_runner().invoke(args=["scheduler"])
    finally:
        signal.signal(signal.SIGTERM, handler)
    assert result.exit_code == 0, result.output
    assert seen["lease"] == timedelta(seconds=7) and seen["stop_on_sigterm"] is True
    assert seen["jobs"] == {
        **{job.name: job.every for job in JOBS},
        "send-outbox": timedelta(seconds=3),
        "purge-retention": timedelta(days=1),  # added by privacy, which sits above notices
    }


def test_an_operator_sets_the_leases_and_batch_size_in_the_environment() -> None:
    environ = {
        "OUTBOX_BATCH_SIZE": "20",
        "OUTBOX_LEASE_SECONDS": "600",
        "SCHEDULER_LOCK_LEASE_SECONDS": "60",
        "OUTBOX_SEND_EVERY_SECONDS": "10",
    }
    assert _from_environment(environ) == {name: int(value) for name, value in environ.items()}
