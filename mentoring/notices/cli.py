"""``flask scheduler``, ``flask send-outbox`` and ``flask find-due``."""

from __future__ import annotations

import signal
import sys
import time
from datetime import datetime, timedelta

import click
from flask import Flask, current_app

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.notices.jobs import configured_jobs, find_due, worker_name
from mentoring.notices.services import send_outbox
from mentoring.notices.store import SqlRunLog, SqlSchedulerLock
from notifications.scheduler import AnotherSchedulerRunning, run_scheduler


@click.command("scheduler")
def scheduler_command() -> None:
    """Run the one scheduler process (refuses to start while another one runs)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    # Service managers stop processes with SIGTERM; exit through the code that frees the lock.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        run_scheduler(
            configured_jobs(app),
            holder=worker_name("scheduler"),
            lock=_Lock(),
            clock=utcnow,
            context=app.app_context,
            runs=_Runs(),
            lease=timedelta(seconds=int(app.config["SCHEDULER_LOCK_LEASE_SECONDS"])),
            stop_on_sigterm=True,
        )
    except AnotherSchedulerRunning as error:
        raise click.ClickException(str(error)) from error
    except (KeyboardInterrupt, SystemExit):
        pass


def _exit_on_signal(signum: int, frame: object) -> None:
    sys.exit(0)


class _Lock:
    """Bind the lock to the session of whichever app context is current."""

    def acquire(self, holder: str, now: datetime, lease: timedelta) -> bool:
        return SqlSchedulerLock(db.session).acquire(holder, now, lease)

    def release(self, holder: str) -> None:
        SqlSchedulerLock(db.session).release(holder)


class _Runs:
    def record(
        self, job: str, started_at: datetime, finished_at: datetime, ok: bool, summary: str
    ) -> None:
        SqlRunLog(db.session).record(job, started_at, finished_at, ok, summary)


@click.command("send-outbox")
@click.option("--loop", is_flag=True, help="Keep sending every few seconds.")
@click.option("--every", default=10.0, show_default=True, help="Seconds between rounds.")
def send_outbox_command(loop: bool, every: float) -> None:
    """Deliver the outbox's due messages (once, or in a loop)."""
    while True:
        report = send_outbox(worker=worker_name("send-outbox"))
        click.echo(
            f"sent {report.sent}, retry {report.retried}, failed {report.failed}, "
            f"skipped {report.skipped}"
        )
        if not loop:
            return
        time.sleep(every)


@click.command("find-due")
def find_due_command() -> None:
    """Run every due-finder once and queue what is due."""
    click.echo(f"{find_due(utcnow())} new messages queued.")


def init_app(app: Flask) -> None:
    for command in (scheduler_command, send_outbox_command, find_due_command):
        app.cli.add_command(command)
